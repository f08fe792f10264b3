"""Public pages for the référentiel (enjeu, service) and the list of collectivities."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from . import listings
from .models import CollectivityKind, Enjeu, Service


def _page_of(request, queryset, per_page=listings.SHEETS_PER_PAGE):
    # get_page() turns a missing, non-numeric or out-of-range page into a valid one.
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def enjeu_detail(request, slug):
    enjeu = get_object_or_404(Enjeu.objects.select_related("category"), slug=slug)
    return render(
        request,
        "initiatives/enjeu_detail.html",
        {
            "enjeu": enjeu,
            "services": enjeu.services.all(),
            "page_obj": _page_of(request, listings.sheets_of_enjeu(enjeu)),
        },
    )


def service_detail(request, slug):
    service = get_object_or_404(Service.objects.select_related("enjeu__category"), slug=slug)
    return render(
        request,
        "initiatives/service_detail.html",
        {
            "service": service,
            "page_obj": _page_of(request, listings.sheets_of_service(service)),
        },
    )


def enjeu_list(request):
    return render(
        request,
        "initiatives/enjeu_list.html",
        {"home": listings.home_page_context(None)},
    )


def collectivity_list(request):
    collectivities = listings.published_collectivities().order_by("title")
    kind = request.GET.get("type")
    if kind in CollectivityKind.values:
        collectivities = collectivities.filter(kind=kind)
    else:
        kind = ""
    return render(
        request,
        "initiatives/collectivity_list.html",
        {
            "page_obj": _page_of(request, collectivities, per_page=60),
            "kinds": CollectivityKind.choices,
            "current_kind": kind,
        },
    )
