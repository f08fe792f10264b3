"""An edition's campaign, read from its calendar: one function says where it stands.

à venir → candidatures ouvertes (opening day to closing day, both included) → instruction
(closed, the jury at work) → délibéré (the president closed the deliberation, the ceremony
is still to come) → palmarès dévoilé (from the ceremony on).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A sheet is presented for what it did recently: dated within this many years before the
# closing date, or an action still running whose status was confirmed within them.
ELIGIBILITY_YEARS = 2


class CampaignState(models.TextChoices):
    UPCOMING = "upcoming", _("à venir")
    OPEN = "open", _("candidatures ouvertes")
    INSTRUCTION = "instruction", _("instruction")
    DELIBERATED = "deliberated", _("délibéré")
    REVEALED = "revealed", _("palmarès dévoilé")


STATE_HINTS = {
    CampaignState.UPCOMING: _("Les candidatures ne sont pas encore ouvertes."),
    CampaignState.OPEN: _("Les collectivités déposent leur dossier."),
    CampaignState.INSTRUCTION: _("Les candidatures sont closes : le jury est à l'œuvre."),
    CampaignState.DELIBERATED: _("Le jury a délibéré : le palmarès sera dévoilé à la cérémonie."),
    CampaignState.REVEALED: _("Le palmarès est dévoilé."),
}


def campaign_state(edition, now: datetime | None = None) -> CampaignState:
    """Where the campaign of ``edition`` stands at ``now`` (the only place that decides)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if edition.ceremony_at and edition.ceremony_at <= now:
        return CampaignState.REVEALED
    if today < edition.applications_open:
        return CampaignState.UPCOMING
    if today <= edition.applications_close:
        return CampaignState.OPEN
    if edition.deliberation_closed_at is not None:
        return CampaignState.DELIBERATED
    return CampaignState.INSTRUCTION


@dataclass(frozen=True)
class CampaignStatus:
    state: CampaignState
    edition: object

    @property
    def label(self) -> str:
        return self.state.label

    @property
    def hint(self) -> str:
        return STATE_HINTS[self.state]

    @property
    def is_open(self) -> bool:
        return self.state == CampaignState.OPEN


def eligibility_start(edition) -> date:
    """The first day a sheet may be dated to be presented to ``edition``."""
    close = edition.applications_close
    try:
        return close.replace(year=close.year - ELIGIBILITY_YEARS)
    except ValueError:  # 29 February
        return close.replace(year=close.year - ELIGIBILITY_YEARS, day=28)


def agent_may_edit(participation, now: datetime | None = None) -> bool:
    """An agent amends the dossier while applications are open; a dossier sent back as
    incomplete may still be completed until the jury date."""
    from .models import DossierStatus

    edition = participation.edition
    if campaign_state(edition, now) == CampaignState.OPEN:
        return True
    today = timezone.localdate(now or timezone.now())
    return (
        participation.status == DossierStatus.INCOMPLETE
        and edition.jury_date is not None
        and today <= edition.jury_date
        and campaign_state(edition, now) == CampaignState.INSTRUCTION
    )
