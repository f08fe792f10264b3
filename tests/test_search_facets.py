"""Facets: exact counts over the whole result set, OR within a facet, AND across facets,
each facet counted without its own selection, browse with an empty query."""

import pytest

pytestmark = pytest.mark.django_db


def test_facets_count_the_whole_result_set(corpus, api):
    result = api(q="numerique", page_size=1)
    assert result["count"] == 4
    assert len(result["results"]) == 1
    facets = result["facets"]
    assert facets["type"] == {"ville": 2, "village": 2}
    assert sum(facets["year"].values()) == 4
    assert facets["region"] == {"53": 1, "84": 3}


def test_enjeu_facet_counts_sheets_through_their_services(corpus, api):
    facets = api()["facets"]
    # The EPN sheet has two services of two enjeux: it counts once in each.
    assert facets["enjeu"]["cohesion-sociale"] == 2
    assert facets["enjeu"]["vie-quotidienne"] == 3
    assert facets["service"]["wi-fi-public"] == 2


def test_values_of_one_facet_combine_with_or(corpus, api):
    villes = api(type="ville")["count"]
    villages = api(type="village")["count"]
    assert api(type=["ville", "village"])["count"] == villes + villages == 6


def test_facets_combine_with_and(corpus, api):
    result = api(type="village", service="wi-fi-public")
    assert [row["title"] for row in result["results"]] == ["Un EPN pour les seniors"]


def test_each_facet_ignores_its_own_selection(corpus, api):
    facets = api(type="village")["facets"]
    # The type facet still offers "ville" so the user can widen the search again...
    assert facets["type"] == {"ville": 4, "village": 2}
    # ...while the other facets count only villages' sheets.
    assert sum(facets["year"].values()) == 2


def test_multi_valued_filter_counts_each_sheet_once(corpus, api):
    result = api(service=["wi-fi-public", "ateliers-numeriques-intergenerationnels"])
    assert result["count"] == 3
    assert len({row["external_id"] for row in result["results"]}) == 3


def test_empty_query_with_filters_browses(corpus, api):
    result = api(enjeu="cohesion-sociale", type="village")
    assert result["count"] == 2
    assert [row["date"] for row in result["results"]] == ["2022-11-05", "2021-09-10"]


def test_population_band_and_year_filters(corpus, api):
    assert api(population="moins-de-3500")["count"] == 2
    assert api(population="plus-de-100000")["count"] == 2  # Lyon
    assert api(population="20000-100000")["count"] == 2  # Saint-Malo
    assert api(year="2023")["count"] == 2
    assert api(departement="69")["count"] == 2


def test_unknown_filter_value_matches_nothing_but_is_reported(corpus, api):
    result = api(enjeu="n-existe-pas")
    assert result["count"] == 0
    assert result["facets"]["enjeu"]["n-existe-pas"] == 0


def test_facets_never_count_drafts_or_restricted_sheets(corpus, api):
    facets = api()["facets"]
    assert sum(facets["type"].values()) == 6
    assert facets["service"]["wi-fi-public"] == 2


def test_json_contract(corpus, api):
    result = api(q="wifi")
    assert set(result) == {
        "count",
        "page",
        "page_size",
        "results",
        "facets",
        "suggestion",
        "fallback",  # what a query that found nothing got (tests/test_search_dead_ends.py)
        "ways_out",
        "picks",  # editors' picks (tests/test_search_picks_and_queries.py)
    }
    assert set(result["facets"]) == {
        "enjeu",
        "service",
        "type",
        "region",
        "departement",
        "population",
        "year",
        "status",
        "arobases",
        "edition",
        "inspiration",
    }
    row = result["results"][0]
    assert set(row) == {
        "external_id",
        "title",
        "url",
        "date",
        "collectivity",
        "enjeux",
        "services",
        "snippet",
    }
    assert row["collectivity"] == {"name": "Lyon", "code": "69123", "kind": "ville"}
    assert row["enjeux"] == ["vie-quotidienne"]
    assert row["services"] == ["wi-fi-public"]
    assert row["url"] == "/lyon/wi-fi-public-dans-les-parcs/"
    assert row["external_id"] == corpus["wifi"].external_id


def test_snippet_highlights_stemmed_matches(corpus, api):
    row = api(q="gratuites habitant")["results"][0]
    assert "<mark>gratuite</mark> pour les <mark>habitants</mark>" in row["snippet"]


def test_snippet_escapes_html(referentiel, api):
    import datetime

    from initiatives.models import Service

    from .factories import make_collectivity, make_sheet

    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(
        town,
        title="Balises",
        date=datetime.date(2023, 1, 1),
        services=[Service.objects.get(slug="wi-fi-public")],
        subtitle="Écrire <script>alert(1)</script> dans un chapô, car 2 < 3",
        synthese="<p>Du <b>gras</b> &amp; de l'italique</p>",
    )
    snippet = api(q="balises chapo")["results"][0]["snippet"]
    assert "<script>" not in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "2 &lt; 3" in snippet
    assert "Du gras &amp; de l&#x27;italique" in snippet


@pytest.mark.parametrize(
    ("params", "page", "page_size"),
    [
        ({"page": "abc"}, 1, 20),
        ({"page": "-3"}, 1, 20),
        ({"page": "999"}, 3, 2),
        ({"page_size": "10000"}, 1, 100),
        ({"page_size": "0"}, 1, 20),
        ({"page_size": "x"}, 1, 20),
    ],
)
def test_bad_paging_values_are_clamped(corpus, api, params, page, page_size):
    if params.get("page") == "999":
        params = {**params, "page_size": "2"}
    result = api(**params)
    assert (result["page"], result["page_size"]) == (page, page_size)


def test_unknown_parameters_and_bad_sort_are_ignored(corpus, api):
    assert api(foo="bar", sort="sideways")["count"] == 6
