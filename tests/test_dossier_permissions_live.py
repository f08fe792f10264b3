"""The dossier matrix of test_dossier_permissions.py over real HTTP against a live server:
each role logs in through the admin's login form and gets the same answers, and a POST to
another collectivity's dossier (CSRF token and all) changes nothing."""

import pytest

from django.test import Client

from .campaign_helpers import build_campaign, dossier_form
from .test_dossier_permissions import DOSSIER_MATRIX, rennes
from .test_permissions import DENIED, outcome
from .test_permissions_live import http_session

ROLES = sorted({role for role, *_ in DOSSIER_MATRIX})
pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("role", ROLES)
def test_the_dossier_matrix_holds_over_http(live_server, role):
    campaign = build_campaign()
    user = None if role == "anonymous" else getattr(campaign.world, role)
    session = http_session(live_server, user)
    client = Client()
    if user is not None:
        client.force_login(user)
    cases = [case for case in DOSSIER_MATRIX if case[0] == role]
    assert cases
    for _role, target, url, expected in cases:
        path = url(campaign)
        live = session.get(live_server.url + path, allow_redirects=False, timeout=10)
        assert outcome(live.status_code, live.headers.get("Location", "")) == expected, target
        assert live.status_code == client.get(path).status_code, target


def test_another_agent_cannot_write_a_dossier_over_http(live_server):
    campaign = build_campaign()
    session = http_session(live_server, campaign.world.agent_a)
    csrf = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": live_server.url + "/admin/"}
    response = session.post(
        live_server.url + rennes(campaign),
        data=dossier_form(official_name="Piraté"),
        headers=csrf,
        allow_redirects=False,
        timeout=10,
    )
    assert outcome(response.status_code, response.headers.get("Location", "")) == DENIED
    campaign.b_dossier.refresh_from_db()
    assert campaign.b_dossier.official_name == "Élue rennaise"
