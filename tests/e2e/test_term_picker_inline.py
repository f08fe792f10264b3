"""The term picker in a row added after the page loaded: an editor opens a dossier without a
decision, adds the jury's decision with « Ajouter » (an InlinePanel row cloned from its
template) and picks a mention by typing it without accents, as in a row present from the
start."""

import pytest

from django.urls import reverse

from labels.models import Award, Mention

from ..jury_helpers import build_jury_world

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_decision_added_with_ajouter_gets_the_picker_and_finds_a_mention_without_accents(
    admin_page,
):
    world = build_jury_world()
    Mention.objects.create(name="Mention « Numérique éco-responsable »", slug="eco")
    Mention.objects.create(name="Mention « Démocratie participative »", slug="democratie")
    dossier = world.malo_dossier
    editor = admin_page(world.editor)

    editor.goto(reverse("wagtailsnippets_labels_participation:edit", args=[dossier.pk]))
    editor.get_by_role("button", name="Ajouter une distinction").click()

    search = editor.get_by_role("searchbox", name="Mentions")
    expect(search).to_be_visible()
    # The plain multiple select is hidden once the picker is built from it.
    expect(editor.locator("select[name='awards-0-mentions']")).to_be_hidden()
    search.fill("eco responsable")  # typed without accents
    expect(editor.get_by_role("status").filter(has_text="1 résultat")).to_be_visible()
    search.press("Enter")  # the only match is ticked
    chosen = editor.get_by_role("list", name="Mentions choisies :")
    expect(chosen.get_by_role("listitem")).to_have_text(["Mention « Numérique éco-responsable »×"])

    editor.locator("select[name='awards-0-arobases']").select_option("4")
    editor.get_by_role("button", name="Enregistrer").first.click()
    expect(editor.locator(".messages")).to_contain_text("modifié")
    award = Award.objects.get(participation=dossier)
    assert [mention.slug for mention in award.mentions.all()] == ["eco"]
