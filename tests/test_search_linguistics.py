"""French linguistics, the same on SQLite and PostgreSQL: accents, case, stemming,
elisions, hyphens, stop words, acronyms."""

import pytest

pytestmark = pytest.mark.django_db


def titles(result):
    return {row["title"] for row in result["results"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("numerique", "L'école numérique à Saint-Malo"),
        ("NUMÉRIQUE", "L'école numérique à Saint-Malo"),
        ("ecole", "L'école numérique à Saint-Malo"),
        ("ECOLE", "L'école numérique à Saint-Malo"),
        ("ecoles", "L'école numérique à Saint-Malo"),
        ("l'ecole", "L'école numérique à Saint-Malo"),
        ("l’école", "L'école numérique à Saint-Malo"),
        ("transitions", "Transition écologique et sobriété numérique"),
        ("ecologiques", "Transition écologique et sobriété numérique"),
        ("numeriques", "Transition écologique et sobriété numérique"),
        ("informatique", "Transition écologique et sobriété numérique"),
        ("d'acces", "Un tiers-lieu pour la médiation numérique"),
        ("acces", "Un tiers-lieu pour la médiation numérique"),
        ("tiers lieu", "Un tiers-lieu pour la médiation numérique"),
        ("tiers-lieu", "Un tiers-lieu pour la médiation numérique"),
        ("tierslieu", "Un tiers-lieu pour la médiation numérique"),
        ("wifi", "Wi-Fi public dans les parcs"),
        ("WiFi", "Wi-Fi public dans les parcs"),
        ("wi-fi", "Wi-Fi public dans les parcs"),
        ("rgpd", "Mise en conformité RGPD des services"),
        ("RGPD", "Mise en conformité RGPD des services"),
        ("EPN", "Un EPN pour les seniors"),
        ("ENT", "L'école numérique à Saint-Malo"),
        ("mediation", "Un tiers-lieu pour la médiation numérique"),
    ],
)
def test_french_query_finds_the_sheet(corpus, api, query, expected):
    assert expected in titles(api(q=query))


def test_stop_words_do_not_drown_the_query(corpus, api):
    with_stop_words = api(q="la médiation numérique pour les seniors")
    without = api(q="médiation numérique seniors")
    assert with_stop_words["results"][0]["title"] == "Un EPN pour les seniors"
    assert [r["title"] for r in with_stop_words["results"]] == [
        r["title"] for r in without["results"]
    ]


def test_a_query_of_stop_words_only_does_not_fail(corpus, api):
    result = api(q="le la les de du")
    assert result["count"] == 6


def test_unrelated_word_finds_nothing(corpus, api):
    assert api(q="cimetière")["count"] == 0


def test_accented_and_unaccented_queries_give_the_same_results(corpus, api):
    assert titles(api(q="médiation numérique")) == titles(api(q="mediation numerique"))
    assert api(q="médiation numérique")["count"] >= 2
