"""The map of départements (search's « Carte », palmarès): one click lists a département's
sheets, overseas boxes and the Île-de-France inset are named by what they show, and the
outlines come from one cached static file rather than each page."""

import re

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from initiatives import map_geometry

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db


def map_of(client, **params):
    response = client.get("/recherche/", {"view": "carte", **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".dept-map svg")


def visible_text(element) -> str:
    return " ".join(" ".join(text.stripped_strings) for text in element.find_all("text"))


@pytest.fixture
def towns():
    paris = make_collectivity("75056", "Paris", "ville")
    pointe = make_collectivity("97120", "Pointe-à-Pitre", "ville")
    make_sheet(paris, title="Un fablab parisien")
    make_sheet(paris, title="Des bornes parisiennes")
    make_sheet(pointe, title="Le wifi en Guadeloupe")
    malo = make_collectivity("35288", "Saint-Malo", "ville")
    make_sheet(malo, title="L'école numérique malouine")
    return paris, pointe


def test_one_click_on_a_departement_lists_its_sheets(client, towns):
    link = map_of(client).find("a", attrs={"aria-label": re.compile(r"^Guadeloupe \(971\)")})
    response = client.get("/recherche/" + link["href"])
    page = response.content.decode()
    assert "Le wifi en Guadeloupe" in page
    assert "Un fablab parisien" not in page
    assert "L&#x27;école numérique malouine" not in page


def test_overseas_boxes_are_named_by_what_they_show(client, towns):
    svg = map_of(client)
    guadeloupe = svg.find("a", attrs={"aria-label": re.compile(r"^Guadeloupe")})
    assert guadeloupe["aria-label"] == "Guadeloupe (971) : 1 fiche"
    # WCAG 2.5.3: the accessible name contains the visible label.
    assert visible_text(guadeloupe) == "Guadeloupe (971) : 1"
    for box in svg.select("g.dept-map__box"):
        link = box.find_parent("a")
        assert visible_text(box) in link["aria-label"]


def test_paris_and_its_inner_suburbs_are_enlarged_in_a_labelled_inset(client, towns):
    svg = map_of(client)
    inset = svg.select_one(".dept-map__inset")
    assert "Paris et petite couronne" in inset.get_text()
    links = {a.find("text").get_text(): a for a in inset.find_all("a")}
    assert sorted(links) == ["75", "92", "93", "94"]
    # The visible code is in the name, outside parentheses (which checkers such as axe
    # leave out when they compare the two).
    assert links["75"]["aria-label"] == "Paris, 75 : 2 fiches"
    assert "departement=75" in links["75"]["href"]
    # The tiny copies on the main map stay clickable but out of the keyboard's way, so
    # each of the four is one tab stop (the enlarged one).
    for code in ("75", "92", "93", "94"):
        small = svg.find("use", href=re.compile(f"#d-{code}$"), transform=None).parent
        assert small["tabindex"] == "-1"
        assert small["aria-hidden"] == "true"


def test_map_pages_reference_the_outlines_instead_of_carrying_them(client, towns):
    response = client.get("/recherche/", {"view": "carte"})
    svg = BeautifulSoup(response.content, "html.parser").select_one(".dept-map svg")
    assert svg.find("path") is None
    hrefs = {use["href"].split("#")[0] for use in svg.find_all("use")}
    assert hrefs == {"/static/maps/departements.svg"}
    metropolitan = {use["href"].split("#")[1] for use in svg.find_all("use")}
    assert len(metropolitan) == 96  # 94 départements, Corsica's two included


def test_the_static_outlines_are_built_from_the_source_map():
    # The file pages reference is what build_map_geometry makes of the source map.
    assert map_geometry.build_geometry() == map_geometry.GEOMETRY_FILE.read_text()


def test_simplified_outlines_stay_within_a_pixel_of_the_source(tmp_path, settings):
    source = map_geometry.SOURCE_FILE.read_text()
    paths = dict((code, d) for code, _name, d in map_geometry._SOURCE_PATH_RE.findall(source))
    built = dict(map_geometry._GEOMETRY_PATH_RE.findall(map_geometry.GEOMETRY_FILE.read_text()))
    assert built.keys() == paths.keys()
    for code in ("29", "75", "2A"):
        original = [p for ring in map_geometry.rings_from_relative_path(paths[code]) for p in ring]
        simple = [p for ring in map_geometry.rings_from_relative_path(built[code]) for p in ring]
        assert len(simple) < len(original)
        for x, y in simple:
            assert min(abs(x - a) + abs(y - b) for a, b in original) < 0.2


def test_the_build_command_writes_the_geometry(tmp_path, monkeypatch):
    target = tmp_path / "departements.svg"
    monkeypatch.setattr("initiatives.management.commands.build_map_geometry.GEOMETRY_FILE", target)
    call_command("build_map_geometry", stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    assert target.read_text().count('<path id="d-') == 96
