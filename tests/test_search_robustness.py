"""Anything a user can type returns 200: results or none, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

NASTY_QUERIES = [
    '"tiers',
    'tiers"',
    "'",
    "''",
    "NEAR(",
    "NEAR(a b)",
    "AND",
    "OR OR",
    "NOT",
    "a AND",
    "*",
    "-",
    "-numérique",
    "^",
    "title:x",
    "body:",
    "{title}: x",
    "(((",
    ")))",
    "\\",
    "\\\\",
    "'; DROP TABLE wagtailcore_page; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    "<b>école</b>",
    "&amp;",
    "🙂 numérique 🚀",
    "مرحبا بالعالم",
    "שלום",
    "\u202eécole",
    "\x00",
    "école\x00numérique",
    "\x07\x1b[31m",
    "%",
    "%%",
    "_",
    "a:*",
    "!numérique",
    "école & | !",
    "x" * 5000,
    "numérique " * 1000,
    "é" * 300,
    " ",
    "\t\n",
    "ǅ",
    "ﬁ",
    "l'",
    "d'",
    "qu'",
    "-_-",
    "wi--fi",
    "---",
    "a-",
    "2023",
    "3.5",
    "NULL",
    "None",
    # Letters that decompose to capitals, one of them to a stop word's (« C »).
    "ℂ",
    "𝐂𝐲𝐛𝐞𝐫 ℍ",
]


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_nasty_queries_never_fail(corpus, client, query):
    for url in ("/api/search/", "/recherche/", "/api/search/autocomplete/"):
        response = client.get(url, {"q": query, "type": query[:50]})
        assert response.status_code == 200, (url, query)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.text(max_size=200))
def test_random_text_never_fails(corpus, client, query):
    response = client.get("/api/search/", {"q": query, "enjeu": query[:20], "page": query[:5]})
    assert response.status_code == 200
    assert response.json()["count"] >= 0


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_random_autocomplete_never_fails(corpus, client, query):
    assert client.get("/api/search/autocomplete/", {"q": query}).status_code == 200
