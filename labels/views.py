"""The label's JSON API: an edition's figures, only once its palmarès is public."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import palmares
from .models import LabelEditionPage


@require_GET
def edition_api(request, year):
    edition = LabelEditionPage.objects.revealed().filter(year=year).first()
    if edition is None:
        # The same answer for an unknown year and an embargoed one: nothing leaks.
        return JsonResponse(
            {"error": _("Aucun palmarès publié pour le label %(year)s.") % {"year": year}},
            status=404,
        )
    return JsonResponse(palmares.edition_summary(edition))
