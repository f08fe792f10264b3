"""Password-reset requests cannot flood a mailbox nor send mail in bulk: a few e-mails per
address and per client address in an hour, and the same answer whether the account exists,
the mail went or the limit was reached."""

import pytest

from django.core import mail

from security import password_reset
from tests.role_helpers import make_admin_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

URL = "/admin/password_reset/"


@pytest.fixture
def agent(db):
    return make_admin_user("agent@saint-malo.fr", "un mot de passe solide")


def ask_reset(client, email, ip="192.0.2.10"):
    response = client.post(URL, {"email": email}, REMOTE_ADDR=ip)
    return response.status_code, response.get("Location")


def test_eight_requests_for_one_address_send_only_a_few_mails(client, agent):
    answers = {ask_reset(client, agent.email) for _request in range(8)}
    assert len(mail.outbox) == password_reset.EMAILS_PER_ADDRESS
    assert all(message.to == [agent.email] for message in mail.outbox)
    # Every request got the same answer, sent or not.
    assert answers == {(302, "/admin/password_reset/done/")}
    # Nor does the address's case or another client get around it.
    ask_reset(client, "AGENT@Saint-Malo.fr", ip="198.51.100.7")
    assert len(mail.outbox) == password_reset.EMAILS_PER_ADDRESS


def test_one_client_cannot_send_resets_to_many_addresses(client, agent):
    for number in range(password_reset.EMAILS_PER_CLIENT):
        ask_reset(client, f"inconnu{number}@exemple.fr")
    assert mail.outbox == []  # none of those accounts exists

    assert ask_reset(client, agent.email) == (302, "/admin/password_reset/done/")
    assert mail.outbox == []
    # Another client is not concerned.
    ask_reset(client, agent.email, ip="198.51.100.7")
    assert len(mail.outbox) == 1


def test_an_unknown_address_gets_the_same_answer_as_a_known_one(client, agent):
    assert ask_reset(client, "personne@exemple.fr") == ask_reset(client, agent.email)
    assert [message.to for message in mail.outbox] == [[agent.email]]
