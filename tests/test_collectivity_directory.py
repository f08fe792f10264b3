"""/collectivites/, where « Qui fait quoi, près de chez vous ? » leads: found by name,
région, département and kind, with counts, monograms that tell cards apart, and a clear
message rather than an error for whatever the address holds."""

import re

import pytest
from bs4 import BeautifulSoup

from initiatives.collectivity_directory import monogram

from .factories import make_collectivity, make_sheet
from .test_public_pages import (
    bulk_collectivities,
    bulk_sheets,
    commune_codes,
    count_queries,
)

pytestmark = pytest.mark.django_db


def directory(client, **params):
    response = client.get("/collectivites/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def names(page) -> list[str]:
    return [link.get_text() for link in page.select(".collectivity-card .card__link")]


def options(page, name) -> list[str]:
    return [option.get_text() for option in page.select(f"select[name={name}] option")][1:]


def notice(page) -> str:
    box = page.select_one(".notice")
    return box.get_text(" ") if box else ""


@pytest.fixture
def brittany_and_lyon():
    make_collectivity("35288", "Saint-Malo", "ville")
    make_collectivity("35238", "Rennes", "ville")
    make_collectivity("29019", "Brest", "ville")
    make_collectivity("35256", "Saint-Briac-sur-Mer", "village")
    make_collectivity("69123", "Lyon", "ville")
    make_collectivity("42218", "Saint-Étienne", "ville")
    make_collectivity("69081", "Écully", "ville")
    unpublished = make_collectivity("22278", "Saint-Brieuc", "ville")
    unpublished.unpublish()


def test_a_name_is_found_whatever_its_accents_case_or_saint_spelling(client, brittany_and_lyon):
    assert names(directory(client, q="st etienne")) == ["Saint-Étienne"]
    assert names(directory(client, q="ECULLY")) == ["Écully"]
    assert names(directory(client, q="saint-etienne")) == ["Saint-Étienne"]
    assert names(directory(client, q="saint")) == [
        "Saint-Briac-sur-Mer",
        "Saint-Étienne",
        "Saint-Malo",
    ]


def test_region_and_departement_filters_count_what_the_other_filters_keep(
    client, brittany_and_lyon
):
    bretagne = directory(client, region="53")
    assert names(bretagne) == ["Brest", "Rennes", "Saint-Briac-sur-Mer", "Saint-Malo"]
    # Each région counts what it would list with the other filters (none here); the
    # unpublished Saint-Brieuc is counted nowhere.
    assert options(bretagne, "region") == ["Auvergne-Rhône-Alpes (3)", "Bretagne (4)"]
    assert options(bretagne, "departement") == ["Finistère (29) (1)", "Ille-et-Vilaine (35) (3)"]

    saints = directory(client, q="saint", region="53")
    assert names(saints) == ["Saint-Briac-sur-Mer", "Saint-Malo"]
    assert options(saints, "region") == ["Auvergne-Rhône-Alpes (1)", "Bretagne (2)"]
    tabs = {tab.get_text(" ", strip=True): tab["href"] for tab in saints.select(".filter-tabs a")}
    assert set(tabs) == {"Toutes (2)", "Villages (1)", "Villes (1)", "Intercommunalités (0)"}
    # The kind tabs keep the name and the région.
    assert tabs["Villages (1)"] == "?q=saint&region=53&type=village"

    rhone_villes = directory(client, departement="69", type="ville")
    assert names(rhone_villes) == ["Écully", "Lyon"]
    assert rhone_villes.select_one("input[name=type]")["value"] == "ville"


def test_sheet_counts_on_cards_leave_unpublished_sheets_out(client, brittany_and_lyon):
    from initiatives.models import CollectivityPage

    malo = CollectivityPage.objects.get(code="35288")
    make_sheet(malo, title="Publiée")
    make_sheet(malo, title="Brouillon", live=False)
    card = directory(client, q="malo").select_one(".collectivity-card")
    assert "1 fiche publiée" in card.get_text(" ", strip=True)


def test_pages_keep_the_filters(client):
    bulk_collectivities(commune_codes(65))  # Ain's communes, in Auvergne-Rhône-Alpes
    page = directory(client, region="84")
    assert len(names(page)) == 60
    links = [a["href"] for a in page.select(".pagination a")]
    assert "?region=84&page=2" in links


def test_monograms_tell_the_cards_apart(client, brittany_and_lyon):
    page = directory(client, region="53")
    letters = [span.get_text() for span in page.select(".collectivity-card .monogram")]
    assert letters == ["BR", "RE", "SB", "SM"]
    assert monogram("Communauté de communes du Val d'Ille-Aubigné") == "VI"
    assert monogram("Lyon") == "LY"
    colours = {span["class"][-1] for span in page.select(".collectivity-card .monogram")}
    assert all(re.fullmatch(r"monogram--c[0-7]", colour) for colour in colours)
    assert len(colours) > 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "ZZ"}, "Région inconnue (« ZZ ») : toutes les régions sont affichées."),
        ({"departement": "999"}, "Département inconnu (« 999 »)"),
        ({"page": "abc"}, "Page « abc » introuvable : voici la page 1."),
        ({"page": "99"}, "Page « 99 » introuvable : voici la page 1."),
        ({"type": "departement"}, "Type de collectivité inconnu"),
        ({"q": "saint " * 200}, "Recherche trop longue : seuls ses 100 premiers caractères"),
    ],
)
def test_bad_input_gets_the_page_and_a_clear_message(client, brittany_and_lyon, params, message):
    page = directory(client, **params)
    assert message in notice(page)
    assert names(page)


def test_nothing_found_offers_the_whole_list(client, brittany_and_lyon):
    page = directory(client, q="zzzz")
    assert names(page) == []
    assert "Aucune collectivité ne correspond à ces critères." in page.get_text()
    assert page.select_one(".empty-state a")["href"] == "/collectivites/"


@pytest.mark.parametrize("url", ["/collectivites/", "/collectivites/?q=a&region=84&type=ville"])
def test_the_directory_runs_the_same_queries_with_5_or_40_collectivities(
    client,
    service,  # noqa: F811 (the fixture imported above)
    django_assert_num_queries,
    url,
):
    for town in bulk_collectivities(commune_codes(5)):
        bulk_sheets(town, 2, [service])
    few = count_queries(client, url)
    for town in bulk_collectivities(commune_codes(35, skip=5)):
        bulk_sheets(town, 2, [service])
    client.get(url)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
