"""The term store (search.term_store): stored matches answer as the database does, and
stay right as sheets are published, edited and reindexed."""

import datetime
from unittest import mock

import numpy as np
import pytest

from django.db import DatabaseError
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search import analysis, fulltext, term_rebuild, term_store
from search.matches import all_of, any_of
from search.models import IndexChange, TermMatches

from .factories import make_collectivity
from .test_search_fulltext import sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(referentiel):
    return make_collectivity("35288", "Saint-Malo", "ville")


def edit(page, **fields):
    page = type(page).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def from_database(query: str, every_term=True):
    """The answer of the database alone, term by term, nothing stored or read back."""
    matcher = fulltext.database_matcher()
    per_term = [matcher.matches(matcher.prepare(term)) for term in analysis.parse_query(query)]
    return all_of(per_term) if every_term else any_of(per_term)


def from_store(query: str, every_term=True):
    store = fulltext.get_matcher()
    terms = analysis.parse_query(query)
    return store.all_terms(terms) if every_term else store.any_term(terms)


def assert_same(found, expected, rescored=None):
    """Same sheets, same title flags, same scores; or, when sheets changed since the term
    was stored, the database's scores for ``rescored`` and the stored ones for the others,
    which the collection's growth moved a little (bm25's average length and idf)."""
    assert found.ids.tolist() == expected.ids.tolist()
    if expected.in_title is not None:
        assert found.in_title.tolist() == expected.in_title.tolist()
    if rescored is None:
        assert np.allclose(found.scores, expected.scores)
        return
    fresh = np.isin(found.ids, rescored)
    assert np.allclose(found.scores[fresh], expected.scores[fresh])
    assert np.allclose(found.scores[~fresh], expected.scores[~fresh], rtol=0.1)


def full_text_queries(queries) -> list:
    return [q for q in queries if "@@" in q["sql"] or " MATCH " in q["sql"]]


def stored_keys() -> set[str]:
    return set(TermMatches.objects.values_list("key", flat=True))


QUERIES = ["robotique", "école numérique", "wi-fi", "Robotique au college", "tiers-lieux"]


@pytest.mark.parametrize("query", QUERIES)
def test_stored_matches_answer_as_the_database_after_publications_and_edits(town, query):
    sheet(town, "Robotique au collège", "Un club de robotique pour les élèves.")
    ecole = sheet(town, "L'école numérique", "Des tablettes et du wi-fi dans chaque classe.")
    sheet(town, "Tiers-lieux du pays", "Robotique, école numérique et wi-fi public.")
    assert_same(from_store(query), from_database(query))
    assert stored_keys()  # the first search stored its terms

    added = sheet(town, "Wi-fi à l'école numérique", "Un tiers-lieu de robotique au collège.")
    edit(ecole, title="Des tablettes en classe", synthese="<p>Sans réseau.</p>")
    changed = [added.pk, ecole.pk]
    assert_same(from_store(query), from_database(query), rescored=changed)
    assert_same(
        from_store(query, every_term=False),
        from_database(query, every_term=False),
        rescored=changed,
    )


def title_flags(query: str) -> dict[int, bool]:
    found = from_store(query)
    return dict(zip(found.ids.tolist(), found.in_title.tolist(), strict=True))


def test_a_sheet_edited_after_its_term_was_stored_is_read_with_its_new_text(town):
    body_only = sheet(town, "Ateliers du mercredi", "Robotique et programmation.")
    sheet(town, "Club de robotique", "Au collège.")
    assert title_flags("robotique")[body_only.pk] is False
    edit(body_only, title="Robotique le mercredi")
    assert title_flags("robotique")[body_only.pk] is True
    edit(body_only, title="Ateliers du mercredi", synthese="<p>Programmation.</p>")
    assert body_only.pk not in title_flags("robotique")


@pytest.mark.parametrize("margin, found", [(0, False), (60, True)])
def test_a_write_in_flight_when_a_search_stored_its_term_is_applied(town, settings, margin, found):
    """An index write recorded before a search stored the term, committed after it (an
    import batch's transaction): the margin is what keeps the sheet from being missed."""
    settings.SEARCH_INDEX_CHANGE_MARGIN_SECONDS = margin
    sheet(town, "Robotique au collège")
    late = sheet(town, "Ateliers du mercredi", "Programmation.")
    IndexChange.objects.all().delete()  # all of these are in the index
    from_store("robotique")
    edit(late, synthese="<p>Robotique et programmation.</p>")
    IndexChange.objects.filter(page_id=late.pk).update(
        changed_at=timezone.now() - datetime.timedelta(seconds=30)
    )
    assert (late.pk in from_store("robotique").ids.tolist()) is found


def test_right_after_a_rebuild_searches_have_nothing_to_correct(town, settings):
    """The rebuild dates its answers by the moment no write was in flight, not a margin
    earlier: after update_index or seed_demo, searches read the stored answers alone."""
    settings.SEARCH_INDEX_CHANGE_MARGIN_SECONDS = 120
    for number in range(3):
        sheet(town, f"Robotique {number}")
    term_rebuild.rebuild(fulltext.database_matcher())
    with CaptureQueriesContext(term_store.connection) as queries:
        found = from_store("robotique")
    assert len(found) == 3
    assert not full_text_queries(queries)
    assert_same(found, from_database("robotique"))


def test_an_answer_with_many_changes_is_stored_again_then_read_alone(town, monkeypatch):
    monkeypatch.setattr(term_store, "RESTORE_AFTER_CHANGES", 3)
    sheet(town, "Robotique au collège")
    from_store("robotique")
    first = TermMatches.objects.get()
    for number in range(3):
        sheet(town, f"Robotique {number}")
    found = from_store("robotique")
    again = TermMatches.objects.get()
    assert again.match_count == len(found) == 4
    assert again.built_at > first.built_at

    with CaptureQueriesContext(term_store.connection) as queries:
        found = from_store("robotique")
    assert_same(found, from_database("robotique"))
    assert not full_text_queries(queries)  # nothing changed since: the stored answer alone


def test_a_term_matching_few_sheets_is_not_stored(town, settings):
    settings.SEARCH_STORED_TERM_MIN_MATCHES = 2
    sheet(town, "Robotique au collège", "Un aquarium connecté.")
    sheet(town, "Robotique à la médiathèque")
    assert len(from_store("robotique aquarium")) == 1
    keys = stored_keys()
    assert len(keys) == 1 and "aquarium" not in " ".join(keys)


def test_a_search_stores_its_term_once_its_response_is_sent(town, settings, rf):
    """The visitor does not wait for the store's write (nor the answer cache's): both
    happen when the server closes the response, after writing it."""
    from django.core.cache import cache
    from django.core.signals import request_finished
    from django.db import close_old_connections

    from search.views import search_api

    settings.SEARCH_STORED_TERM_MIN_MATCHES = 2
    sheet(town, "Robotique au collège")
    sheet(town, "Robotique à la médiathèque")
    cache.clear()

    response = search_api(rf.get("/api/search/", {"q": "robotique"}))
    assert response["X-Search-Cache"] == "miss"
    assert not stored_keys()
    # As a WSGI server does once the body is written; the connection is kept open, as
    # Django's test client keeps it, for the test's transaction.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert len(stored_keys()) == 1
    again = search_api(rf.get("/api/search/", {"q": "robotique"}))
    assert again["X-Search-Cache"] == "hit" and again.content == response.content


def test_a_store_that_cannot_be_written_only_slows_search(town, api):
    sheet(town, "Robotique au collège")
    with mock.patch.object(
        QuerySet, "bulk_create", side_effect=DatabaseError("database is locked")
    ):
        found = api(q="robotique")
    assert [row["title"] for row in found["results"]] == ["Robotique au collège"]
    assert not TermMatches.objects.exists()


def test_rebuild_stores_the_frequent_terms_under_the_keys_searches_read(town, settings):
    settings.SEARCH_STORED_TERM_MIN_MATCHES = 2
    first = sheet(town, "Robotique au collège", "Un aquarium.")
    second = sheet(town, "Robotique à la médiathèque", "Programmation.")
    sheet(town, "Ateliers du mercredi", "Programmation et robotique.")
    matcher = fulltext.database_matcher()

    # Read before the rebuild: every change recorded earlier is in what it matches on (on
    # PostgreSQL a transaction still open elsewhere moves this moment back).
    settled = term_store.settled_moment()
    report = term_rebuild.rebuild(matcher)
    # However the word is typed, its search finds the stored answer.
    for typed in ("robotique", "ROBOTIQUE", "Robotiques", "programmation"):
        ((key, row),) = matcher.stored([matcher.prepare(analysis.parse_query(typed)[0])])
        assert row is not None, typed
    ((key, row),) = matcher.stored([matcher.prepare(analysis.parse_query("aquarium")[0])])
    assert row is None  # in one sheet only
    assert report["terms"] == len(stored_keys()) >= 2
    # No stored answer needs the changes recorded before the rebuild any more.
    assert not IndexChange.objects.filter(changed_at__lt=settled).exists()
    assert_same(from_store("robotique"), from_database("robotique"))

    edit(first, title="Club du collège", synthese="<p>Un aquarium.</p>")
    edit(second, title="Médiathèque", synthese="<p>Programmation.</p>")
    again = term_rebuild.rebuild(matcher)
    assert again["terms"] == report["terms"] - 1  # robotique is in one sheet now
    ((key, row),) = matcher.stored([matcher.prepare(analysis.parse_query("robotique")[0])])
    assert row is None
    assert term_rebuild.rebuild(matcher)["terms"] == again["terms"]  # safe to run again


def test_update_index_stores_the_frequent_terms(town, quiet_command):
    sheet(town, "Robotique au collège")
    code, out, _err = quiet_command("update_index")
    assert code == 0
    assert "Termes fréquents" in out
    assert TermMatches.objects.exists()
    assert_same(from_store("robotique"), from_database("robotique"))


def test_a_stored_search_costs_the_same_queries_whatever_the_number_of_sheets(town, client):
    def cold_search_queries() -> int:
        from search import facets

        term_rebuild.rebuild(fulltext.database_matcher())
        client.get("/api/search/", {"q": "robotique"})  # the site's root paths, cached once
        facets.forget()  # an answer never computed since the data changed
        with CaptureQueriesContext(term_store.connection) as queries:
            assert client.get("/api/search/", {"q": "robotique"}).status_code == 200
        return len(queries)

    # Five sheets or more: fewer would look for a spelling suggestion, another search.
    for number in range(6):
        sheet(town, f"Robotique {number}", date=datetime.date(2023, 1, 1 + number))
    few = cold_search_queries()
    for number in range(12):
        sheet(town, f"Robotique bis {number}", date=datetime.date(2022, 1, 1 + number))
    assert cold_search_queries() == few


def test_changes_no_stored_answer_needs_are_forgotten(town, settings):
    sheet(town, "Robotique au collège")
    from_store("robotique")
    settings.SEARCH_INDEX_CHANGE_MARGIN_SECONDS = 60
    TermMatches.objects.update(built_at=timezone.now())
    IndexChange.objects.update(changed_at=timezone.now() - datetime.timedelta(minutes=5))
    recent = IndexChange.objects.create(page_id=1, changed_at=timezone.now())
    term_store.prune_changes()
    assert list(IndexChange.objects.all()) == [recent]


# Threads see committed data only: a transactional database, emptied after the test and
# restored from its serialized copy, so it runs in make test's pass of live tests.
@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_in_several_threads_stores_what_one_thread_does(referentiel, settings):
    if term_store.connection.vendor == "sqlite" and term_store.connection.is_in_memory_db():
        pytest.skip("threads cannot share an in-memory SQLite database (one thread there)")
    settings.SEARCH_STORED_TERM_MIN_MATCHES = 2
    town = make_collectivity("35288", "Saint-Malo", "ville")
    for number in range(6):
        sheet(town, f"Robotique {number}", "Programmation au collège." if number % 2 else "")
    matcher = fulltext.database_matcher()

    def stored():
        return {
            row.key: (row.match_count, row.page_ids, row.scores, row.in_title)
            for row in TermMatches.objects.all()
        }

    assert term_rebuild.rebuild(matcher, workers=1)["terms"] >= 3
    alone = stored()
    TermMatches.objects.all().delete()
    assert term_rebuild.rebuild(matcher, workers=3)["terms"] == len(alone)
    assert {key: value[0] for key, value in stored().items()} == {
        key: value[0] for key, value in alone.items()
    }
    assert {key: bytes(value[1]) for key, value in stored().items()} == {
        key: bytes(value[1]) for key, value in alone.items()
    }
