"""Admin-only helpers: the geography lookup behind the code field, the référentiel delete guard."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from wagtail.admin import messages

from . import geography
from .models import ActionSheetPage, Category, CollectivityKind, Enjeu, Service

SHEET_LISTING_NAME = "fiches-actions"


@require_GET
def geography_lookup(request, code):
    """What the code officiel géographique says about a commune code or an EPCI SIREN.

    The editor's script uses it to fill the fields the user left empty; the page's own
    validation (apply_official_geography) stays the authority when the form is saved.
    """
    place = geography.lookup(code)
    if place is None:
        return JsonResponse(
            {
                "error": _(
                    "Code inconnu : « %(code)s » n'est ni le code INSEE d'une commune ni le "
                    "SIREN d'une intercommunalité."
                )
                % {"code": geography.normalize_code(code)}
            },
            status=404,
        )
    departement_name = geography.departement_name(place.departement)
    summary = _("%(name)s (%(departement)s), %(population)s habitants") % {
        "name": place.name,
        "departement": departement_name or place.departement,
        "population": intcomma(place.population, use_l10n=True),
    }
    if place.members:
        summary += ngettext(", %(count)s commune", ", %(count)s communes", len(place.members)) % {
            "count": len(place.members)
        }
    return JsonResponse(
        {
            "code": place.code,
            "name": place.name,
            "kind": place.kind,
            "kind_label": str(CollectivityKind(place.kind).label),
            "population": place.population,
            "departement": place.departement,
            "departement_name": departement_name,
            "region": place.region,
            "region_name": geography.region_name(place.region),
            "members": list(place.members),
            "summary": summary,
        }
    )


def _reason_not_to_delete(term):
    """Why this référentiel term must stay, in French, or None if it can go."""
    if isinstance(term, Service):
        count = ActionSheetPage.services.through.objects.filter(service=term).count()
        if count:
            return ngettext(
                "Le service « %(name)s » n'a pas été supprimé : %(count)s fiche action "
                "l'utilise. Retirez-le de cette fiche, ou renommez-le plutôt.",
                "Le service « %(name)s » n'a pas été supprimé : %(count)s fiches actions "
                "l'utilisent. Retirez-le de ces fiches, ou renommez-le plutôt.",
                count,
            ) % {"name": term.name, "count": count}
    elif isinstance(term, Enjeu):
        count = term.services.count()
        if count:
            return ngettext(
                "L'enjeu « %(name)s » n'a pas été supprimé : il contient encore "
                "%(count)s service. Déplacez ou supprimez ce service d'abord.",
                "L'enjeu « %(name)s » n'a pas été supprimé : il contient encore "
                "%(count)s services. Déplacez ou supprimez ces services d'abord.",
                count,
            ) % {"name": term.name, "count": count}
    elif isinstance(term, Category):
        count = term.enjeux.count()
        if count:
            return ngettext(
                "La catégorie « %(name)s » n'a pas été supprimée : elle contient encore "
                "%(count)s enjeu. Déplacez ou supprimez cet enjeu d'abord.",
                "La catégorie « %(name)s » n'a pas été supprimée : elle contient encore "
                "%(count)s enjeux. Déplacez ou supprimez ces enjeux d'abord.",
                count,
            ) % {"name": term.name, "count": count}
    return None


def refuse_deleting_terms_in_use(request, instances):
    """``before_delete_snippet`` hook: a term still in use is never deleted.

    Services are linked to sheets through a many-to-many relation, which Django would
    silently empty; enjeux and catégories are PROTECT foreign keys, which would otherwise
    end in a server error from the bulk delete.
    """
    refused = [(term, reason) for term in instances if (reason := _reason_not_to_delete(term))]
    if not refused:
        return None
    for term, reason in refused:
        buttons = []
        if isinstance(term, Service):
            sheets_url = reverse(f"{SHEET_LISTING_NAME}:index") + f"?service={term.pk}"
            buttons.append(messages.button(sheets_url, _("Voir les fiches")))
        messages.error(request, reason, buttons=buttons)
    if len(instances) > len(refused):
        # A bulk delete is all or nothing: say so for the terms that could have gone.
        messages.warning(
            request,
            _("Aucun élément de la sélection n'a été supprimé. Retirez-en les termes utilisés."),
        )
    return redirect(refused[0][0].snippet_viewset.get_url_name("list"))
