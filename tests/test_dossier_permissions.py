"""Who sees a dossier (issue 15): the collectivity's agents (their own, editable only while
applications are open, read-only afterwards), editors (every dossier, in their listing);
nobody else: other collectivities' agents, moderators, anonymous visitors."""

import pytest

from django.urls import reverse

from labels.models import Participation

from .campaign_helpers import build_campaign, dossier_form, dossier_url
from .test_permissions import DENIED, LOGIN, OK, outcome

pytestmark = pytest.mark.django_db


def listing(campaign) -> str:
    return reverse(Participation.snippet_viewset.get_url_name("list"))


def rennes_edit(campaign) -> str:
    return reverse(Participation.snippet_viewset.get_url_name("edit"), args=[campaign.b_dossier.pk])


def rennes_incomplete(campaign) -> str:
    return reverse("labels_dossier_incomplete", args=[campaign.b_dossier.pk])


def own_open(c):
    return dossier_url(c.open, c.world.a)


def own_closed(c):
    return dossier_url(c.closed, c.world.a)


def rennes(c):
    return dossier_url(c.open, c.world.b)


def export(c):
    return listing(c) + "?export=csv"


DOSSIER_MATRIX = [
    ("agent_a", "son dossier, candidatures ouvertes", own_open, OK),
    ("agent_a", "son dossier, candidatures closes (lecture seule)", own_closed, OK),
    ("agent_a", "le dossier de Rennes", rennes, DENIED),
    ("agent_a", "la liste des dossiers", listing, DENIED),
    ("agent_a", "l'export des dossiers", export, DENIED),
    ("agent_a", "le dossier de Rennes dans la liste", rennes_edit, DENIED),
    ("agent_a", "déclarer incomplet", rennes_incomplete, DENIED),
    ("agent_b", "son dossier", rennes, OK),
    ("agent_b", "le dossier de Saint-Malo", own_open, DENIED),
    ("moderator", "le dossier de Rennes", rennes, DENIED),
    ("moderator", "la liste des dossiers", listing, DENIED),
    ("moderator", "le dossier de Rennes dans la liste", rennes_edit, DENIED),
    ("moderator", "déclarer incomplet", rennes_incomplete, DENIED),
    ("editor", "la liste des dossiers", listing, OK),
    ("editor", "l'export des dossiers", export, OK),
    ("editor", "le dossier de Rennes dans la liste", rennes_edit, OK),
    ("editor", "déclarer incomplet", rennes_incomplete, OK),
    ("editor", "la page de dépôt d'un agent", rennes, DENIED),
    ("anonymous", "un dossier", rennes, LOGIN),
    ("anonymous", "la liste des dossiers", listing, LOGIN),
    ("anonymous", "déclarer incomplet", rennes_incomplete, LOGIN),
]


@pytest.fixture
def campaign():
    return build_campaign()


@pytest.mark.parametrize(
    ("role", "target", "url", "expected"),
    DOSSIER_MATRIX,
    ids=[f"{r}: {t}" for r, t, *_ in DOSSIER_MATRIX],
)
def test_dossier_matrix(client, campaign, role, target, url, expected):
    if role != "anonymous":
        client.force_login(getattr(campaign.world, role))
    response = client.get(url(campaign))
    assert outcome(response.status_code, response.get("Location", "")) == expected


@pytest.mark.parametrize("role", ["agent_a", "moderator", "editor"])
def test_nobody_but_its_agents_writes_a_dossier(client, campaign, role):
    client.force_login(getattr(campaign.world, role))
    response = client.post(rennes(campaign), dossier_form(official_name="Piraté"))
    assert outcome(response.status_code, response.get("Location", "")) == DENIED
    campaign.b_dossier.refresh_from_db()
    assert campaign.b_dossier.official_name == "Élue rennaise"


def test_no_dossier_text_reaches_the_public_site_or_the_api(client, campaign):
    for url in (
        campaign.open.url,
        "/api/labels/2091/",
        "/api/v2/pages/?type=labels.LabelEditionPage",
    ):
        assert "Élue rennaise" not in client.get(url).content.decode()
