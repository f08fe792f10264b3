"""An agent deposits their collectivity's dossier for the label: from the dashboard, the
form, the mosaic redrawn as sheets are ticked, a refusal that loses nothing, the deposit
and its receipt."""

import datetime
import os

import pytest

from django.core import mail
from django.utils import timezone

from labels.models import DossierStatus, Participation

from ..campaign_helpers import open_edition
from ..factories import make_sheet
from ..role_helpers import make_agent
from .world import build_world

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Set to keep a screenshot of the deposited dossier (for a review of the screen).
SCREENSHOT_DIR = os.environ.get("E2E_SCREENSHOT_DIR")


def test_an_agent_deposits_the_dossier_of_their_collectivity(admin_page):
    world = build_world()
    edition = open_edition()
    recent = timezone.localdate() - datetime.timedelta(days=100)
    make_sheet(
        world.saint_malo,
        "Des conseillers numériques au marché",
        [world.services["epn"], world.services["conseiller"]],
        date=recent,
    )
    make_sheet(
        world.saint_malo,
        "Les conseils municipaux en vidéo",
        [world.services["video"]],
        date=recent,
    )
    agent = make_agent("agent@saint-malo.fr", world.saint_malo)
    tab = admin_page(agent)

    tab.get_by_role("link", name="Commencer le dossier").click()
    expect(tab.get_by_role("heading", name="Dossier de Saint-Malo — Label 2091")).to_be_visible()
    mosaic_count = tab.locator("[data-mosaic-count]")
    expect(mosaic_count).to_contain_text("0 enjeux sur 16")
    # The sheet dated 2023 is shown, but cannot be ticked: it says why.
    expect(tab.get_by_text("Non éligible : datée du 1 avril 2023")).to_be_visible()

    tab.get_by_label("Élu en charge du numérique").fill("Gilles Lurton")
    tab.get_by_label("Fonction de l'élu").fill("Adjoint au numérique")
    tab.get_by_label("Agent référent", exact=True).fill("Marie Dupont")
    tab.get_by_label("Courriel de l'agent référent").fill("marie.dupont@saint-malo.fr")
    tab.get_by_label("Politique numérique de la collectivité").fill(
        "Une ville qui forme ses habitants et ouvre ses données."
    )
    tab.get_by_label("Des conseillers numériques au marché").check()
    expect(mosaic_count).to_contain_text("1 enjeux sur 16")
    expect(mosaic_count).to_contain_text("2 services sur 139")
    tab.get_by_label("Les conseils municipaux en vidéo").check()
    expect(mosaic_count).to_contain_text("2 enjeux sur 16")

    # Without the règlement: refused in French, and nothing typed is lost.
    tab.get_by_role("button", name="Déposer le dossier").click()
    expect(
        tab.get_by_text("Acceptez le règlement du label pour déposer le dossier.")
    ).to_be_visible()
    expect(tab.get_by_label("Élu en charge du numérique")).to_have_value("Gilles Lurton")
    expect(tab.get_by_label("Les conseils municipaux en vidéo")).to_be_checked()
    expect(mosaic_count).to_contain_text("2 enjeux sur 16")

    tab.get_by_label("J'ai lu et j'accepte le règlement").check()
    tab.get_by_role("button", name="Déposer le dossier").click()
    expect(tab.get_by_text("Un accusé de réception a été envoyé")).to_be_visible()
    if SCREENSHOT_DIR:
        tab.screenshot(path=os.path.join(SCREENSHOT_DIR, "dossier-depose.png"), full_page=True)

    dossier = Participation.objects.get(edition=edition, collectivity=world.saint_malo)
    assert dossier.status == DossierStatus.DEPOSITED
    assert dossier.sheets.count() == 2
    [receipt] = [m for m in mail.outbox if dossier.number in m.subject]
    assert "Les conseils municipaux en vidéo" in receipt.body
