"""Search on a phone (390 × 844): the filters fold behind « Filtrer (n) » so that the first
result is on the first screen; the button is a disclosure (aria-expanded, focus moves into
the filters, Escape closes them and gives focus back). Wide screens keep the sidebar."""

import re

import pytest

from .world import build_world

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world():
    return build_world()


def test_on_a_phone_the_first_result_is_on_the_first_screen_and_filtrer_opens_the_filters(
    world, new_context
):
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto("/recherche/?q=médiation")
    first_result = phone.locator(".result").first
    expect(first_result).to_be_visible()
    assert first_result.bounding_box()["y"] < PHONE["height"]
    # « Recherche » keeps its word in the menu, not a lone icon (a 1-pixel hidden label).
    nav = phone.get_by_role("navigation", name="Navigation principale")
    search_word = nav.get_by_role("link", name="Recherche").get_by_text("Recherche")
    assert search_word.bounding_box()["width"] > 40

    toggle = phone.get_by_role("button", name="Filtrer", exact=True)
    filters = phone.get_by_role("complementary", name="Affiner")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(filters).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(filters).to_be_visible()
    expect(phone.get_by_role("heading", name="Affiner")).to_be_focused()

    filters.get_by_role("checkbox", name=re.compile(r"^Ville\b")).click()
    expect(phone.get_by_role("heading", level=2, name="2 fiches actions")).to_be_visible()
    # The page reloaded with the filter: the count is on the button and the filters stay
    # open for the next choice.
    toggle = phone.get_by_role("button", name="Filtrer (1) filtre actif")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(filters).to_be_visible()

    phone.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(filters).to_be_hidden()
    expect(toggle).to_be_focused()


def test_on_a_wide_screen_the_filters_stay_beside_the_results(world, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/recherche/?q=médiation")
    expect(page.get_by_role("complementary", name="Affiner")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Filtrer"))).to_be_hidden()
