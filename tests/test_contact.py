"""Contacting the author of a sheet: the message reaches each contact address, which the
visitor never sees; validation in French, a honeypot, a per-IP rate limit, CSRF."""

import pytest

from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from tests.factories import make_collectivity, make_sheet
from tests.opendata_helpers import HIDDEN_EMAIL, SHOWN_EMAIL, add_contacts, restrict

pytestmark = pytest.mark.django_db

SENDER = "lea.dupont@exemple.org"
MESSAGE = "Bonjour, nous aimerions lancer un tiers-lieu et savoir comment vous avez fait."
CONFIRMATION = "Votre message a été transmis aux contacts de cette fiche."


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def sheet(referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    page = make_sheet(town, title="Un tiers-lieu numérique")
    return add_contacts(
        page,
        ("Claire Martin", SHOWN_EMAIL, True),
        ("Hugo Bernard", HIDDEN_EMAIL, False),
        ("Standard de la mairie", "", False),
    )


def contact_url(page):
    return f"/fiches/{page.pk}/contact/"


def form_data(**overrides):
    data = {"name": "Léa Dupont", "email": SENDER, "message": MESSAGE, "site_web": ""}
    data.update(overrides)
    return {f"contact-{key}": value for key, value in data.items()}


def test_the_sheet_page_offers_the_form_without_any_hidden_address(client, sheet):
    body = client.get(sheet.url).content.decode()
    assert 'id="contacter"' in body
    assert f'action="{contact_url(sheet)}"' in body
    assert "csrfmiddlewaretoken" in body
    assert HIDDEN_EMAIL not in body
    # The address its owner chose to show stays shown, in the contacts panel.
    assert SHOWN_EMAIL in body


def test_the_form_promises_only_what_the_contacts_panel_shows(client, sheet):
    import html

    body = html.unescape(client.get(sheet.url).content.decode())
    # One address shown above the form: the form no longer claims that none is given.
    assert "sans que leur adresse vous soit communiquée" not in body
    assert "Les adresses qu’ils n’ont pas choisi d’afficher ne vous sont pas communiquées." in body
    # The contact whose address is hidden is said to be reachable by the form.
    assert '<a class="contact__by-form" href="#contacter">' in body

    add_contacts(sheet, ("Hugo Bernard", HIDDEN_EMAIL, False))
    body = html.unescape(client.get(sheet.url).content.decode())
    assert "sans que leur adresse vous soit communiquée" in body

    add_contacts(sheet, ("Claire Martin", SHOWN_EMAIL, True))
    body = html.unescape(client.get(sheet.url).content.decode())
    assert "vous pouvez aussi leur écrire directement à l’adresse indiquée ci-dessus" in body


def test_a_message_reaches_each_contact_and_never_reveals_them(client, sheet):
    response = client.post(contact_url(sheet), form_data())
    assert response.status_code == 302
    assert response["Location"] == sheet.url + "#contacter"
    assert HIDDEN_EMAIL not in response.content.decode()

    assert sorted(message.to[0] for message in mail.outbox) == sorted([HIDDEN_EMAIL, SHOWN_EMAIL])
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.reply_to == [SENDER]
        assert (
            message.subject
            == "[ATLAAS] Un message à propos de votre fiche « Un tiers-lieu numérique »"
        )
        assert MESSAGE in message.body
        assert "Léa Dupont" in message.body
        assert "http://testserver" + sheet.url in message.body

    page = client.get(response["Location"]).content.decode()
    assert CONFIRMATION in page
    assert HIDDEN_EMAIL not in page
    # The confirmation is shown once.
    assert CONFIRMATION not in client.get(sheet.url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"message": "Trop court."}, "Votre message est trop court : 20 caractères au moins"),
        ({"message": "x" * 5001}, "Votre message est trop long : 5000 caractères au plus"),
        ({"email": "lea.dupont@"}, "Cette adresse électronique n’est pas valide"),
        ({"name": ""}, "Indiquez votre nom."),
        ({"message": ""}, "Écrivez votre message."),
    ],
)
def test_invalid_messages_are_redisplayed_with_french_errors(client, sheet, overrides, error):
    response = client.post(contact_url(sheet), form_data(**overrides))
    assert response.status_code == 400
    body = response.content.decode().replace("&#x27;", "’").replace("'", "’")
    assert error in body
    assert "Le message n’a pas été envoyé : corrigez les champs signalés." in body
    assert 'aria-invalid="true"' in body
    # What the visitor typed is still there.
    kept = overrides.get("name", "Léa Dupont")
    if kept:
        assert f'value="{kept}"' in response.content.decode()
    assert mail.outbox == []
    assert HIDDEN_EMAIL not in response.content.decode()


def test_bots_filling_the_honeypot_get_the_confirmation_and_nothing_is_sent(client, sheet):
    response = client.post(contact_url(sheet), form_data(site_web="https://spam.example"))
    assert response.status_code == 302
    assert CONFIRMATION in client.get(response["Location"]).content.decode()
    assert mail.outbox == []


def test_more_than_five_messages_an_hour_from_one_address_are_refused(client, sheet):
    for _ in range(5):
        assert client.post(contact_url(sheet), form_data()).status_code == 302
    assert len(mail.outbox) == 10

    refused = client.post(contact_url(sheet), form_data(message=MESSAGE + " Encore."))
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Vous avez envoyé trop de messages depuis une heure." in body
    assert MESSAGE + " Encore." in body
    assert len(mail.outbox) == 10

    elsewhere = client.post(contact_url(sheet), form_data(), REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302
    assert len(mail.outbox) == 12


def test_no_form_and_404_without_a_contact_address(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    page = add_contacts(make_sheet(town, title="Sans courriel"), ("Standard", "", False))
    assert 'id="contacter"' not in client.get(page.url).content.decode()
    assert client.post(contact_url(page), form_data()).status_code == 404
    assert mail.outbox == []


def test_drafts_and_restricted_sheets_cannot_be_contacted(client, sheet, django_user_model):
    draft = add_contacts(
        make_sheet(sheet.get_parent(), title="Brouillon", live=False), ("Anne", SHOWN_EMAIL, True)
    )
    draft.unpublish()
    assert client.post(contact_url(draft), form_data()).status_code == 404

    restrict(sheet)
    assert client.post(contact_url(sheet), form_data()).status_code == 404
    client.force_login(django_user_model.objects.create_user("agent", password="x"))
    page = client.get(sheet.url)
    assert page.status_code == 200
    assert 'id="contacter"' not in page.content.decode()
    assert client.post(contact_url(sheet), form_data()).status_code == 404
    assert client.post("/fiches/999999/contact/", form_data()).status_code == 404
    assert mail.outbox == []


def test_the_form_needs_its_csrf_token(sheet):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(contact_url(sheet), form_data()).status_code == 403
    assert mail.outbox == []


def test_a_get_of_the_form_address_leads_back_to_the_sheet(client, sheet):
    response = client.get(contact_url(sheet))
    assert response.status_code == 302
    assert response["Location"] == sheet.url + "#contacter"


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server down")


def test_a_mail_server_failure_keeps_the_message(client, sheet, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    response = client.post(contact_url(sheet), form_data())
    assert response.status_code == 503
    body = response.content.decode()
    assert "Votre message n&#x27;a pas pu être transmis pour le moment." in body
    assert MESSAGE.replace("'", "&#x27;") in body


def test_failed_sends_do_not_count_against_the_hourly_limit(client, sheet, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    for _ in range(6):
        assert client.post(contact_url(sheet), form_data()).status_code == 503
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert client.post(contact_url(sheet), form_data()).status_code == 302
    assert len(mail.outbox) == 2


def test_a_title_with_a_line_break_never_breaks_the_mail_headers(client, sheet):
    # Stored before titles had to be one line (the import and the admin now refuse it).
    type(sheet).objects.filter(pk=sheet.pk).update(title="Un tiers-lieu\nBcc: tous@exemple.org")
    response = client.post(contact_url(sheet), form_data())
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject == (
            "[ATLAAS] Un message à propos de votre fiche « Un tiers-lieu Bcc: tous@exemple.org »"
        )
        assert not message.bcc
