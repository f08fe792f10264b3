"""Which stems the index holds, as the compounds' rewriting asks it (search.compounds):
only the title and the body count, on both databases."""

import pytest

from search import analysis, fulltext, index_vocabulary, term_rebuild
from search.index_vocabulary import IndexVocabulary

pytestmark = pytest.mark.django_db


def _stem(word: str) -> str:
    return analysis.stem(analysis.fold(word))


def test_the_stems_of_titles_and_bodies_are_known_and_others_are_not(corpus):
    vocabulary = IndexVocabulary("test")
    asked = [_stem("école"), _stem("médiation"), _stem("ornithorynque"), "mediation"]
    # « mediation » unstemmed is only in the titles' autocomplete column: not a stem the
    # full-text search can match.
    assert vocabulary.known(asked) == {_stem("école"), _stem("médiation")}


def test_a_common_stem_and_a_stem_no_token_can_hold(corpus):
    vocabulary = IndexVocabulary("test")
    # « _ » separates tokens in the index: no stem holding it is a term of the index.
    assert vocabulary.known([_stem("numérique"), "numer_ique", ""]) == {_stem("numérique")}


def test_more_stems_than_sqlite_joins_in_one_statement(corpus):
    vocabulary = IndexVocabulary("test")
    unknown = [f"zzmot{number}" for number in range(600)]
    assert vocabulary.known([*unknown, _stem("école")]) == {_stem("école")}


def test_the_stems_the_term_store_holds_are_known_without_asking_the_index(
    corpus, settings, django_assert_num_queries
):
    settings.SEARCH_STORED_TERM_MIN_MATCHES = 2
    term_rebuild.rebuild(fulltext.database_matcher())
    index_vocabulary.forget()
    with django_assert_num_queries(1):  # the store's keys, once per process
        vocabulary = index_vocabulary.index_vocabulary("state")
    stored = _stem("numérique")  # in most sheets of the corpus
    with django_assert_num_queries(0):
        assert vocabulary.known([stored]) == {stored}
    with django_assert_num_queries(1):
        assert vocabulary.known([stored, _stem("ornithorynque")]) == {stored}
    # A new state of the data keeps what the previous one knew, without reading the store.
    with django_assert_num_queries(0):
        assert index_vocabulary.index_vocabulary("next").known([stored]) == {stored}
