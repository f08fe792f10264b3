"""An editor of Villes Internet builds a thematic collection in the admin, puts it on the
home page, and visitors find it there."""

import re

import pytest

from initiatives import roles

from ..role_helpers import make_user
from ..test_collections import make_index
from .world import build_world

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Aller vers les habitants"
NOTE = "Un stand au marché, là où les habitants passent déjà."


def test_an_editor_builds_a_collection_that_appears_on_the_home_page(admin_page, page):
    build_world()
    index = make_index()
    editor = admin_page(make_user("editeur@villes-internet.net", roles.EDITORS))

    editor.goto(f"/admin/pages/{index.pk}/add_subpage/")
    editor.locator("#id_title").fill(TITLE)
    editor.locator("[data-contentpath=introduction] [role=textbox]").click()
    editor.keyboard.type("Des initiatives qui vont à la rencontre du public.")
    expect(editor.locator("#id_introduction")).to_have_value(re.compile("la rencontre du public"))
    editor.get_by_role("checkbox", name="À la une").check()

    editor.get_by_role("tab", name="Fiches").click()
    editor.get_by_role("button", name="Ajouter une fiche", exact=True).click()
    editor.get_by_role("button", name="Choisissez une page (Fiche action)").click()
    chooser = editor.get_by_role("dialog")
    expect(chooser).to_be_visible()
    chooser.get_by_role("textbox", name="Terme de recherche").fill("marché")
    chooser.get_by_role("link", name="Médiation numérique au marché").click()
    expect(chooser).to_be_hidden()
    expect(editor.locator("#id_sheet_items-0-sheet-title")).to_have_text(
        "Médiation numérique au marché"
    )
    editor.locator("#id_sheet_items-0-note").fill(NOTE)

    editor.get_by_role("button", name="Plus d'actions").click()
    editor.get_by_role("button", name="Publier", exact=True).click()
    expect(editor.get_by_role("status")).to_contain_text(f"Page « {TITLE} » créée et publiée.")

    page.goto("/")
    featured = page.get_by_role("region", name="Collections à la une")
    featured.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("link", name="Médiation numérique au marché")).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()
