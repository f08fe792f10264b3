"""Which sheets a dossier may present, and why (shown next to each sheet in the form)."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from initiatives.models import ActionSheetPage, ActionStatus
from labels.campaign import eligibility_start


@dataclass(frozen=True)
class Eligibility:
    sheet: ActionSheetPage
    eligible: bool
    reason: str


def _day(value) -> str:
    return date_format(value, "j F Y")


def sheet_eligibility(sheet, edition) -> Eligibility:
    """Eligible: published, and dated within the two years before the closing date, or an
    action still running whose status was confirmed within them."""
    start, close = eligibility_start(edition), edition.applications_close
    if not sheet.live:
        return Eligibility(sheet, False, _("Non éligible : la fiche n'est pas publiée."))
    if start <= sheet.date <= close:
        return Eligibility(
            sheet,
            True,
            _("Éligible : datée du %(date)s, dans les deux ans avant la clôture du %(close)s.")
            % {"date": _day(sheet.date), "close": _day(close)},
        )
    # Confirmed by an agent, not inferred: a publication says nothing of the action today.
    updated = sheet.status_confirmed_on
    if sheet.action_status == ActionStatus.RUNNING and updated and start <= updated:
        return Eligibility(
            sheet,
            True,
            _("Éligible : action en cours, état confirmé le %(date)s.") % {"date": _day(updated)},
        )
    if sheet.date > close:
        reason = _("Non éligible : datée du %(date)s, après la clôture du %(close)s.")
    elif sheet.action_status == ActionStatus.RUNNING:
        reason = _(
            "Non éligible : datée du %(date)s, plus de deux ans avant la clôture du %(close)s. "
            "Si l'action est toujours en cours, confirmez son état depuis votre tableau de bord."
        )
    else:
        reason = _(
            "Non éligible : datée du %(date)s, plus de deux ans avant la clôture du %(close)s, "
            "et l'action n'est plus en cours."
        )
    return Eligibility(sheet, False, reason % {"date": _day(sheet.date), "close": _day(close)})


def candidate_sheets(collectivity, edition) -> list[Eligibility]:
    """The collectivity's published sheets, most recent first, each with its eligibility."""
    sheets = (
        ActionSheetPage.objects.live()
        .filter(collectivity_id=collectivity.pk)
        .order_by("-date", "title")
    )
    return [sheet_eligibility(sheet, edition) for sheet in sheets]
