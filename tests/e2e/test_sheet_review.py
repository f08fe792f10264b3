"""An agent writes a sheet in the Wagtail admin and submits it; Villes Internet's moderator
sends it back, then publishes it; only then do visitors find it."""

import re

import pytest

from initiatives import roles
from initiatives.models import ActionSheetPage

from ..role_helpers import make_agent, make_user
from .world import build_world, png_bytes

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Médiation numérique à la médiathèque"


@pytest.fixture
def world():
    return build_world()


def type_rich_text(tab, field, text):
    """Types into a Draftail editor as a person would, then waits until the editor has
    copied its content into the form's field (it does so a moment after the last key)."""
    tab.locator(f"[data-contentpath={field}] [role=textbox]").click()
    tab.keyboard.type(text)
    expect(tab.locator(f"#id_{field}")).to_have_value(re.compile(re.escape(text)))


def open_more_actions(tab):
    tab.get_by_role("button", name="Plus d'actions").click()


def submit_for_review(tab, button="Soumettre à Relecture Villes Internet"):
    open_more_actions(tab)
    tab.get_by_role("button", name=button).click()
    expect(tab.get_by_text("soumise pour modération")).to_be_visible()


def test_an_agent_writes_a_sheet_and_submits_it_without_publishing_it(
    world, admin_page, page, tmp_path
):
    agent = make_agent("agent@saint-malo.fr", world.saint_malo)
    admin = admin_page(agent)

    admin.goto(f"/admin/pages/{world.saint_malo.pk}/add_subpage/")
    # Only sheets may be created under a collectivity: Wagtail goes straight to their form.
    expect(admin.get_by_role("heading", name="Nouveau: Fiche action")).to_be_visible()
    admin.locator("#id_title").fill(TITLE)
    admin.locator("#id_subtitle").fill("Des ateliers pour apprendre les démarches en ligne.")
    admin.locator("#id_date").fill("2024-03-15")
    type_rich_text(admin, "synthese", "Chaque mercredi, un conseiller accueille les habitants.")

    admin.get_by_role("tab", name="Classement").click()
    # The services picker: one checkbox per service, grouped by enjeu.
    for service in ("Espace public numérique (EPN)", "Conseiller numérique France Services"):
        admin.get_by_role("checkbox", name=service, exact=True).check()

    admin.get_by_role("tab", name="Contacts et liens").click()
    admin.get_by_role("button", name="Ajouter un contact").click()
    admin.locator("#id_contacts-0-name").fill("Camille Martin")
    admin.locator("#id_contacts-0-role").fill("Conseillère numérique")
    admin.locator("#id_contacts-0-email").fill("camille.martin@saint-malo.fr")

    admin.get_by_role("tab", name="Médias").click()
    admin.get_by_role("button", name="Ajouter une image").click()
    admin.get_by_role("button", name="Choisir une image").first.click()
    chooser = admin.get_by_role("dialog")
    chooser.get_by_role("tab", name="Transférer").click()
    image = tmp_path / "atelier.png"
    image.write_bytes(png_bytes())
    chooser.get_by_label("Fichier").set_input_files(image)
    chooser.locator("#id_image-chooser-upload-title").fill("L'atelier du mercredi")
    chooser.get_by_role("button", name="Transférer").click()
    expect(chooser).to_be_hidden()
    expect(admin.get_by_text("L'atelier du mercredi")).to_be_visible()
    admin.locator("#id_images-0-caption").fill("Un atelier à la médiathèque")

    submit_for_review(admin)
    row = admin.get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_text("En cours de modération")).to_be_visible()

    sheet = ActionSheetPage.objects.get(title=TITLE)
    assert sheet.get_parent().pk == world.saint_malo.pk
    assert sheet.owner == agent and sheet.workflow_in_progress and not sheet.live
    draft = sheet.get_latest_revision_as_object()
    assert {s.name for s in draft.services.all()} == {
        "Espace public numérique (EPN)",
        "Conseiller numérique France Services",
    }
    assert "un conseiller accueille les habitants" in draft.synthese
    assert [c.email for c in draft.contacts.all()] == ["camille.martin@saint-malo.fr"]
    assert draft.images.get().image.collection.name == roles.collection_name(world.saint_malo)

    # A visitor sees nothing of it yet.
    response = page.goto(f"{world.saint_malo.url}{sheet.slug}/")
    assert response.status == 404
    page.goto("/recherche/?q=mediatheque")
    expect(page.get_by_role("heading", name="0 fiche action", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)


def submitted_sheet(world, agent):
    """A draft the agent has already submitted (journey 1 walks through these steps)."""
    sheet = ActionSheetPage(
        title=TITLE,
        subtitle="Des ateliers pour apprendre les démarches en ligne.",
        date=world.sheets["marche"].date,
        owner=agent,
        live=False,
    )
    sheet.services = [world.services["epn"]]
    world.saint_malo.add_child(instance=sheet)
    sheet.save_revision(user=agent)
    sheet.get_workflow().start(sheet, agent)
    return sheet


def test_the_moderator_sends_it_back_then_publishes_it_and_it_becomes_findable(
    world, admin_page, page
):
    agent = make_agent("agent@saint-malo.fr", world.saint_malo)
    moderator = make_user("moderatrice@villes-internet.net", roles.MODERATORS)
    sheet = submitted_sheet(world, agent)
    edit_url = f"/admin/pages/{sheet.pk}/edit/"

    reviewer = admin_page(moderator)
    reviewer.goto(edit_url)
    open_more_actions(reviewer)
    reviewer.get_by_role("button", name="Demander des modifications").click()
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_label("Commenter").fill("Merci de préciser le nombre de participants.")
    dialog.get_by_role("button", name="Demander des modifications").click()
    expect(dialog).to_be_hidden()
    expect(reviewer.get_by_text(f"La page « {TITLE} » a été mise à jour.")).to_be_visible()

    author = admin_page(agent)
    author.goto(edit_url)
    # The moderator's comment: status panel, then the workflow's details.
    author.get_by_role("button", name="Afficher/masquer le statut").click()
    author.get_by_role("button", name="Voir les détails").click()
    details = author.get_by_role("dialog")
    expect(details.get_by_text("Merci de préciser le nombre de participants.")).to_be_visible()
    details.get_by_role("button", name="Fermer").click()
    author.get_by_role("tab", name="Actions et résultats").click()
    type_rich_text(author, "resultats", "42 participants en 2024.")
    submit_for_review(author, "Resoumettre à Relecture Villes Internet")
    assert page.goto(f"{world.saint_malo.url}{sheet.slug}/").status == 404

    reviewer.goto(edit_url)
    open_more_actions(reviewer)
    reviewer.get_by_role("button", name="Approuver et Publier", exact=True).click()
    expect(reviewer.get_by_text(f"La page « {TITLE} » a été mise à jour.")).to_be_visible()

    page.goto("/recherche/")
    page.get_by_role("combobox", name="Mots-clés").fill("mediation")  # typed without accents
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url("**/recherche/?q=mediation")
    # The three sheets of the world about médiation, and this one.
    expect(page.get_by_role("heading", name="4 fiches actions", exact=True)).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text("42 participants en 2024.")).to_be_visible()
