"""Typo suggestions, autocomplete, similar initiatives and the search page itself."""

import pytest

from search.similar import similar_sheets

pytestmark = pytest.mark.django_db


def test_typo_gets_a_suggestion_one_click_away(corpus, api, client):
    result = api(q="mediaton")
    assert result["count"] == 0
    assert result["suggestion"] == "médiation"
    page = client.get("/recherche/", {"q": "mediaton"}).content.decode()
    # Nothing found: the suggestion is the first way out.
    assert "Essayez" in page
    assert 'href="?q=m%C3%A9diation"' in page


def test_two_edits_on_a_long_word_are_corrected(corpus, api):
    assert api(q="ecologiqeu")["suggestion"] == "écologique"


def test_a_five_letter_word_is_corrected_by_one_edit_only(corpus, api):
    assert api(q="parcz")["suggestion"] == "parcs"
    assert api(q="pracs")["suggestion"] == "parcs"  # two letters swapped: one edit
    # Two edits away, a short word is another word rather than a typo of it.
    assert api(q="pircz")["suggestion"] is None


def test_no_suggestion_for_short_words_or_good_queries(corpus, api):
    assert api(q="wifo")["suggestion"] is None
    assert api(q="médiation")["suggestion"] is None


def test_suggestion_keeps_the_words_already_right(corpus, api):
    assert api(q="médiation numeriqeu")["suggestion"] == "médiation numérique"


def test_autocomplete_offers_enjeux_services_collectivities_and_titles(corpus, client):
    results = client.get("/api/search/autocomplete/", {"q": "wi"}).json()["results"]
    kinds = {(r["type"], r["label"]) for r in results}
    assert ("service", "Wi-Fi public") in kinds
    assert ("sheet", "Wi-Fi public dans les parcs") in kinds
    assert results[-1]["type"] == "search"

    results = client.get("/api/search/autocomplete/", {"q": "saint ma"}).json()["results"]
    assert ("collectivity", "Saint-Malo") in {(r["type"], r["label"]) for r in results}

    results = client.get("/api/search/autocomplete/", {"q": "educ"}).json()["results"]
    assert ("enjeu", "Éducation") in {(r["type"], r["label"]) for r in results}


def test_autocomplete_ignores_accents(corpus, client):
    results = client.get("/api/search/autocomplete/", {"q": "ecole"}).json()["results"]
    assert "L'école numérique à Saint-Malo" in [r["label"] for r in results]


def test_similar_initiatives_share_services_and_prefer_other_collectivities(corpus):
    similar = similar_sheets(corpus["wifi"])
    titles = [sheet.title for sheet in similar]
    # The EPN sheet shares the wi-fi-public service and comes from another collectivity.
    assert titles[0] == "Un EPN pour les seniors"
    assert "Wi-Fi public dans les parcs" not in titles
    assert "Brouillon zygomatique" not in titles
    assert "Projet confidentialissime" not in titles


def test_search_page_shows_results_facets_and_chips(corpus, client):
    response = client.get("/recherche/", {"q": "numerique", "type": "village"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 fiches actions" in html
    assert "Un tiers-lieu pour la médiation <mark>numérique</mark>" in html
    assert "Type de collectivité : Village" in html  # removable chip
    assert 'href="?q=numerique"' in html  # reset keeps the query, drops the filters
    assert "Tout effacer" in html


def test_search_page_state_is_in_the_url(corpus, client):
    first = client.get("/recherche/", {"q": "numerique", "type": "village", "sort": "date"})
    again = client.get("/recherche/?q=numerique&type=village&sort=date")
    assert first.content == again.content
