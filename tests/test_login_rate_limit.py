"""Login throttling: after 5 failed attempts for one user name from one address (or 30 from one
address, whatever the names), the login
views answer with a French message and check no password for 15 minutes; other users and
other addresses log in as usual."""

import pytest

from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory

from security import login as throttle
from tests.role_helpers import make_admin_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

PASSWORD = "un mot de passe solide"
THROTTLED = "Trop de tentatives de connexion ont échoué pour cet identifiant."
WRONG = "et votre mot de passe ne correspondent à aucun utilisateur"


@pytest.fixture
def agent(db):
    return make_admin_user("agent@saint-malo.fr", PASSWORD)


@pytest.fixture
def colleague(db):
    return get_user_model().objects.create_superuser("moderatrice", "m@example.org", PASSWORD)


@pytest.fixture
def password_checks(monkeypatch):
    """How many times a password was compared with a stored hash."""
    calls = []
    original = get_user_model().check_password

    def counting(user, raw_password):
        calls.append(user.get_username())
        return original(user, raw_password)

    monkeypatch.setattr(get_user_model(), "check_password", counting)
    return calls


def log_in(client, url, username, password, ip="192.0.2.10"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_until_throttled(client, url, username, ip="192.0.2.10"):
    for _attempt in range(throttle.FAILURE_LIMIT):
        response = log_in(client, url, username, "mauvais", ip=ip)
        assert response.status_code == 200
        assert THROTTLED not in response.content.decode()


def test_the_wagtail_login_refuses_to_check_passwords_after_5_failures(
    client, agent, password_checks
):
    fail_until_throttled(client, "/admin/login/", agent.username)
    assert len(password_checks) == throttle.FAILURE_LIMIT

    # Even the right password is not checked any more, whatever the case of the user name.
    for username in (agent.username, " Agent@Saint-Malo.fr "):
        response = log_in(client, "/admin/login/", username, PASSWORD)
        assert response.status_code == 200
        page = response.content.decode()
        assert THROTTLED in page
        assert "réessayez dans 15 minutes" in page
        assert not logged_in(client)
    assert len(password_checks) == throttle.FAILURE_LIMIT


def test_other_users_and_other_addresses_still_log_in(client, agent, colleague):
    fail_until_throttled(client, "/admin/login/", agent.username)

    response = log_in(client, "/admin/login/", colleague.username, PASSWORD)
    assert response.status_code == 302 and logged_in(client)
    client.logout()

    response = log_in(client, "/admin/login/", agent.username, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_forgets_the_earlier_failures(client, agent):
    for _attempt in range(throttle.FAILURE_LIMIT - 1):
        assert WRONG in log_in(client, "/admin/login/", agent.username, "mauvais").content.decode()
    assert log_in(client, "/admin/login/", agent.username, PASSWORD).status_code == 302
    client.logout()

    for _attempt in range(throttle.FAILURE_LIMIT - 1):
        log_in(client, "/admin/login/", agent.username, "mauvais")
    assert log_in(client, "/admin/login/", agent.username, PASSWORD).status_code == 302


def test_the_django_admin_login_is_throttled_too(client, colleague, password_checks):
    fail_until_throttled(client, "/django-admin/login/", colleague.username)

    response = log_in(client, "/django-admin/login/", colleague.username, PASSWORD)
    assert response.status_code == 200
    assert THROTTLED in response.content.decode()
    assert not logged_in(client)
    # The two admins share the count: the Wagtail login refuses too.
    response = log_in(client, "/admin/login/", colleague.username, PASSWORD)
    assert THROTTLED in response.content.decode()
    assert len(password_checks) == throttle.FAILURE_LIMIT


def test_any_other_login_view_gets_no_password_check_either(client, agent, password_checks):
    fail_until_throttled(client, "/admin/login/", agent.username)

    request = RequestFactory().post("/ailleurs/", REMOTE_ADDR="192.0.2.10")
    assert authenticate(request, username=agent.username, password=PASSWORD) is None
    assert len(password_checks) == throttle.FAILURE_LIMIT
    other_address = RequestFactory().post("/ailleurs/", REMOTE_ADDR="203.0.113.5")
    assert authenticate(other_address, username=agent.username, password=PASSWORD) == agent


SPRAY_REFUSED = "Trop de tentatives de connexion ont échoué depuis votre réseau."


def test_one_password_tried_on_many_accounts_from_one_address_is_stopped(
    client, agent, password_checks
):
    # Below the per-name limit for every name, so only the address's count can stop it.
    for number in range(throttle.ADDRESS_FAILURE_LIMIT):
        page = log_in(client, "/admin/login/", f"agent{number}@exemple.fr", PASSWORD).content
        assert SPRAY_REFUSED not in page.decode()
    assert len(password_checks) == 0  # none of those names exists: no hash was compared

    response = log_in(client, "/admin/login/", agent.username, PASSWORD)
    assert SPRAY_REFUSED in response.content.decode()
    assert "réessayez dans 15 minutes" in response.content.decode()
    assert not logged_in(client) and password_checks == []

    # The same account from another address is not affected.
    response = log_in(client, "/admin/login/", agent.username, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302 and logged_in(client)


def test_a_valid_account_does_not_reset_a_spray(client, agent, colleague):
    for number in range(throttle.ADDRESS_FAILURE_LIMIT - 1):
        log_in(client, "/admin/login/", f"agent{number}@exemple.fr", "mauvais")
    assert log_in(client, "/admin/login/", colleague.username, PASSWORD).status_code == 302
    client.logout()
    log_in(client, "/admin/login/", "encore@exemple.fr", "mauvais")
    response = log_in(client, "/admin/login/", agent.username, PASSWORD)
    assert SPRAY_REFUSED in response.content.decode()
