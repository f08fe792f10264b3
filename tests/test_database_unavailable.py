"""When the database stops answering, visitors get "unavailable, retry" (503), not a crash."""

from unittest import mock

import pytest

from django.db import OperationalError

pytestmark = pytest.mark.django_db

REFUSED = OperationalError('connection to server at "127.0.0.1", port 5432 failed')


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False  # see what a browser would get
    return client


def test_a_page_says_the_site_is_unavailable_for_a_moment(visitor, caplog):
    with mock.patch("search.views.run_search", side_effect=REFUSED):
        response = visitor.get("/recherche/", {"q": "wifi"})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    content = response.content.decode()
    assert "momentanément indisponible" in content
    assert '<html lang="fr">' in content
    assert "5432" not in content  # nothing of the connection leaks to the visitor
    assert "Database unavailable while serving /recherche/" in caplog.text


def test_the_api_answers_in_json(visitor):
    with mock.patch("search.views.run_search", side_effect=REFUSED):
        response = visitor.get("/api/search/", {"q": "wifi"})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "indisponible" in response.json()["detail"]


def test_other_errors_stay_server_errors(visitor):
    with mock.patch("search.views.run_search", side_effect=ValueError("bug")):
        response = visitor.get("/recherche/", {"q": "wifi"})
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_a_form_sent_while_the_database_is_down_is_said_to_be_unsaved(visitor):
    with mock.patch("search.views.run_search", side_effect=REFUSED):
        shown = visitor.get("/recherche/", {"q": "wifi"}).content.decode()
    assert "n'a pas été enregistré" not in shown  # reading a page loses nothing

    with mock.patch("django.contrib.auth.forms.authenticate", side_effect=REFUSED):
        response = visitor.post("/admin/login/", {"username": "agent", "password": "x"})
    assert response.status_code == 503
    assert "Ce que vous venez d'envoyer n'a pas été enregistré" in response.content.decode()
