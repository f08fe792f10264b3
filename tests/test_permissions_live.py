"""The permission matrix of test_permissions.py, over real HTTP against a live server: each
role logs in through the admin's login form (CSRF token and all) and gets, for each case,
the same answer as through Django's test client."""

import re

import pytest
import requests

from django.test import Client

from .role_helpers import PASSWORD, admin_url, build_world, refreshed
from .test_permissions import DENIED, FOREIGN_SHEET_ACTIONS, ROLE_MATRIX, outcome

ROLES = sorted({role for role, *_ in ROLE_MATRIX})
# The live server shares a transactional database, emptied after each test: the pages and
# groups the migrations create are restored from their serialized copy.
pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CSRF_INPUT_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def http_session(live_server, user) -> requests.Session:
    session = requests.Session()
    if user is None:
        return session
    login_url = live_server.url + "/admin/login/"
    form = session.get(login_url, timeout=10)
    token = CSRF_INPUT_RE.search(form.text).group(1)
    response = session.post(
        login_url,
        data={"username": user.get_username(), "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    return session


@pytest.mark.parametrize("role", ROLES)
def test_the_role_matrix_holds_over_http(live_server, role):
    world = build_world()
    user = None if role == "anonymous" else getattr(world, role)
    session = http_session(live_server, user)
    client = Client()
    if user is not None:
        client.force_login(user)

    cases = [case for case in ROLE_MATRIX if case[0] == role]
    assert cases
    for _role, target, url, expected in cases:
        path = url(world)
        live = session.get(live_server.url + path, allow_redirects=False, timeout=10)
        assert outcome(live.status_code, live.headers.get("Location", "")) == expected, target
        local = client.get(path)
        assert live.status_code == local.status_code, target


def test_an_agent_can_do_nothing_on_another_collectivity_sheet_over_http(live_server):
    world = build_world()
    session = http_session(live_server, world.agent_a)
    # Django takes the CSRF token of a POST from this header as well as from the form.
    csrf = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": live_server.url + "/admin/"}
    for sheet in (world.b_live, world.b_draft):
        for view, method in FOREIGN_SHEET_ACTIONS:
            if view == "revisions_view":
                url = admin_url(view, sheet.pk, sheet.latest_revision_id)
            else:
                url = admin_url(view, sheet.pk)
            response = session.request(
                method.upper(),
                live_server.url + url,
                data={"title": "Piraté"} if method == "post" else None,
                headers=csrf,
                allow_redirects=False,
                timeout=10,
            )
            location = response.headers.get("Location", "")
            assert outcome(response.status_code, location) == DENIED, (view, method, sheet.title)
    assert refreshed(world.b_live).live
    assert refreshed(world.b_live).title == "La carte des services rennais"
    assert refreshed(world.b_draft).title == "Projet confidentiel rennais"
