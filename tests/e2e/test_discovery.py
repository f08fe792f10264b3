"""What peers and visitors do: search with facets and share the search, follow similar
initiatives, browse the label's palmarès down to the sheets an award was given for."""

import re

import pytest

from .world import build_world

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world():
    return build_world(label=True)


def facet(page, group, label):
    """A facet option, a checkbox to assistive technologies (its name ends with its count)."""
    details = page.locator("details.facet").filter(has=page.locator("summary", has_text=group))
    return details.get_by_role("checkbox", name=re.compile(rf"^{re.escape(label)}\b"))


def results_heading(page, text):
    return page.get_by_role("heading", level=2, name=text, exact=True)


def test_a_peer_narrows_a_search_follows_similar_initiatives_and_shares_the_search(
    world, page, new_context
):
    page.goto("/recherche/")
    page.get_by_role("combobox", name="Mots-clés").fill("médiation")
    page.get_by_role("combobox", name="Mots-clés").press("Enter")
    expect(results_heading(page, "3 fiches actions")).to_be_visible()

    facet(page, "Type de collectivité", "Ville").click()
    expect(results_heading(page, "2 fiches actions")).to_be_visible()
    expect(facet(page, "Type de collectivité", "Ville")).to_be_checked()
    page.locator("summary", has_text="Département").click()  # a folded group
    facet(page, "Département", "Ille-et-Vilaine").click()
    expect(results_heading(page, "1 fiche action")).to_be_visible()

    chips = page.locator(".active-filters").get_by_role("link", name=re.compile("retirer"))
    expect(chips).to_have_count(2)
    chips.filter(has_text="Type de collectivité : Ville").click()
    expect(results_heading(page, "2 fiches actions")).to_be_visible()
    expect(chips).to_have_count(1)
    expect(facet(page, "Type de collectivité", "Ville")).not_to_be_checked()
    results = page.get_by_role("list").filter(has=page.locator(".result"))
    expect(results.get_by_role("link")).to_have_text(
        ["Médiation numérique au marché", "Un conseiller numérique itinérant"]
    )
    shared_url = page.url

    results.get_by_role("link", name="Médiation numérique au marché").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Médiation numérique au marché")
    similar = page.get_by_role("region", name="Initiatives similaires")
    expect(similar.get_by_role("link", name="Un conseiller numérique itinérant")).to_be_visible()
    similar.get_by_role("link", name="Ateliers de médiation numérique en bibliothèque").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ateliers de médiation numérique en bibliothèque"
    )
    expect(page.get_by_text("Brest", exact=True).first).to_be_visible()

    # The search URL, sent to a colleague, opens on the same search.
    colleague = new_context().new_page()
    colleague.goto(shared_url)
    expect(colleague.get_by_role("combobox", name="Mots-clés")).to_have_value("médiation")
    expect(facet(colleague, "Département", "Ille-et-Vilaine")).to_be_checked()
    expect(facet(colleague, "Type de collectivité", "Ville")).not_to_be_checked()
    expect(
        colleague.locator(".active-filters").get_by_role("link", name=re.compile("retirer"))
    ).to_have_text([re.compile(r"Département : Ille-et-Vilaine")])
    expect(results_heading(colleague, "2 fiches actions")).to_be_visible()


def test_a_visitor_filters_the_palmares_and_opens_an_award_and_its_sheets(world, page):
    page.goto("/label/2023/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Label 2023")
    palmares = page.get_by_role("region", name="Le palmarès")
    expect(palmares.get_by_role("link", name="Brest")).to_be_visible()

    palmares.get_by_label("Arobases", exact=True).select_option(label="5 arobases")
    palmares.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"arobases=5"))
    expect(palmares.get_by_text("1 collectivité", exact=True)).to_be_visible()
    expect(palmares.get_by_role("link", name="Brest")).to_have_count(0)
    expect(palmares.get_by_role("link", name="Amanlis")).to_have_count(0)

    palmares.get_by_role("link", name="Saint-Malo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saint-Malo")
    expect(page.get_by_role("img", name="5 arobases sur 5", exact=True)).to_be_visible()
    expect(page.get_by_text("Une médiation au plus près des habitants.")).to_be_visible()
    presented = page.get_by_role("region", name="2 fiches actions présentées au jury")
    expect(presented.get_by_role("link", name="Médiation numérique au marché")).to_be_visible()
    presented.get_by_role("link", name="Conseils municipaux en vidéo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conseils municipaux en vidéo")
