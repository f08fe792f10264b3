"""Shared set-up of the jury's tests: an edition whose applications closed yesterday and
whose jury meets today, two deposited dossiers (Saint-Malo, labelled 5 @ three times before,
qualifies for excellence; Rennes does not), a draft dossier, the jurors, and one account
per other role. Dates are relative to today: the rules are about "from the closing date"."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from labels.jury.roles import attach_juror
from labels.models import DossierStatus, LabelEditionPage, Participation

from .factories import make_collectivity, make_sheet
from .role_helpers import PASSWORD, make_agent, make_user
from .test_labels_models import label_index, make_award, make_edition

SECRET_COMMENT = "Commentaire-huis-clos-zx81"


@dataclass
class JuryWorld:
    edition: object
    earlier_edition: object
    other_edition: object
    saint_malo: object
    rennes: object
    vitre: object
    malo_dossier: object
    rennes_dossier: object
    draft_dossier: object
    juror: object
    juror_two: object
    president: object
    other_juror: object
    editor: object
    moderator: object
    agent: object


def with_password(user):
    user.set_password(PASSWORD)
    user.first_name, user.last_name = user.username.split("@")[0].capitalize(), "Fictif"
    user.save()
    return user


def seat(email, edition, president=False):
    juror, _created = attach_juror(email, edition, president=president)
    return with_password(juror.user)


def submitted(edition, collectivity, sheets=(), status=DossierStatus.DEPOSITED):
    participation = Participation(edition=edition, collectivity=collectivity, status=status)
    participation.sheets = list(sheets)
    if status != DossierStatus.DRAFT:
        participation.deposited_at = timezone.now() - datetime.timedelta(days=3)
    participation.save()
    return participation


def make_jury_edition(year, *, close, ceremony_in_days=30):
    """An edition whose applications close on ``close`` and whose jury meets the day after
    (or today, if that is later); the ceremony is ``ceremony_in_days`` from now."""
    today = timezone.localdate()
    page = LabelEditionPage(
        title=f"Label {year}",
        slug=str(year),
        year=year,
        number=year - 1999,
        applications_open=close - datetime.timedelta(days=120),
        applications_close=close,
        jury_date=max(today, close + datetime.timedelta(days=1)),
        ceremony_at=timezone.now() + datetime.timedelta(days=ceremony_in_days),
        ceremony_place="Albi",
    )
    label_index().add_child(instance=page)
    page.save_revision().publish()
    return page


def build_jury_world(*, closes_in_days=-1, ceremony_in_days=30, services=()) -> JuryWorld:
    today = timezone.localdate()
    close = today + datetime.timedelta(days=closes_in_days)
    year = today.year + 1
    edition = make_jury_edition(year, close=close, ceremony_in_days=ceremony_in_days)
    saint_malo = make_collectivity("35288", "Saint-Malo")
    rennes = make_collectivity("35238", "Rennes")
    vitre = make_collectivity("35360", "Vitré")
    earlier = None
    for earlier_year in (2020, 2021, 2022):
        earlier = make_edition(earlier_year)
        make_award(earlier, saint_malo, 5)
        make_award(earlier, rennes, 3)
    other = make_jury_edition(year + 1, close=today + datetime.timedelta(days=300))
    services = list(services)
    dated = close - datetime.timedelta(days=10)
    malo_sheets = [
        make_sheet(saint_malo, "Un fablab au port", services=services[:1], date=dated),
        make_sheet(saint_malo, "Le wifi public des remparts", services=services[1:2], date=dated),
    ]
    rennes_sheets = [
        make_sheet(rennes, "La carte des services rennais", services=services[:1], date=dated)
    ]
    return JuryWorld(
        edition=edition,
        earlier_edition=earlier,
        other_edition=other,
        saint_malo=saint_malo,
        rennes=rennes,
        vitre=vitre,
        malo_dossier=submitted(edition, saint_malo, malo_sheets),
        rennes_dossier=submitted(edition, rennes, rennes_sheets),
        draft_dossier=submitted(edition, vitre, status=DossierStatus.DRAFT),
        juror=seat("alix@jury.example", edition),
        juror_two=seat("basile@jury.example", edition),
        president=seat("camille@jury.example", edition, president=True),
        other_juror=seat("dominique@jury.example", other),
        editor=make_user("editeur@villes-internet.net", "Editors"),
        moderator=make_user("moderatrice@villes-internet.net", "Moderators"),
        agent=make_agent("agent@saint-malo.fr", saint_malo),
    )
