"""What a cold search asks the database: the first request for some words on a running
site, whose workers already hold their facet data and whose frequent words are stored
(search.term_store). Each query is a round trip that PostgreSQL's client waits for: the
count is kept low and fixed on both databases."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Service

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db


def test_a_cold_search_of_stored_words_held_by_few_sheets(corpus, api, django_assert_num_queries):
    api(q="tablettes")  # the worker's facet data
    api(q="école numérique")  # both words are stored now (every word is, in the tests)
    # Other words' order: a new query, answer and parse, the same stored words. The data
    # version, the vocabulary (may « numérique école » be one joined word?), the stored
    # answers with the sheets indexed since, and the page's sheets. Fewer than five sheets
    # hold both words, so the sheets holding either follow, without reading them again.
    with django_assert_num_queries(4):
        found = api(q="numérique école")
    assert found["results"][0]["title"] == "L'école numérique à Saint-Malo"
    assert found["count"] > 1


def test_a_cold_search_reads_the_sheets_indexed_since_its_words_were_stored(
    corpus, api, referentiel
):
    api(q="tablettes")
    assert api(q="médiation")["count"] == 2  # « médiation » is stored now
    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(
        town,
        title="Médiation numérique au port",
        services=[Service.objects.get(slug="wi-fi-public")],
        date=datetime.date(2023, 6, 1),
    )
    with CaptureQueriesContext(connection) as queries:
        found = api(q="médiations")
    assert found["count"] == 3
    assert "Médiation numérique au port" in [result["title"] for result in found["results"]]
    # The sheets indexed since the answer was stored come with it, not by another query.
    reading_changes = [query["sql"] for query in queries if "search_indexchange" in query["sql"]]
    assert len(reading_changes) == 1
    assert "search_termmatches" in reading_changes[0]
