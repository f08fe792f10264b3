"""The Elasticsearch/OpenSearch settings and modelsearch's mapping, checked offline (only
OpenSearch can run here: its live tests are in test_search_opensearch.py)."""

import logging

import pytest

from django.test import override_settings

from initiatives.models import ActionSheetPage
from search.backends.configuration import search_backends
from search.backends.elasticsearch9 import SearchBackend as Elasticsearch9Backend
from search.backends.opensearch2 import SearchBackend as OpenSearch2Backend

OFFLINE_URL = "http://127.0.0.1:9"  # the discard port: connections are refused at once


def backend(cls=Elasticsearch9Backend):
    params = search_backends(elasticsearch_url=OFFLINE_URL)["default"]
    return cls({key: value for key, value in params.items() if key != "BACKEND"})


def test_settings_choose_the_cluster_and_keep_the_database_index():
    assert search_backends() == {"default": {"BACKEND": "search.backends.database"}}
    both = search_backends(elasticsearch_url="http://es:9200")
    assert both["default"]["BACKEND"] == "search.backends.elasticsearch9"
    assert both["database"]["BACKEND"] == "search.backends.database"
    assert search_backends(opensearch_url="http://os:9200")["default"]["BACKEND"] == (
        "search.backends.opensearch2"
    )


@pytest.mark.parametrize("cls", [Elasticsearch9Backend, OpenSearch2Backend])
def test_index_settings_declare_the_french_analyzer(cls):
    analysis = backend(cls).settings["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert default["filter"] == [
        "french_elision",
        "french_compounds",
        "lowercase",
        "asciifolding",
        "french_stop",
        "french_stemmer",
    ]
    assert analysis["filter"]["french_stemmer"] == {"type": "stemmer", "language": "french"}
    assert "l" in analysis["filter"]["french_elision"]["articles"]
    assert "les" in analysis["filter"]["french_stop"]["stopwords"]
    assert analysis["filter"]["french_compounds"]["catenate_words"] is True
    # modelsearch's own analyzers for autocomplete are still there.
    assert "edgengram_analyzer" in analysis["analyzer"]


@pytest.mark.django_db
def test_mapping_searches_autocomplete_with_folding():
    mapping = backend().mapping_class(ActionSheetPage).get_mapping()
    properties = mapping["properties"]
    assert properties["_edgengrams"]["search_analyzer"] == "french_folding"
    assert properties["_edgengrams"]["analyzer"] == "edgengram_analyzer"


@pytest.mark.django_db
def test_query_body_for_a_filtered_search():
    es = backend()
    queryset = ActionSheetPage.objects.filter(live=True, collectivity_id=12)
    compiler = es.query_compiler_class(queryset, "école numérique", operator="and")
    query = compiler.get_query()
    filters = query["bool"]["filter"]
    assert {"match": {"_django_content_type": "initiatives.ActionSheetPage"}} in filters
    terms = filters[1]["bool"]["must"]
    assert {"term": {"live_filter": True}} in terms
    assert {"term": {"initiatives_actionsheetpage__collectivity_id_filter": 12}} in terms
    text_query = str(query["bool"]["must"])
    assert "école numérique" in text_query
    assert "'operator': 'and'" in text_query


@pytest.mark.django_db
def test_search_falls_back_to_the_database_when_the_cluster_is_down(corpus, api, caplog):
    backends = search_backends(elasticsearch_url=OFFLINE_URL)
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=backends),
        caplog.at_level(logging.WARNING, logger="search.engines"),
    ):
        result = api(q="ecole")
    assert [row["title"] for row in result["results"]] == ["L'école numérique à Saint-Malo"]
    assert "falling back to the database engine" in caplog.text
