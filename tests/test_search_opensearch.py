"""Search on a real OpenSearch node: one request per search, exact facets, the index in
step with publications, synonyms, and the database taking over when the node is down.

The whole search contract (test_search_facets, _helpers, _visibility, _ranking, ...) also
runs on the node in .ci/run's OpenSearch pass; the tests below are about the cluster path
itself. Those marked ``opensearch`` need the node (make opensearch, OPENSEARCH_URL)."""

import datetime
import logging

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from initiatives.models import ActionSheetPage, Service
from search.analysis import parse_query
from search.backends.configuration import search_backends
from search.engine import PARTIAL_MATCH_THRESHOLD, SearchParams, run_search
from search.opensearch.index_definition import KEYWORD_FACETS, index_body
from search.opensearch.request import search_body

from .factories import make_collectivity, make_sheet

CLOSED_PORT_URL = "http://127.0.0.1:9"  # the discard port: connections are refused at once


def equivalent_words():
    """A fixed glossary for the synonym tests (the lead wires the real one)."""
    return [["ludothèque", "médiation"], ["wifi", "internet sans fil"]]


def test_search_analyzer_takes_its_synonyms_from_the_configured_function():
    with override_settings(SEARCH_SYNONYM_GROUPS=f"{__name__}.equivalent_words"):
        analysis = index_body()["settings"]["analysis"]
    assert analysis["filter"]["french_synonyms"]["synonyms"] == [
        "ludothèque, médiation",
        "wifi, internet sans fil",
    ]
    assert "french_synonyms" in analysis["analyzer"]["french_search"]["filter"]
    # Indexing never expands: a synonym list can change without reindexing the text.
    assert "french_synonyms" not in analysis["analyzer"]["french_index"]["filter"]
    assert "french_synonyms" not in index_body([])["settings"]["analysis"]["filter"]


def test_one_request_holds_exact_disjunctive_facets():
    params = SearchParams(query="numérique", filters={"region": ["53"], "service": ["a", "b"]})
    body = search_body(params, parse_query(params.query))
    assert body["track_total_hits"] is True
    assert body["post_filter"] == {
        "bool": {"filter": [{"terms": {"region": ["53"]}}, {"terms": {"service": ["a", "b"]}}]}
    }
    # Each facet's counts ignore its own selection, not the others': the service counts
    # apply the région's selection only, the région's the services', the other facets both.
    applied = {
        name: aggregation["filter"]["bool"]["filter"]
        for aggregation in body["aggs"].values()
        for name in aggregation["aggs"]
    }
    assert applied["service"] == [{"terms": {"region": ["53"]}}]
    assert applied["region"] == [{"terms": {"service": ["a", "b"]}}]
    unselected = set(KEYWORD_FACETS) - {"service", "region"}
    assert all(applied[name] == body["post_filter"]["bool"]["filter"] for name in unselected)
    # Facets applying the same selections are counted under one filter: three, not eleven.
    assert len(body["aggs"]) == 3
    counted = [terms["terms"] for a in body["aggs"].values() for terms in a["aggs"].values()]
    assert all(terms["size"] >= 139 for terms in counted)


@pytest.mark.django_db
def test_cluster_down_falls_back_to_the_database_with_a_warning(corpus, api, caplog):
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=search_backends(opensearch_url=CLOSED_PORT_URL)),
        caplog.at_level(logging.WARNING, logger="search.engines"),
    ):
        result = api(q="ecole")
        suggestions = [r["label"] for r in api_autocomplete("ecol")]
    assert [row["title"] for row in result["results"]] == ["L'école numérique à Saint-Malo"]
    assert "L'école numérique à Saint-Malo" in suggestions
    assert "falling back to the database engine" in caplog.text


@pytest.mark.django_db
def test_the_database_fallback_counts_its_suggestions_itself(corpus, api, caplog):
    """A typo's candidates are counted by the engine that searched: the fallback does not
    wait for the unreachable cluster once more for each of them."""
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=search_backends(opensearch_url=CLOSED_PORT_URL)),
        caplog.at_level(logging.WARNING, logger="search.engines"),
    ):
        result = api(q="mediaton")
    assert result["suggestion"] == "médiation"
    assert caplog.text.count("falling back to the database engine") == 1


def api_autocomplete(query):
    from django.test import Client

    return Client().get("/api/search/autocomplete/", {"q": query}).json()["results"]


def _counting_requests(monkeypatch):
    from search.opensearch.client import SheetIndex

    calls = []
    original = SheetIndex.search

    def search(self, body):
        calls.append(body)
        return original(self, body)

    monkeypatch.setattr(SheetIndex, "search", search)
    return calls


PARITY_SEARCHES = [
    SearchParams(query="numérique"),
    SearchParams(query="numérique", filters={"type": ["ville"]}),
    SearchParams(query="l'ecole"),
    SearchParams(query="wifi"),
    SearchParams(query="wi-fi parcs"),
    SearchParams(query="", filters={"year": ["2023"]}),
    SearchParams(query="tiers-lieux"),
    SearchParams(query="opendata"),
]


@pytest.mark.opensearch
@pytest.mark.django_db
@pytest.mark.parametrize("params", PARITY_SEARCHES, ids=lambda p: f"{p.query}{p.filters}")
def test_a_faceted_search_is_one_request_with_the_databases_answer(corpus, monkeypatch, params):
    from search.engines import DatabaseEngine

    calls = _counting_requests(monkeypatch)
    outcome = run_search(params, with_suggestion=False)
    expected = DatabaseEngine().search(params, with_suggestion=False)
    # A second request only for nearly empty answers, to add sheets with some of the words.
    few = len(parse_query(params.query)) > 1 and expected.count < PARTIAL_MATCH_THRESHOLD
    assert len(calls) == (2 if few else 1)
    assert outcome.count == expected.count
    assert set(outcome.page_ids) == set(expected.page_ids)
    assert outcome.facets == expected.facets


@pytest.mark.opensearch
@pytest.mark.django_db
def test_only_visible_sheets_reach_the_index(corpus):
    from search.opensearch.sync import sheet_index

    index = sheet_index()
    body = {"query": {"match_all": {}}, "size": 100, "_source": False}
    indexed = {int(hit["_id"]) for hit in index.search(body)["hits"]["hits"]}
    visible = set(ActionSheetPage.objects.live().public().values_list("pk", flat=True))
    assert indexed == visible
    assert ActionSheetPage.objects.exclude(pk__in=indexed).count() == 2  # draft, restricted


@pytest.mark.opensearch
@pytest.mark.django_db
def test_publish_and_unpublish_are_searchable_once_committed(
    referentiel, api, django_capture_on_commit_callbacks
):
    town = make_collectivity("29019", "Brest", "ville")
    service = Service.objects.get(slug="wi-fi-public")
    with (
        override_settings(SEARCH_INDEX_SYNC_ON_COMMIT=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sheet = make_sheet(town, title="Xylophones partagés", services=[service], live=False)
    assert api(q="xylophones")["count"] == 0
    with (
        override_settings(SEARCH_INDEX_SYNC_ON_COMMIT=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sheet.get_latest_revision().publish()
    assert [r["title"] for r in api(q="xylophones")["results"]] == ["Xylophones partagés"]
    with (
        override_settings(SEARCH_INDEX_SYNC_ON_COMMIT=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sheet.refresh_from_db()
        sheet.unpublish()
    assert api(q="xylophones")["count"] == 0


@pytest.mark.opensearch
@pytest.mark.django_db
def test_glossary_synonyms_widen_a_search(corpus, api):
    from search.opensearch.sync import rebuild

    assert api(q="ludothèque")["count"] == 0
    mediation = [r["title"] for r in api(q="médiation")["results"]]
    try:
        with override_settings(SEARCH_SYNONYM_GROUPS=f"{__name__}.equivalent_words"):
            rebuild()
            titles = [r["title"] for r in api(q="ludotheque")["results"]]
    finally:
        rebuild()  # the next tests' index has no synonyms
    assert "Un tiers-lieu pour la médiation numérique" in titles
    assert titles == mediation


@pytest.mark.opensearch
@pytest.mark.django_db
def test_a_glossary_entry_saved_by_an_editor_applies_to_the_next_cluster_search(
    corpus, api, admin_client, monkeypatch
):
    """No reindex: the entry reaches the cluster through the query, not its analyzer."""
    from django.urls import reverse

    from search.models import GlossaryEntry
    from search.opensearch.client import SheetIndex

    writes = []
    for method in ("create", "delete", "bulk", "delete_all"):
        monkeypatch.setattr(SheetIndex, method, lambda *a, _m=method, **k: writes.append(_m))
    searches = _counting_requests(monkeypatch)
    mediation = "Un tiers-lieu pour la médiation numérique"
    assert api(q="ludothèque")["count"] == 0

    response = admin_client.post(
        reverse("wagtailsnippets_search_glossaryentry:add"),
        {"term": "ludothèque", "equivalents": "médiation"},
    )
    assert response.status_code == 302, response.content[:2000]
    found = [row["title"] for row in api(q="ludotheque")["results"]]
    assert mediation in found
    assert found == [row["title"] for row in api(q="médiation")["results"]]

    entry = GlossaryEntry.objects.get(term="ludothèque")
    admin_client.post(reverse("wagtailsnippets_search_glossaryentry:delete", args=[entry.pk]))
    assert not GlossaryEntry.objects.filter(term="ludothèque").exists()
    assert api(q="ludothèque")["count"] == 0
    assert searches, "the cluster answered"
    assert writes == []


@pytest.mark.opensearch
@pytest.mark.django_db
def test_snippets_are_the_nodes_highlights(corpus, api):
    result = api(q="tablettes")["results"][0]
    assert "<mark>tablettes</mark>" in result["snippet"]


@pytest.mark.opensearch
@pytest.mark.django_db
def test_similar_initiatives_come_from_more_like_this(corpus):
    from search.similar import similar_sheets

    sheet = ActionSheetPage.objects.get(title="L'école numérique à Saint-Malo")
    similar = similar_sheets(sheet)
    assert sheet not in similar
    assert similar, "sheets sharing « numérique » are similar"
    assert all(s.live for s in similar)


@pytest.mark.opensearch
@pytest.mark.django_db
def test_deep_pages_beyond_the_default_window(referentiel):
    """A page far into a long result list is served (the default window stops at 10,000
    hits); here the window is checked on the index itself."""
    from search.opensearch.sync import sheet_index

    index = sheet_index()
    settings = index.client.indices.get_settings(index=index.name)
    assert int(settings[index.name]["settings"]["index"]["max_result_window"]) >= 100_000
    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(town, title="Balises", date=datetime.date(2023, 1, 1))
    assert run_search(SearchParams(query="balises", page=50)).page_ids != []


@pytest.mark.opensearch
@pytest.mark.django_db
def test_publishing_an_inspired_sheet_updates_the_inspiring_sheets_document(
    referentiel, api, django_capture_on_commit_callbacks
):
    from initiatives.models import SheetInspiration

    service = Service.objects.get(slug="wi-fi-public")
    inspiring = make_sheet(make_collectivity("29019", "Brest", "ville"), "Bornes wifi du port")
    inspired = make_sheet(make_collectivity("35238", "Rennes", "ville"), "Bornes wifi des halles")
    make_sheet(make_collectivity("59350", "Lille", "ville"), "Wifi des parcs", services=[service])
    assert api(inspiration="a-inspire")["count"] == 0

    def publish_naming(sources):
        inspired.inspirations = [SheetInspiration(source=source) for source in sources]
        with (
            override_settings(SEARCH_INDEX_SYNC_ON_COMMIT=True),
            django_capture_on_commit_callbacks(execute=True),
        ):
            inspired.save_revision().publish()

    publish_naming([inspiring])
    # Only the inspired sheet was published: the inspiring one's document follows.
    assert [r["title"] for r in api(inspiration="a-inspire")["results"]] == [inspiring.title]
    assert api(q="wifi", sort="inspirations")["results"][0]["title"] == inspiring.title
    publish_naming([])  # the link removed: the index remembered whom it named
    assert api(inspiration="a-inspire")["count"] == 0
    assert api(inspiration="inspiree")["count"] == 0


def test_searches_share_one_client_to_the_cluster():
    """One pool of connections per process: a search does not connect to the node anew."""
    from search.opensearch.client import cluster_backend

    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(opensearch_url=CLOSED_PORT_URL)):
        first = cluster_backend()
        assert cluster_backend() is first
    other_node = "http://127.0.0.1:10"
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(opensearch_url=other_node)):
        assert cluster_backend() is not first
    with override_settings(WAGTAILSEARCH_BACKENDS=search_backends()):
        assert cluster_backend() is None  # the database engine


@pytest.mark.opensearch
@pytest.mark.django_db
def test_a_cluster_search_reads_the_database_once(corpus, django_assert_num_queries):
    """The state of the searchable data, read once: the terms, the facet labels and the
    outcome are of that state (once the process has loaded them)."""
    params = SearchParams(query="numérique", filters={"type": ["ville"]})
    run_search(params)
    with django_assert_num_queries(1):
        outcome = run_search(params)
    assert outcome.count == 2


@pytest.mark.opensearch
@pytest.mark.django_db
def test_a_search_asked_again_is_answered_from_the_nodes_request_cache(corpus):
    """Until the next change, a repeated search's hits and facet counts are not computed
    again (the node caches only searches without hits unless asked)."""
    from search.opensearch.sync import sheet_index

    index = sheet_index()

    def cache_hits():
        stats = index.client.indices.stats(index=index.name, metric="request_cache")
        return stats["indices"][index.name]["primaries"]["request_cache"]["hit_count"]

    params = SearchParams(query="numérique", filters={"region": ["84"]})
    first = run_search(params, with_suggestion=False)
    before = cache_hits()
    again = run_search(params, with_suggestion=False)
    assert cache_hits() > before
    assert (again.count, again.page_ids, again.facets) == (
        first.count,
        first.page_ids,
        first.facets,
    )


@pytest.mark.opensearch
@pytest.mark.django_db
def test_a_typo_searched_again_reads_nothing_from_the_database(corpus):
    """The words typed, their compounds and the glossary are looked up once per state of
    the data: a suggestion's candidates are searched with the query's own state."""
    from search import facets

    params, data = SearchParams(query="mediaton"), facets.facet_data()
    assert run_search(params, data=data).suggestion == "médiation"
    with CaptureQueriesContext(connection) as queries:
        again = run_search(params, data=data)
    assert again.suggestion == "médiation"
    assert len(queries) == 0, [query["sql"] for query in queries]
