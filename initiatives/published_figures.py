"""The counts the public pages show (sheets on the home page, per enjeu, per service,
collectivities), computed once per state of the published data and shared by every worker
through the cache.

Counted over 100,000 sheets on each request, they took most of the home page, /enjeux/ and
the enjeu and service pages (hundreds of milliseconds on either database). The state is
the search data version (``search.facets.version_token``), which every publication,
unpublication, move, restriction or edit of the référentiel changes: a count is never
served for data that changed since, and drafts or restricted sheets are never counted.
"""

import dataclasses

from django.db.models import Count

from .data_fragments import cached_value
from .models import ActionSheetPage, CollectivityPage


@dataclasses.dataclass(frozen=True)
class PublishedFigures:
    sheets: int
    collectivities: int
    by_enjeu: dict[int, int]  # enjeu id -> published sheets classed under one of its services
    by_service: dict[int, int]  # service id -> published sheets

    def of_enjeu(self, enjeu_id: int) -> int:
        return self.by_enjeu.get(enjeu_id, 0)

    def of_service(self, service_id: int) -> int:
        return self.by_service.get(service_id, 0)


def _count() -> PublishedFigures:
    published = ActionSheetPage.objects.live().public()
    links = ActionSheetPage.services.through.objects.filter(
        actionsheetpage__in=published.values("pk")
    )
    by_service = dict(
        links.order_by().values_list("service_id").annotate(n=Count("actionsheetpage_id"))
    )
    # A sheet with two services of one enjeu counts once for it.
    by_enjeu = dict(
        links.order_by()
        .values_list("service__enjeu_id")
        .annotate(n=Count("actionsheetpage_id", distinct=True))
    )
    return PublishedFigures(
        sheets=published.count(),
        collectivities=CollectivityPage.objects.live().public().count(),
        by_enjeu=by_enjeu,
        by_service=by_service,
    )


def published_figures() -> PublishedFigures:
    """The figures of the current state of the data: one cache read when warm."""
    return cached_value("published-figures", (), _count)
