"""The sheet form as an agent meets it: only what they write, in correct French; a sheet
abandoned during its creation never blocks the next one; addresses keep « œ » as « oe »."""

import html
import importlib

import pytest

from django.apps import apps
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text

from initiatives.models import ActionSheetPage, CollectivityPage
from initiatives.slugs import french_slugify

from .factories import ServiceFactory, make_collectivity, make_sheet
from .role_helpers import build_world, edit_url, empty_sheet_inlines, sheet_form

pytestmark = pytest.mark.django_db

TITLE = "Au cœur des villages, un bus numérique"


@pytest.fixture
def world():
    return build_world()


def add_url(collectivity):
    return reverse(
        "wagtailadmin_pages:add", args=["initiatives", "actionsheetpage", collectivity.pk]
    )


def new_sheet_form(service, **fields):
    """What the browser posts for a new sheet; ``slug`` as the admin's script fills it
    from the title (letters it cannot spell dropped)."""
    data = {
        "title": TITLE,
        "slug": "au-cur-des-villages-un-bus-numerique",
        "subtitle": "",
        "date": "2024-03-15",
        "synthese": rich_text("<p>Un bus équipé passe chaque semaine.</p>"),
        "actions": rich_text(""),
        "resultats": rich_text(""),
        "recommandations": rich_text(""),
        "outils": "",
        "prestataires": "",
        "tags": "",
        **empty_sheet_inlines(),
    }
    data.update(fields)
    return {**nested_form_data(data), "services": [service.pk]}


def messages_of(response) -> str:
    return html.unescape(" ".join(str(m.message) for m in response.context["messages"]))


def test_the_agent_form_shows_only_what_agents_write_in_correct_french(client, world):
    client.force_login(world.agent_a)
    content = html.unescape(client.get(add_url(world.a)).content.decode())

    assert 'placeholder="Titre de la fiche*"' in content
    for wording in ("Ajouter une image", "Ajouter un contact", "Ajouter un lien"):
        assert wording in content
    assert "Ajouter un(e)" not in content
    for plumbing in ('name="slug"', 'name="seo_title"', 'name="show_in_menus"'):
        assert plumbing not in content
    assert 'name="external_id"' not in content
    assert "Identifiant d'import" not in content
    assert ">Promotion<" not in content and ">Paramètres<" not in content


def test_moderators_keep_every_field(client, world):
    client.force_login(world.moderator)
    content = client.get(edit_url(world.a_live)).content.decode()
    for field in ("slug", "seo_title", "show_in_menus", "external_id"):
        assert f'name="{field}"' in content


def test_an_agent_cannot_change_the_plumbing_by_posting_it(client, world):
    client.force_login(world.agent_a)
    before = world.a_draft.external_id
    response = client.post(
        edit_url(world.a_draft),
        sheet_form(world.a_draft, slug="autre-adresse", external_id="pirate", seo_title="X"),
    )
    assert response.status_code == 302
    draft = ActionSheetPage.objects.get(pk=world.a_draft.pk).get_latest_revision_as_object()
    assert (draft.slug, draft.external_id, draft.seo_title) == (world.a_draft.slug, before, "")


def test_a_sheet_abandoned_during_creation_does_not_block_the_next_one(client, world):
    service = ServiceFactory()
    client.force_login(world.agent_a)
    # The admin's autosave creates the draft while the agent types, then the tab is closed.
    first = client.post(add_url(world.a), new_sheet_form(service), HTTP_ACCEPT="application/json")
    assert first.status_code == 200 and first.json()["success"]
    abandoned = ActionSheetPage.objects.get(title=TITLE)

    # The agent starts the same sheet again: told of the draft, with a link to it…
    page = client.get(add_url(world.a))
    text = messages_of(page)
    # The world's agent had already left one draft: this one is the latest.
    assert f"Vous avez 2 fiches commencées et non terminées, la dernière étant « {TITLE} »" in text
    assert edit_url(abandoned) in page.content.decode()

    # …and saving the new one works, the script's slug notwithstanding.
    second = client.post(add_url(world.a), new_sheet_form(service))
    assert second.status_code == 302, messages_of(second)
    slugs = sorted(ActionSheetPage.objects.filter(title=TITLE).values_list("slug", flat=True))
    base = "au-coeur-des-villages-un-bus-numerique"
    assert slugs == [base, f"{base}-2"]


def test_no_mention_of_drafts_of_others_or_in_review(client, world):
    client.force_login(world.agent_a)
    # A draft by someone else of the same collectivity is not "your" unfinished sheet.
    make_sheet(world.a, "Le brouillon d'une collègue", live=False, owner=world.moderator)
    content = html.unescape(client.get(add_url(world.a)).content.decode())
    assert "Le brouillon d'une collègue" not in content
    # The agent's own draft is mentioned until it is submitted.
    assert "Brouillon malouin des ateliers" in content
    world.a_draft.get_workflow().start(world.a_draft, world.agent_a)
    content = html.unescape(client.get(add_url(world.a)).content.decode())
    assert "Brouillon malouin des ateliers" not in content


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Nœux-les-Mines", "noeux-les-mines"),
        ("Au cœur des villages", "au-coeur-des-villages"),
        ("Æsthétique et Straße", "aesthetique-et-strasse"),
    ],
)
def test_slugs_transliterate_rather_than_drop_letters(title, slug):
    assert french_slugify(title) == slug


def test_a_moderator_s_new_page_gets_the_transliterated_slug(client, world):
    client.force_login(world.moderator)
    response = client.post(
        add_url(world.a), {**new_sheet_form(ServiceFactory()), "action-publish": "1"}
    )
    assert response.status_code == 302
    sheet = ActionSheetPage.objects.get(title=TITLE)
    assert sheet.url.endswith("/saint-malo/au-coeur-des-villages-un-bus-numerique/")


def test_a_page_created_in_code_gets_the_transliterated_slug():
    page = make_collectivity("62617", "Nœux-les-Mines")
    assert page.slug == "noeux-les-mines"


def test_old_slugs_that_dropped_letters_redirect_to_the_new_address(client):
    noeux = make_collectivity("62617", "Nœux-les-Mines")
    sheet = make_sheet(noeux, "Au cœur de la ville")
    # As the pages were before: slugs made by Django's slugify alone.
    CollectivityPage.objects.filter(pk=noeux.pk).update(
        slug="nux-les-mines", url_path=noeux.url_path.replace("noeux", "nux")
    )
    ActionSheetPage.objects.filter(pk=sheet.pk).update(
        slug="au-cur-de-la-ville",
        url_path=sheet.url_path.replace("noeux", "nux").replace("coeur", "cur"),
    )
    kept = make_sheet(noeux, "Œuvres choisies", slug="choisi-a-la-main")

    migration = importlib.import_module("initiatives.migrations.0006_transliterated_slugs")
    migration.reslug(apps, None)

    assert client.get("/noeux-les-mines/au-coeur-de-la-ville/").status_code == 200
    old = client.get("/nux-les-mines/au-cur-de-la-ville/")
    assert old.status_code == 301
    assert old["Location"].endswith("/noeux-les-mines/au-coeur-de-la-ville/")
    assert client.get("/nux-les-mines/")["Location"].endswith("/noeux-les-mines/")
    assert ActionSheetPage.objects.get(pk=kept.pk).slug == "choisi-a-la-main"
    # Publishing the latest revision again does not bring the old slug back.
    ActionSheetPage.objects.get(pk=sheet.pk).get_latest_revision().publish()
    assert ActionSheetPage.objects.get(pk=sheet.pk).slug == "au-coeur-de-la-ville"


def test_a_superuser_with_a_hand_typed_slug_keeps_it(client, admin_user):
    client.force_login(admin_user)
    collectivity = make_collectivity()
    response = client.post(
        add_url(collectivity),
        {**new_sheet_form(ServiceFactory(), slug="bus-rural"), "action-publish": "1"},
    )
    assert response.status_code == 302
    assert ActionSheetPage.objects.get(title=TITLE).slug == "bus-rural"
