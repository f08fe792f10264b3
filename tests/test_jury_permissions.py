"""Who may open the jury's pages (also over HTTP in test_jury_permissions_live.py), and the
*huis clos*: proposals and private comments reach no public page, API, export, feed,
search, count, agent or moderator, before or after the ceremony."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from labels.models import Award, JuryProposal

from .jury_helpers import SECRET_COMMENT, build_jury_world
from .test_permissions import DENIED, LOGIN, OK, outcome

pytestmark = pytest.mark.django_db

NOT_FOUND = "404"


def jury(name, *args):
    return lambda w: reverse(f"labels_jury:{name}", args=[w.edition.year, *args])


def saint_malo_dossier(w):
    return reverse("labels_jury:dossier", args=[w.edition.year, w.saint_malo.code])


def other_edition_dossiers(w):
    return reverse("labels_jury:dossiers", args=[w.other_edition.year])


def embargoed_award(w):
    return f"/label/{w.edition.year}/saint-malo/"


def embargoed_badge(w):
    return f"/label/{w.edition.year}/saint-malo/badge/"


def jury_index(w):
    return reverse("labels_jury:index")


# (role, what, address, expected). The edition's applications closed yesterday; the other
# edition's close in 300 days: its juror ("other_juror") sees nothing yet, not even there.
JURY_MATRIX = [
    ("juror", "les dossiers de son édition", jury("dossiers"), OK),
    ("juror", "un dossier de son édition", saint_malo_dossier, OK),
    ("juror", "le délibéré", jury("deliberation"), DENIED),
    ("juror", "les jurés", jury("jurors"), DENIED),
    ("juror", "les chiffres pour la presse", jury("press"), DENIED),
    ("juror", "le palmarès sous embargo", embargoed_award, OK),
    ("juror", "le badge sous embargo", embargoed_badge, OK),
    ("juror", "l'accueil du jury", jury_index, OK),
    ("other_juror", "son édition avant la clôture", other_edition_dossiers, DENIED),
    ("other_juror", "une autre édition", jury("dossiers"), DENIED),
    ("other_juror", "un dossier d'une autre édition", saint_malo_dossier, DENIED),
    ("other_juror", "le palmarès d'une autre édition", embargoed_award, NOT_FOUND),
    ("president", "les dossiers", jury("dossiers"), OK),
    ("president", "le délibéré", jury("deliberation"), OK),
    ("president", "les jurés", jury("jurors"), DENIED),
    ("president", "le palmarès sous embargo", embargoed_award, OK),
    ("editor", "les dossiers", jury("dossiers"), OK),
    ("editor", "un dossier", saint_malo_dossier, OK),
    ("editor", "le délibéré", jury("deliberation"), OK),
    ("editor", "les jurés", jury("jurors"), OK),
    ("editor", "les chiffres pour la presse", jury("press"), OK),
    ("editor", "le palmarès sous embargo", embargoed_award, OK),
    ("moderator", "les dossiers", jury("dossiers"), DENIED),
    ("moderator", "un dossier", saint_malo_dossier, DENIED),
    ("moderator", "le délibéré", jury("deliberation"), DENIED),
    ("moderator", "les chiffres pour la presse", jury("press"), DENIED),
    ("moderator", "l'accueil du jury", jury_index, DENIED),
    ("moderator", "le palmarès sous embargo", embargoed_award, NOT_FOUND),
    ("moderator", "le badge sous embargo", embargoed_badge, NOT_FOUND),
    ("agent", "les dossiers", jury("dossiers"), DENIED),
    ("agent", "le dossier de sa collectivité", saint_malo_dossier, DENIED),
    ("agent", "le délibéré", jury("deliberation"), DENIED),
    ("agent", "le palmarès sous embargo", embargoed_award, NOT_FOUND),
    ("anonymous", "les dossiers", jury("dossiers"), LOGIN),
    ("anonymous", "le délibéré", jury("deliberation"), LOGIN),
    ("anonymous", "les chiffres pour la presse", jury("press"), LOGIN),
    ("anonymous", "le palmarès sous embargo", embargoed_award, NOT_FOUND),
    ("anonymous", "le badge sous embargo", embargoed_badge, NOT_FOUND),
]


def build_matrix_world():
    world = build_jury_world()
    Award.objects.create(participation=world.malo_dossier, arobases=5)
    return world


@pytest.fixture
def world():
    return build_matrix_world()


def test_the_jury_matrix(client, world):
    """Every case, one world (building it is the slow part)."""
    failures = []
    for role, target, url, expected in JURY_MATRIX:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(world, role))
        response = client.get(url(world))
        got = outcome(response.status_code, response.get("Location", ""))
        if got != expected:
            failures.append((role, target, expected, got))
    assert failures == []


def test_an_inactive_juror_is_no_longer_let_in(client, world):
    world.juror.is_active = False
    world.juror.save()
    client.force_login(world.juror)
    assert outcome(client.get(jury("dossiers")(world)).status_code) != OK


# À huis clos


def secret_proposals(world):
    JuryProposal.objects.create(
        participation=world.malo_dossier,
        juror=world.juror.jury_seats.get(),
        arobases=2,
        private_comment=SECRET_COMMENT,
    )


def public_addresses(world) -> list[str]:
    year = world.edition.year
    sheet = world.malo_dossier.sheets.first()
    return [
        "/",
        "/label/",
        f"/label/{year}/",
        f"/label/{year}/saint-malo/",
        f"/label/{year}/saint-malo/badge/",
        f"/label/{year}/saint-malo/diplome/",
        world.saint_malo.url,
        sheet.url,
        "/recherche/?q=huis+clos",
        "/recherche/?q=fablab",
        "/api/search/?q=huis+clos",
        "/recherche/export.csv?q=fablab",
        "/recherche/export.json?q=fablab",
        f"/api/labels/{year}/",
        "/api/v2/pages/?type=labels.LabelEditionPage&fields=*",
        "/api/v2/pages/?type=initiatives.CollectivityPage&fields=*",
        "/flux/fiches.rss",
        f"/flux/collectivites/{world.saint_malo.code}.atom",
        "/sitemap.xml",
        "/collectivites/",
    ]


def admin_addresses_of_others(world) -> list[str]:
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:search") + "?q=huis+clos",
        reverse("wagtailadmin_explore", args=[world.saint_malo.pk]),
        reverse("wagtailsnippets_labels_participation:list"),
        reverse("wagtailsnippets_labels_participation:edit", args=[world.malo_dossier.pk]),
    ]


def body_of(response) -> str:
    if response.streaming:  # the CSV and JSON exports
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_nothing_leaks(client, world):
    client.logout()
    for url in public_addresses(world):
        body = body_of(client.get(url, follow=True))
        assert SECRET_COMMENT not in body, url
    for user in (world.agent, world.moderator):
        client.force_login(user)
        for url in admin_addresses_of_others(world):
            body = client.get(url, follow=True).content.decode()
            assert SECRET_COMMENT not in body, (user, url)
    out = io.StringIO()
    call_command("export_sheets", "-", "--include-drafts", stdout=out)
    assert SECRET_COMMENT not in out.getvalue()


def test_proposals_and_private_comments_never_leave_the_jury_before_the_ceremony(client, world):
    secret_proposals(world)
    assert_nothing_leaks(client, world)
    # The jury itself reads them, once its own proposal is recorded.
    client.force_login(world.editor)
    assert SECRET_COMMENT in client.get(jury("dossier", "35288")(world)).content.decode()


def test_nor_after_the_ceremony(client, world):
    secret_proposals(world)
    world.edition.ceremony_at = timezone.now() - datetime.timedelta(hours=1)
    world.edition.save_revision().publish()
    assert client.get(f"/label/{world.edition.year}/saint-malo/").status_code == 200
    assert_nothing_leaks(client, world)


def test_proposals_are_in_no_search_index_nor_any_api_endpoint():
    from wagtail.search.index import get_indexed_models

    from opendata.api import api_router

    assert JuryProposal not in get_indexed_models()
    exposed = {getattr(endpoint, "model", None) for endpoint in api_router._endpoints.values()}
    assert JuryProposal not in exposed
