"""modelsearch's SQLite (FTS5) backend, indexing French stems.

FTS5 folds case and accents but cannot stem: it is given the stems computed by
``search.analysis.analyze``, for indexed text and queries alike.
"""

from modelsearch.backends.database.sqlite import sqlite

from search import analysis
from search.term_store import record_sheet_changes

from .prepared import prepare_objects, with_query_string

# A token no text can produce: a query made only of stop words then matches nothing.
NO_MATCH = "\u2205"


def stemmed_text(value: str) -> str:
    return " ".join(analysis.analyze(value))


def folded_text(value: str) -> str:
    return " ".join(analysis.folded_words(value))


class FrenchSQLiteIndex(sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        record_sheet_changes(model, objs)
        prepared = prepare_objects(objs, text=stemmed_text, autocomplete=folded_text)
        super().add_items(model, prepared)


class FrenchSQLiteQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        query = with_query_string(query, lambda text: stemmed_text(text) or NO_MATCH)
        return super().build_search_query_content(query, config)


class FrenchSQLiteAutocompleteCompiler(sqlite.SQLiteAutocompleteQueryCompiler):
    def build_search_query_content(self, query, config=None):
        query = with_query_string(query, lambda text: folded_text(text) or NO_MATCH)
        return super().build_search_query_content(query, config)


class FrenchSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    index_class = FrenchSQLiteIndex
    query_compiler_class = FrenchSQLiteQueryCompiler
    autocomplete_query_compiler_class = FrenchSQLiteAutocompleteCompiler
