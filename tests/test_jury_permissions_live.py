"""The jury's permission matrix (test_jury_permissions.py) over real HTTP against a live
server: each role logs in through the admin's login form and gets the same answers; a juror
reads the others' proposals only once their own is posted."""

import html

import pytest

from django.test import Client

from .jury_helpers import SECRET_COMMENT
from .test_jury_permissions import JURY_MATRIX, build_matrix_world, saint_malo_dossier
from .test_permissions import outcome
from .test_permissions_live import http_session

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_jury_matrix_holds_over_http(live_server):
    world = build_matrix_world()
    failures = []
    for role in sorted({role for role, *_ in JURY_MATRIX}):
        user = None if role == "anonymous" else getattr(world, role)
        session = http_session(live_server, user)
        client = Client()
        if user is not None:
            client.force_login(user)
        for _role, target, url, expected in (case for case in JURY_MATRIX if case[0] == role):
            path = url(world)
            live = session.get(live_server.url + path, allow_redirects=False, timeout=10)
            got = outcome(live.status_code, live.headers.get("Location", ""))
            local = client.get(path)
            if got != expected or live.status_code != local.status_code:
                failures.append((role, target, expected, got, local.status_code))
    assert failures == []


def test_a_juror_reads_the_others_proposals_only_after_posting_their_own(live_server):
    world = build_matrix_world()
    url = live_server.url + saint_malo_dossier(world)

    def post_proposal(session, **fields):
        headers = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": url}
        return session.post(url, data=fields, headers=headers, allow_redirects=False, timeout=10)

    other = http_session(live_server, world.juror_two)
    assert post_proposal(other, arobases="5", private_comment=SECRET_COMMENT).status_code == 302

    juror = http_session(live_server, world.juror)
    assert SECRET_COMMENT not in juror.get(url, timeout=10).text
    refused = post_proposal(juror, arobases="9")
    assert refused.status_code == 200
    assert "Le nombre d'arobases va de 1 à 5" in html.unescape(refused.text)
    assert SECRET_COMMENT not in refused.text  # a refused proposal is not a proposal
    assert post_proposal(juror, arobases="4").status_code == 302
    assert SECRET_COMMENT in juror.get(url, timeout=10).text
