"""The ceremony: laureates told once of their result, their kit (SVG badge, printable
certificate) under the award page's embargo, and the editors' press figures."""

import datetime
import re

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from labels.ceremony.notifications import notify_laureates
from labels.models import Award, DossierStatus

from .factories import make_collectivity
from .jury_helpers import build_jury_world, submitted
from .test_labels_pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_jury_world()
    Award.objects.create(participation=world.malo_dossier, arobases=5, excellence=True)
    Award.objects.create(participation=world.rennes_dossier, arobases=3)
    # The earlier editions' laureates were told long ago.
    Award.objects.exclude(participation__edition=world.edition).update(
        laureate_notified_at=timezone.now()
    )
    return world


def reveal(edition):
    edition.ceremony_at = timezone.now() - datetime.timedelta(minutes=5)
    edition.save_revision().publish()


# The laureates' e-mail


def test_laureates_agents_are_told_once_after_the_ceremony(world, quiet_command):
    assert notify_laureates()["emails"] == 0  # the palmarès is still secret: nothing sent
    reveal(world.edition)

    code, out, _err = quiet_command("notify_laureates")

    assert code == 0 and "2 lauréat(s) prévenu(s), 1 courriel(s) envoyé(s), 1 sans agent" in out
    (message,) = mail.outbox
    assert message.to == ["agent@saint-malo.fr"]
    assert message.subject == f"Label {world.edition.year} : Saint-Malo est labellisée 5 @"
    assert "5 arobase(s) sur 5" in message.body
    assert "Territoire d'excellence numérique" in message.body
    assert f"/label/{world.edition.year}/saint-malo/" in message.body

    _code, out, _err = quiet_command("notify_laureates")
    assert "0 lauréat(s) prévenu(s)" in out and len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP injoignable")


def test_a_failed_email_is_sent_on_the_next_run(world, settings):
    reveal(world.edition)
    settings.EMAIL_BACKEND = "tests.test_ceremony.BrokenBackend"
    with pytest.raises(ConnectionError):
        notify_laureates()
    assert Award.objects.get(participation=world.malo_dossier).laureate_notified_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notify_laureates()["emails"] == 1


# The kit


def test_the_badge_names_the_collectivity_its_kind_level_and_year(client, world):
    reveal(world.edition)
    response = client.get(f"/label/{world.edition.year}/saint-malo/badge/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = response.content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert ">Ville Internet<" in svg and ">Saint-Malo<" in svg
    assert f">{world.edition.year}<" in svg
    assert svg.count('fill="#e4572e">@') == 5
    assert "Territoire d'excellence numérique" in svg.replace("&#x27;", "'")

    rennes = client.get(f"/label/{world.edition.year}/rennes/badge/").content.decode()
    assert rennes.count('fill="#e4572e">@') == 3 and rennes.count('fill="#d5dde2">@') == 2


def test_the_badge_says_village_or_territoire_and_escapes_the_name(client, world):
    village = make_collectivity("35002", 'Amanlis <script>&"', kind="village")
    epci = make_collectivity("200000172", "CC Faucigny - Glières", kind="intercommunalite")
    for collectivity in (village, epci):
        Award.objects.create(participation=submitted(world.edition, collectivity), arobases=2)
    reveal(world.edition)

    svg = client.get(f"/label/{world.edition.year}/{village.slug}/badge/").content.decode()
    assert ">Village Internet<" in svg
    assert "<script>" not in svg and "Amanlis &lt;script&gt;&amp;&quot;" in svg
    svg = client.get(f"/label/{world.edition.year}/{epci.slug}/badge/").content.decode()
    assert ">Territoire Internet<" in svg


def test_a_long_name_is_written_on_the_badge_in_lines_that_fit_the_circle(client, world):
    name = "CC de la Haute Somme (Combles - Péronne - Roisel)"
    epci = make_collectivity("200000172", name, kind="intercommunalite")
    Award.objects.create(participation=submitted(world.edition, epci), arobases=4)
    reveal(world.edition)

    svg = client.get(f"/label/{world.edition.year}/{epci.slug}/badge/").content.decode()

    lines = re.findall(r'<tspan x="200" y="\d+">([^<]+)</tspan>', svg)
    assert " ".join(lines) == name
    # About 330 px of circle at 16 px: 34 characters a line at most (it overflowed before).
    assert len(lines) > 1 and all(len(line) <= 34 for line in lines)
    assert 'font-size="16"' in svg


def test_the_award_page_offers_the_kit_and_the_certificate_prints(client, world):
    reveal(world.edition)
    page = client.get(f"/label/{world.edition.year}/saint-malo/").content.decode()
    assert "Le kit du lauréat" in page
    assert f'href="/label/{world.edition.year}/saint-malo/badge/"' in page
    assert f'href="/label/{world.edition.year}/saint-malo/diplome/"' in page

    certificate = text(client.get(f"/label/{world.edition.year}/saint-malo/diplome/"))
    assert "Diplôme" in certificate and "Saint-Malo" in certificate
    assert "le label Ville Internet" in certificate and "5 arobases sur 5" in certificate
    assert "Territoire d'excellence numérique" in certificate and "Albi" in certificate


def test_before_the_ceremony_the_kit_is_secret(client, world):
    for suffix in ("badge/", "diplome/"):
        assert client.get(f"/label/{world.edition.year}/saint-malo/{suffix}").status_code == 404


# The press page


def test_the_press_page_writes_the_figures_as_the_release_does(client, world):
    epci = make_collectivity("200000172", "CC Faucigny - Glières", kind="intercommunalite")
    submitted(world.edition, epci)
    village = make_collectivity("35002", "Amanlis", kind="village")
    submitted(world.edition, village, status=DossierStatus.INCOMPLETE)
    client.force_login(world.editor)

    page = text(client.get(reverse("labels_jury:press", args=[world.edition.year])))

    # Saint-Malo, Rennes, the intercommunalité and the incomplete village; Vitré's draft
    # is not counted.
    assert (
        "4 : nombre de dossiers de participation dont 1 village, 2 villes et "
        "1 intercommunalité (composées de 7 communes)"
    ) in page
    assert "3 : nombre de fiches actions présentées au jury" in page
    population = sum(c.population for c in (world.saint_malo, world.rennes, epci, village))
    assert population < 1_000_000
    assert f"{population:,} : nombre d'habitants représentés".replace(",", " ") in page
    assert "1 collectivité labellisée 5 @" in page and "1 Territoire d'excellence numérique" in page
    assert "reste confidentiel jusqu'à la cérémonie" in page
