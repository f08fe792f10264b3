"""No dead end: a query that finds nothing gets a suggestion from the index's vocabulary,
or the sheets holding most of its words, clearly labelled, and ways out; the JSON API
says which happened (issue 17, requirement 4)."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_a_search_that_finds_sheets_is_no_dead_end(corpus, api):
    result = api(q="médiation")
    assert result["fallback"] is None
    assert result["ways_out"] is None


def test_a_misspelt_word_gets_a_suggestion(corpus, api):
    result = api(q="médiatoin")
    assert result["count"] == 0
    assert result["suggestion"] == "médiation"
    assert result["fallback"] == "suggestion"


def test_two_words_typed_as_one_get_a_split_suggestion(corpus, api):
    # "parcs" and "public" are words of the sheets, never side by side in that order.
    result = api(q="parcspublic")
    assert result["count"] == 0
    assert result["suggestion"] == "parcs public"
    assert result["fallback"] == "suggestion"
    assert "Wi-Fi public dans les parcs" in {r["title"] for r in api(q="parcs public")["results"]}


def test_a_misspelt_word_beside_found_words_gets_its_correction(corpus, api):
    # « école numérique » finds no more sheets than « numérique » alone, whose sheets the
    # misspelt query shows: the correction is offered all the same.
    assert 0 < api(q="école numérique")["count"] <= api(q="numerique")["count"]
    result = api(q="ecolle numerique")
    assert result["suggestion"] == "école numerique"
    assert result["fallback"] == "suggestion"
    assert result["count"] == api(q="numerique")["count"]  # those sheets, meanwhile


def test_otherwise_the_sheets_holding_most_of_the_words_are_shown(corpus, api, client):
    result = api(q="médiation seniors cimetière")
    assert result["fallback"] == "partial"
    titles = [row["title"] for row in result["results"]]
    # Two of the three words before one of them.
    assert titles[0] == "Un EPN pour les seniors"
    assert "Un tiers-lieu pour la médiation numérique" in titles
    page = client.get("/recherche/", {"q": "médiation seniors cimetière"}).content.decode()
    assert "voici celles qui en contiennent le plus" in page


def test_nothing_found_offers_ways_out(corpus, api, client):
    result = api(q="zygomatiquement", type="ville")
    assert result["count"] == 0
    assert result["fallback"] == "none"
    (remove,) = result["ways_out"]["remove_filters"]
    assert remove["url"] == "/recherche/?q=zygomatiquement"
    assert len(result["ways_out"]["enjeux"]) == 16
    enjeu = result["ways_out"]["enjeux"][0]
    assert enjeu["url"] == f"/recherche/?enjeu={enjeu['slug']}"
    page = client.get("/recherche/", {"q": "zygomatiquement", "type": "ville"}).content.decode()
    assert "Ou parcourir les fiches par enjeu" in page
    assert enjeu["name"] in page


def test_a_compound_no_sheet_holds_falls_back_on_its_parts(corpus, api):
    # Like cyber-base on a site where no sheet writes it: no dead end either.
    result = api(q="parcs-seniors")
    assert result["fallback"] == "partial"
    assert {row["title"] for row in result["results"]} == {
        "Wi-Fi public dans les parcs",
        "Un EPN pour les seniors",
    }


def search_page(client, **params):
    return BeautifulSoup(client.get("/recherche/", params).content, "html.parser")


def test_the_page_that_finds_nothing_shows_the_ways_out_not_an_empty_filter_box(
    corpus, api, client
):
    enjeu = api(q="zygomatiquement")["ways_out"]["enjeux"][0]["slug"]
    params = {"q": "zygomatiquement", "type": "ville", "enjeu": enjeu}
    ways_out = api(**params)["ways_out"]
    page = search_page(client, **params)

    assert page.find(id="facets") is None  # no filter box with nothing in it
    assert page.find("button", string=lambda text: text and "Filtrer" in text) is None
    text = page.find(class_="no-results").get_text(" ", strip=True)
    assert "Aucune fiche ne contient «\u00a0zygomatiquement\u00a0» avec ces filtres." in text
    ways = page.find("nav", attrs={"aria-label": "Autres pistes"})
    removals = {a["href"] for a in ways.select("a.chip--removable")}
    assert removals == {way["url"] for way in ways_out["remove_filters"]}
    assert len(removals) == 2
    assert ways.find("a", string="Retirer tous les filtres")["href"] == "?q=zygomatiquement"
    enjeu_links = ways.select("a.chip:not(.chip--removable)")
    enjeux = {a["href"]: a.get_text(strip=True) for a in enjeu_links}
    assert enjeux == {enjeu["url"]: enjeu["name"] for enjeu in ways_out["enjeux"]}


def test_the_page_that_finds_nothing_suggests_another_spelling(corpus, client):
    page = search_page(client, q="médiatoin")
    suggestion = page.find(class_="no-results__try")
    assert suggestion.get_text(" ", strip=True) == "Essayez «\u00a0médiation\u00a0» ."
    assert suggestion.a["href"] == "?q=m%C3%A9diation"
    assert page.find(id="facets") is None


def test_a_search_with_results_keeps_its_filters_and_no_ways_out(corpus, client):
    page = search_page(client, q="médiation")
    assert page.find(id="facets") is not None
    assert page.find("nav", attrs={"aria-label": "Autres pistes"}) is None
