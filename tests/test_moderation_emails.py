"""The moderation e-mails, read in Django's mail outbox: French from greeting to signature,
the person greeted by name, every link at the configured site address, the moderator's
comment included, and the moderators told of each submission (e-mail and dashboard)."""

import re

import pytest

from django.core import mail
from django.urls import reverse

from .role_helpers import build_world, edit_url, refreshed, sheet_form

pytestmark = pytest.mark.django_db

SITE = "https://atlaas.villes-internet.example"
ENGLISH = re.compile(r"\b(workflow|Edit|Hello|notification preferences|has been|here)\b")


@pytest.fixture
def world(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    world = build_world()
    for user, first, last in (
        (world.agent_a, "Marie", "Dupont"),
        (world.moderator, "Paul", "Lemoine"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    return world


def submit(client, sheet):
    response = client.post(edit_url(sheet), {**sheet_form(sheet), "action-submit": "1"})
    assert response.status_code == 302
    return refreshed(sheet)


def act(client, sheet, action, comment=""):
    task_state = sheet.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[sheet.pk, action, task_state.pk])
    assert client.post(url, {"comment": comment}).status_code == 302
    return refreshed(sheet)


def only_mail_to(user):
    sent = [message for message in mail.outbox if user.email in message.to]
    assert len(sent) == 1, [message.subject for message in mail.outbox]
    return sent[0]


def links(body):
    return re.findall(r"https?://\S+", body)


def assert_french_with_site_links(message):
    words = re.sub(r"https?://\S+", "", message.subject + message.body)
    assert not ENGLISH.search(words), message.body
    assert links(message.body)
    assert all(link.startswith(SITE + "/") for link in links(message.body)), message.body
    assert "localhost" not in message.body


def test_the_moderators_are_told_of_each_submission_in_french(client, world):
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_draft)

    message = only_mail_to(world.moderator)
    assert message.subject == "À relire : « Brouillon malouin des ateliers »"
    assert message.body.startswith("Bonjour Paul Lemoine,")
    assert "« Brouillon malouin des ateliers » (Saint-Malo) attend votre relecture." in message.body
    assert "Soumise par Marie Dupont." in message.body
    assert f"{SITE}/admin/pages/{sheet.pk}/edit/" in message.body
    assert_french_with_site_links(message)
    assert (
        message.body.rstrip()
        .splitlines()[-1]
        .startswith("Pour choisir les courriels que vous recevez :")
    )


def test_the_moderator_s_dashboard_lists_the_sheet_awaiting_review(client, world):
    client.force_login(world.agent_a)
    submit(client, world.a_draft)
    client.force_login(world.moderator)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Brouillon malouin des ateliers" in content


def test_the_approval_mail_holds_the_comment_and_the_public_address(client, world):
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_draft)
    mail.outbox.clear()
    client.force_login(world.moderator)
    sheet = act(client, sheet, "approve", "Bravo, une belle fiche : pensez à ajouter une photo.")

    message = only_mail_to(world.agent_a)
    assert message.subject == "« Brouillon malouin des ateliers » est publiée"
    assert message.body.startswith("Bonjour Marie Dupont,")
    assert (
        "Commentaire de Villes Internet : « Bravo, une belle fiche : pensez à ajouter une photo. »"
        in (message.body)
    )
    assert f"La fiche en ligne : {SITE}/saint-malo/brouillon-malouin-des-ateliers/" in message.body
    assert_french_with_site_links(message)


def test_the_changes_requested_mail_holds_the_comment_and_the_edit_link(client, world):
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_draft)
    mail.outbox.clear()
    client.force_login(world.moderator)
    sheet = act(client, sheet, "reject", "Merci de préciser le nombre de participants.")

    message = only_mail_to(world.agent_a)
    assert message.body.startswith("Bonjour Marie Dupont,")
    assert "Paul Lemoine (Villes Internet) demande des modifications" in message.body
    assert "Commentaire : « Merci de préciser le nombre de participants. »" in message.body
    assert f"{SITE}/admin/pages/{sheet.pk}/edit/" in message.body
    assert_french_with_site_links(message)


def test_an_account_without_a_name_is_greeted_without_its_address(client, world):
    world.agent_a.first_name = world.agent_a.last_name = ""
    world.agent_a.save()
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_draft)
    mail.outbox.clear()
    client.force_login(world.moderator)
    act(client, sheet, "approve")
    body = only_mail_to(world.agent_a).body
    assert body.startswith("Bonjour,\n")
    assert "Commentaire" not in body
