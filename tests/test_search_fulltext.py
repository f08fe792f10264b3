"""The database matchers (search.fulltext) on SQLite and PostgreSQL: which sheets hold the
words, and which titles do, without modelsearch's per-row scoring."""

import pytest

from django.db import connection

from initiatives.models import Service
from search import analysis, fulltext

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(referentiel):
    return make_collectivity("35288", "Saint-Malo", "ville")


def sheet(town, title, body="", **fields):
    return make_sheet(
        town,
        title=title,
        synthese=f"<p>{body}</p>",
        services=[Service.objects.get(slug="wi-fi-public")],
        **fields,
    )


def titles_holding(query: str) -> set[int]:
    """Sheets whose title holds every word, as the engine reads it: from the matching
    query itself when it can tell, from the separate title query otherwise."""
    matcher = fulltext.get_matcher()
    full = matcher.all_terms(analysis.parse_query(query))
    if full.in_title is not None:
        return {int(i) for i in full.ids[full.in_title]}
    return {int(i) for i in matcher.title_ids(analysis.parse_query(query))} & set(full.ids.tolist())


@pytest.mark.parametrize(
    "query",
    ["robotique", "Robotique", "robot", "ecole numerique", "e-administration", "aînés"],
)
def test_the_title_flag_agrees_with_the_title_query(town, query):
    sheet(town, "Robotique au collège", "Un club de robotique pour les élèves.")
    sheet(town, "Ateliers du mercredi", "Robotique et programmation à l'école numérique.")
    sheet(town, "L'école numérique", "Des tablettes pour la robotique.")
    sheet(town, "E-administration", "Démarches en ligne pour les aînés.")
    sheet(town, "Démarches des aînés", "L'e-administration expliquée, école numérique.")
    terms = analysis.parse_query(query)
    matcher = fulltext.get_matcher()
    full = matcher.all_terms(terms)
    assert titles_holding(query) == {int(i) for i in matcher.title_ids(terms)} & set(
        full.ids.tolist()
    )


def test_titles_are_told_apart_from_bodies(town):
    in_title = sheet(town, "Robotique au collège", "Un club pour les élèves.")
    in_body = sheet(town, "Ateliers du mercredi", "Robotique et programmation.")
    full = fulltext.get_matcher().all_terms(analysis.parse_query("robotique"))
    assert set(full.ids.tolist()) == {in_title.pk, in_body.pk}
    assert titles_holding("robotique") == {in_title.pk}
    assert titles_holding("robotique college") == {in_title.pk}


def test_a_sheet_indexed_after_a_search_is_found_by_the_next(town):
    first = sheet(town, "Robotique au collège")
    matcher = fulltext.get_matcher()
    assert matcher.all_terms(analysis.parse_query("robotique")).ids.tolist() == [first.pk]
    second = sheet(town, "Robotique à la médiathèque")
    found = matcher.all_terms(analysis.parse_query("robotique")).ids.tolist()
    assert sorted(found) == sorted([first.pk, second.pk])


def test_collectivity_pages_are_never_taken_for_sheets(town):
    sheet(town, "Wi-fi public")
    named = make_collectivity("35238", "Rennes", "ville")
    found = fulltext.get_matcher().all_terms(analysis.parse_query("rennes")).ids.tolist()
    assert named.pk not in found


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's matcher reads page ids from its index"
)
def test_an_index_filled_again_from_empty_is_read_afresh(town):
    from wagtail.search.backends import get_search_backend

    from initiatives import page_tree
    from initiatives.models import ActionSheetPage
    from search.index_entries import entry_map

    sheets = [sheet(town, f"Robotique {number}") for number in range(4)]
    matcher = fulltext.get_matcher()
    assert len(matcher.all_terms(analysis.parse_query("robotique"))) == 4
    backend = get_search_backend()
    backend.get_index_for_model(ActionSheetPage).entries.all().delete()
    page_tree.reindex(ActionSheetPage, [page.pk for page in sheets])

    found = matcher.all_terms(analysis.parse_query("robotique")).ids.tolist()
    assert sorted(found) == sorted(page.pk for page in sheets)
    assert entry_map().size == 4  # the entries of the emptied index are not kept


def test_words_split_between_title_and_body_still_match(town):
    """A sheet holding one word in its title and the other in its body has both: PostgreSQL
    once asked for both in the title or both in the body, and missed it."""
    split = sheet(town, "Robotique au collège", "Les élèves programment des tablettes.")
    sheet(town, "Ateliers du mercredi", "Robotique seulement.")
    found = fulltext.get_matcher().all_terms(analysis.parse_query("robotique tablettes"))
    assert found.ids.tolist() == [split.pk]
    assert found.in_title.tolist() == [False]  # the title lacks one of the words
