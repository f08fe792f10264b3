"""Public pages for the référentiel (enjeu, service) and the list of collectivities."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from . import collectivity_directory, listings
from .models import CollectivityKind, Enjeu, Service


def enjeu_detail(request, slug):
    enjeu = get_object_or_404(Enjeu.objects.select_related("category"), slug=slug)
    return render(request, "initiatives/enjeu_detail.html", listings.enjeu_context(request, enjeu))


def service_detail(request, slug):
    service = get_object_or_404(Service.objects.select_related("enjeu__category"), slug=slug)
    return render(
        request, "initiatives/service_detail.html", listings.service_context(request, service)
    )


def enjeu_list(request):
    categories = listings.enjeux_by_category()
    return render(request, "initiatives/enjeu_list.html", {"categories": categories})


KIND_FILTERS = [
    ("", _("Toutes")),
    (CollectivityKind.VILLAGE, _("Villages")),
    (CollectivityKind.VILLE, _("Villes")),
    (CollectivityKind.INTERCOMMUNALITE, _("Intercommunalités")),
]


def collectivity_list(request):
    """The directory: its list is kept per state of the data and address
    (``published_fragment``), its cards and counts computed only on a miss."""
    filters = collectivity_directory.DirectoryFilters.from_querydict(request.GET)
    context = collectivity_directory.directory_context(filters, KIND_FILTERS)
    context.update(published_only=True, directory_address=request.get_full_path())
    return render(request, "initiatives/collectivity_list.html", context)
