"""The page-privacy password is throttled like the login, never sends the visitor to another
site; logins without a usable "next" end on a real page; a throttled front-end login says
why in French."""

from html import unescape

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import PageViewRestriction

from security import login as login_throttle
from security import page_password
from tests.factories import ServiceFactory, make_collectivity, make_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

PASSWORD = "un mot de passe solide"
PAGE_PASSWORD = "code-du-jury"
PAGE_THROTTLED = "Trop de mots de passe erronés ont été saisis pour cette page"
LOGIN_THROTTLED = "Trop de tentatives de connexion ont échoué pour cet identifiant."


@pytest.fixture
def protected(db):
    sheet = make_sheet(make_collectivity(), "Fiche protégée", [ServiceFactory()])
    restriction = PageViewRestriction.objects.create(
        page=sheet, restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD
    )
    return sheet, restriction


def password_url(sheet, restriction):
    return f"/_util/authenticate_with_password/{restriction.pk}/{sheet.pk}/"


def send_password(client, sheet, restriction, password, return_url=None, ip="192.0.2.10"):
    return client.post(
        password_url(sheet, restriction),
        {"password": password, "return_url": return_url or sheet.url},
        REMOTE_ADDR=ip,
    )


def test_the_page_password_is_not_checked_after_5_wrong_ones(client, protected):
    sheet, restriction = protected
    for _attempt in range(page_password.FAILURE_LIMIT):
        response = send_password(client, sheet, restriction, "mauvais")
        assert response.status_code == 200
        assert "Ce mot de passe n'est pas le bon." in unescape(response.content.decode())

    response = send_password(client, sheet, restriction, PAGE_PASSWORD)
    assert response.status_code == 200
    assert PAGE_THROTTLED in unescape(response.content.decode())
    assert "réessayez dans 15 minutes" in unescape(response.content.decode())
    # Still locked out: the page asks for the password again.
    assert "Fiche protégée</h1>" not in unescape(client.get(sheet.url).content.decode())

    # Another address is not concerned.
    response = send_password(client, sheet, restriction, PAGE_PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == sheet.url


def test_many_pages_tried_from_one_address_are_stopped_too(client, protected):
    sheet, restriction = protected
    for _attempt in range(page_password.ADDRESS_FAILURE_LIMIT):
        page_password.page_password_address_rate_limit.hit("192.0.2.10")
    response = send_password(client, sheet, restriction, PAGE_PASSWORD)
    assert PAGE_THROTTLED in unescape(response.content.decode())


@pytest.mark.parametrize(
    "return_url", ["https://evil.example/", "//evil.example/fiche/", "javascript:alert(1)"]
)
def test_the_right_page_password_never_sends_the_visitor_off_site(client, protected, return_url):
    sheet, restriction = protected
    response = send_password(client, sheet, restriction, PAGE_PASSWORD, return_url=return_url)
    assert response.status_code == 302
    assert response["Location"] == sheet.url
    assert client.get(response["Location"]).status_code == 200


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("lectrice", "lectrice@example.org", PASSWORD)


@pytest.mark.parametrize("url", ["/_util/login/", "/django-admin/login/"])
def test_a_login_without_next_ends_on_a_real_page(client, db, url):
    get_user_model().objects.create_superuser("editrice", "e@example.org", PASSWORD)
    response = client.post(url, {"username": "editrice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_a_front_end_login_with_an_off_site_next_ends_on_a_real_page(client, user):
    response = client.post(
        "/_util/login/",
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_a_throttled_front_end_login_says_why_in_french(client, user):
    for _attempt in range(login_throttle.FAILURE_LIMIT):
        response = client.post("/_util/login/", {"username": user.username, "password": "x"})
        assert response.status_code == 200
    response = client.post("/_util/login/", {"username": user.username, "password": PASSWORD})
    page = unescape(response.content.decode())
    assert LOGIN_THROTTLED in page
    assert "réessayez dans 15 minutes" in page
    assert "_auth_user_id" not in client.session
