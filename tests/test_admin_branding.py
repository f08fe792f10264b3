"""The admin is ATLAAS's, not Wagtail's: login page, titles, logo, help leading to the
agents' guide, a new account's first pages, and the writing checklist on the dashboard."""

import html
import re

import pytest

from django.urls import reverse

from initiatives import notifications

from .role_helpers import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_the_login_page_is_atlaas_in_french(client):
    body = text_of(client.get(reverse("wagtailadmin_login")))
    assert "Connexion à ATLAAS" in body
    assert re.search(r"<title>\s*Connexion - ATLAAS — Villes Internet\s*</title>", body)
    assert "Mot de passe" in body
    assert not re.search(r">\s*Password\b", body)
    assert "Sign in to Wagtail" not in body and "- Wagtail</title>" not in body
    assert "/static/img/logo.svg" in body


def test_a_new_account_chooses_a_password_then_is_told_what_to_do_first(client, world):
    from initiatives import roles

    agent, _created = roles.attach_agent("nouvelle@saint-malo.fr", world.a)
    path = notifications.password_setup_url(agent).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    body = text_of(page)
    assert "Choisissez votre mot de passe" in body and "Réinitialiser" not in body

    agent.set_password("un mot de passe solide")
    agent.save()
    client.force_login(agent)
    body = text_of(client.get(reverse("wagtailadmin_home")))
    assert "Bienvenue sur ATLAAS" in body
    assert "Indiquez votre prénom et votre nom" in body
    assert "Écrivez votre première fiche action" in body
    assert reverse("atlaas_agent_guide") in body
    assert "guide.wagtail.org" not in body and "Guide de l'éditeur pour Wagtail" not in body
    assert "<title>" in body and "ATLAAS — Villes Internet" in body


def test_the_agent_guide_explains_the_writing(client, world):
    client.force_login(world.agent_a)
    body = text_of(client.get(reverse("atlaas_agent_guide")))
    assert "Soumettre à Relecture Villes Internet" in body
    assert "Inspirée de" in body


def test_the_dashboard_says_what_each_sheet_lacks_for_peers(client, world):
    client.force_login(world.agent_a)
    body = text_of(client.get(reverse("wagtailadmin_home")))
    row = body[body.index("Brouillon malouin des ateliers") :]
    assert "Pour vos pairs, il manque :" in row[:3000]
    assert "au moins une image" in row[:3000]
