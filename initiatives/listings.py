"""Querysets behind the public pages: only live, public sheets, prefetched for listing."""

from django.db.models import Count, Prefetch, Q

from .models import ActionSheetPage, Category, CollectivityPage, Enjeu, Service

SHEETS_PER_PAGE = 24


def published_sheets():
    """Live sheets outside any view restriction, ready to list without extra queries."""
    return (
        ActionSheetPage.objects.live()
        .public()
        .select_related("collectivity")
        .prefetch_related(Prefetch("services", queryset=Service.objects.select_related("enjeu")))
        .order_by("-date", "-pk")
    )


def published_collectivities():
    return CollectivityPage.objects.live().public()


def sheets_of_enjeu(enjeu: Enjeu):
    # A subquery rather than a join, so a sheet with two services of the enjeu is listed once.
    matching = ActionSheetPage.objects.filter(services__enjeu=enjeu).values("pk")
    return published_sheets().filter(pk__in=matching)


def sheets_of_service(service: Service):
    matching = ActionSheetPage.objects.filter(services=service).values("pk")
    return published_sheets().filter(pk__in=matching)


def enjeux_with_counts():
    """Enjeux with the number of published sheets classed under one of their services."""
    live_ids = ActionSheetPage.objects.live().public().values("pk")
    return Enjeu.objects.select_related("category").annotate(
        sheet_count=Count(
            "services__action_sheets",
            filter=Q(services__action_sheets__in=live_ids),
            distinct=True,
        )
    )


def home_page_context(home_page) -> dict:
    enjeux = list(enjeux_with_counts())
    categories = []
    for category in Category.objects.all():
        members = [enjeu for enjeu in enjeux if enjeu.category_id == category.pk]
        if members:
            categories.append({"category": category, "enjeux": members})
    return {
        "categories": categories,
        "latest_sheets": published_sheets()[:6],
        "sheet_count": ActionSheetPage.objects.live().public().count(),
        "collectivity_count": published_collectivities().count(),
    }
