"""Accessibility (RGAA 4.1, i.e. WCAG 2.1 AA): axe-core on every kind of public page, the
keyboard on the skip link and the search, and text alternatives of the visual devices."""

import re

import pytest

from . import a11y
from .world import build_world

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEARCH = "/recherche/?q=m%C3%A9diation&type=ville"


@pytest.fixture
def world():
    return build_world(label=True)


def test_no_serious_or_critical_axe_violation_on_the_public_pages(world, axe_page):
    pages = {
        "accueil": "/",
        "recherche": SEARCH,
        "carte": "/recherche/?view=carte",
        "collectivités filtrées": "/collectivites/?q=saint&region=53",
        "fiche": world.sheets["marche"].url,
        "collectivité": world.saint_malo.url,
        "palmarès": "/label/2023/",
        "distinction": "/label/2023/saint-malo/",
    }
    blocking = {}
    for name, url in pages.items():
        axe_page.goto(url)
        expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
        violations = a11y.audit(axe_page, name)
        serious = [v for v in violations if v["impact"] in a11y.BLOCKING]
        if serious:
            blocking[name] = a11y.describe(serious)
    a11y.write_summary()

    assert not blocking, "\n".join(f"{name}:\n{text}" for name, text in blocking.items())


def has_focus_indicator(locator) -> bool:
    style = locator.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow} }"
    )
    outline = style["style"] != "none" and style["width"] >= 2
    return outline or style["shadow"] not in ("", "none")


def tab_to(page, locator, limit=80):
    """Presses Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"{locator} never received the focus after {limit} Tab presses")


def test_the_keyboard_reaches_the_content_the_search_and_the_facets(world, page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert has_focus_indicator(skip)
    page.keyboard.press("Enter")
    page.wait_for_url("**/#contenu")
    expect(page.get_by_role("main")).to_be_focused()

    page.goto("/recherche/")
    field = page.get_by_role("combobox", name="Mots-clés")
    tab_to(page, field)
    assert has_focus_indicator(field)
    page.keyboard.type("médiation")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2, name="3 fiches actions")).to_be_visible()

    ville = page.get_by_role("checkbox", name=re.compile(r"^Ville\b"))
    expect(ville).not_to_be_checked()
    tab_to(page, ville)
    assert has_focus_indicator(ville)
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"type=ville"))
    expect(page.get_by_role("heading", level=2, name="2 fiches actions")).to_be_visible()
    # The results were reloaded; the keyboard user is back on the option just ticked.
    expect(ville).to_be_checked()
    expect(ville).to_be_focused()
    page.keyboard.press("Space")
    page.wait_for_url(lambda url: "type=ville" not in url)
    expect(page.get_by_role("heading", level=2, name="3 fiches actions")).to_be_visible()


def test_arobases_and_enjeu_mosaics_have_text_alternatives(world, page):
    page.goto("/label/2023/")
    badges = page.locator(".arobases")
    expect(badges.first).to_be_visible()
    for badge in badges.all():
        expect(badge).to_have_attribute("role", "img")
        expect(badge).to_have_accessible_name(re.compile(r"^[1-5] arobases? sur 5$"))
    palmares = page.get_by_role("region", name="Le palmarès")
    expect(palmares.get_by_role("img", name="5 arobases sur 5", exact=True)).to_be_visible()

    page.goto("/label/2023/saint-malo/")
    expect(page.get_by_role("img", name="5 arobases sur 5", exact=True)).to_be_visible()
    mosaic = page.locator(".enjeu-mosaic")
    expect(mosaic).to_have_attribute("aria-hidden", "true")  # drawn for the eyes only…
    covered = page.get_by_role("region", name="Les enjeux couverts")
    expect(covered).to_contain_text(  # …said in words for everyone else
        "Enjeux couverts par les fiches présentées : Démocratie locale, Médiation."
    )

    page.goto("/")
    explore = page.get_by_role("region", name="Explorer par enjeu")
    expect(explore.get_by_role("link", name=re.compile(r"^Médiation 3 fiches$"))).to_be_visible()
    for tile in explore.locator(".enjeu-tile").all():
        expect(tile).to_have_accessible_name(re.compile(r"\S+ \d+ fiches?$"))


SHADE_CONTRASTS = """
(inset) => {
  const channels = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = rgb => {
    const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    const [r, g, b] = rgb.map(linear);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const contrasts = {};
  for (let shade = 0; shade <= 5; shade++) {
    inset.setAttribute("class", `dept-map__area shade-${shade}`);
    const box = channels(getComputedStyle(inset.querySelector("rect")).fill);
    contrasts[shade] = Math.min(...[...inset.querySelectorAll("text")].map(
      text => ratio(channels(getComputedStyle(text).fill), box)));
  }
  return contrasts;
}
"""


def test_the_overseas_boxes_of_the_map_stay_readable_on_every_shade(world, page):
    # axe cannot decide text drawn over an SVG shape: the contrast is computed here, from
    # the styles the browser applies, for each shade a count can give (WCAG AA: 4.5:1).
    page.goto("/label/2023/")
    inset = page.locator("g.dept-map__area").first
    expect(inset).to_contain_text("971")
    contrasts = inset.evaluate(SHADE_CONTRASTS)
    assert all(value >= 4.5 for value in contrasts.values()), contrasts
