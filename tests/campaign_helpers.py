"""Shared set-up of the campaign tests: the role world of role_helpers, plus an edition
whose applications are open today, one closed yesterday, and sheets dated for them."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from labels.models import LabelEditionPage, Participation

from .factories import make_sheet
from .role_helpers import World, build_world
from .test_labels_models import make_edition

OPEN_YEAR, CLOSED_YEAR = 2091, 2090


@dataclass
class Campaign:
    world: World
    open: LabelEditionPage
    closed: LabelEditionPage
    a_recent: object  # Saint-Malo, dated within the two years: eligible
    a_old: object  # Saint-Malo, dated four years ago, never confirmed: not eligible
    b_dossier: Participation  # Rennes, deposited in the open edition


def make_campaign_edition(year, *, opens, closes, jury, ceremony, live=True):
    return make_edition(
        year,
        ceremony_at=ceremony,
        live=live,
        applications_open=opens,
        applications_close=closes,
        jury_date=jury,
    )


def open_edition(year=OPEN_YEAR):
    today = timezone.localdate()
    return make_campaign_edition(
        year,
        opens=today - datetime.timedelta(days=10),
        closes=today + datetime.timedelta(days=20),
        jury=today + datetime.timedelta(days=40),
        ceremony=timezone.now() + datetime.timedelta(days=80),
    )


def closed_edition(year=CLOSED_YEAR):
    """Closed yesterday; the jury meets in ten days."""
    today = timezone.localdate()
    return make_campaign_edition(
        year,
        opens=today - datetime.timedelta(days=60),
        closes=today - datetime.timedelta(days=1),
        jury=today + datetime.timedelta(days=10),
        ceremony=timezone.now() + datetime.timedelta(days=50),
    )


def build_campaign() -> Campaign:
    world = build_world()
    today = timezone.localdate()
    a_recent = make_sheet(
        world.a,
        "Des tablettes à la médiathèque",
        services=list(world.a_live.services.all()),
        date=today - datetime.timedelta(days=200),
    )
    a_old = make_sheet(
        world.a,
        "Le vieux site de la mairie",
        services=list(world.a_live.services.all()),
        date=today - datetime.timedelta(days=4 * 365),
    )
    edition = open_edition()
    b_dossier = Participation(edition=edition, collectivity=world.b, status="deposited")
    b_dossier.sheets = [world.b_live]
    b_dossier.official_name = "Élue rennaise"
    b_dossier.deposited_at = timezone.now()
    b_dossier.save()
    return Campaign(world, edition, closed_edition(), a_recent, a_old, b_dossier)


def dossier_url(edition, collectivity) -> str:
    return reverse("labels_dossier_of", args=[edition.year, collectivity.code])


def dossier_form(**fields) -> dict:
    """A complete dossier as the form posts it."""
    data = {
        "official_name": "Gilles Lurton",
        "official_role": "Adjoint au numérique",
        "contact_name": "Marie Dupont",
        "contact_email": "marie.dupont@saint-malo.fr",
        "presentation": "Une ville qui ouvre ses données et forme ses habitants.",
        "accept_rules": "on",
        "action": "deposit",
    }
    data.update(fields)
    return data
