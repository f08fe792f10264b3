"""Full-text matching: which sheets contain a query's words, and how well.

modelsearch keeps the index (its tables on SQLite and PostgreSQL); this module reads it
with one ranked query per term instead of modelsearch's ``.search()``,
whose per-row scoring subquery takes seconds at our scale (see SEARCH-NOTES.md).

The database matchers answer for one term at a time (``matches``), optionally for some
sheets only (``within``: the sheets indexed since a term's matches were stored), and name
each term as the index reads it (``key``), for the term store (``term_store``), which
combines the terms of a query. A term is a group of alternatives (a compound: its joined
form, or all its parts).

Visibility (live, public) is not decided here: the engine keeps only ids of visible rows.
"""

import json
import re
from dataclasses import dataclass

import numpy as np

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from initiatives.models import ActionSheetPage

from . import analysis
from .index_entries import entry_map
from .matches import Matches

TITLE_WEIGHT = 10.0
STORED_COLUMNS = "t.built_at, t.page_ids, t.scores, t.in_title"
# The sheets indexed since each stored answer was built (``term_store``: they are asked
# again), read with the answers rather than by another query: one round trip fewer for
# every search of stored words. As the ORM compares ``changed_at__gte`` (on SQLite both
# columns are text in the same format).
_CHANGED_SINCE = (
    "(SELECT {aggregate}(DISTINCT c.page_id) FROM search_indexchange c "
    "WHERE c.changed_at >= t.built_at)"
)


# The keys of terms of one stem of letters and digits, as each database writes them.
_SQLITE_SINGLE_STEM_KEY = re.compile(r'\(\("([^\W_]+)"\)\)')
_POSTGRES_SINGLE_STEM_KEY = re.compile(r"'([^\W_]+)'")


def _content_type_id() -> int:
    return ContentType.objects.get_for_model(ActionSheetPage).pk


@dataclass(frozen=True)
class SQLiteTerm:
    expression: str  # FTS5 syntax of the term, also its key in the term store

    @classmethod
    def of_stems(cls, stems: tuple[tuple[str, ...], ...]) -> "SQLiteTerm":
        """From alternatives, each a sequence of stems (analysis.QueryTerm.stems).

        The words of a several-word alternative (« espace public numérique » for EPN) must
        be in one field, title or body, as PostgreSQL reads them (``title @@ q OR body @@
        q``): across fields, a title with « numérique » and a body with « espace » and
        « public » matched on SQLite only, so the two databases gave EPN 951 and 946
        sheets at 15,275."""
        alternatives = []
        for alternative in stems:
            words = "(" + " AND ".join(f'"{stem}"' for stem in alternative) + ")"
            if len(alternative) > 1:
                words = f"({{body}} : {words} OR {{title}} : {words})"
            alternatives.append(words)
        return cls("(" + " OR ".join(alternatives) + ")")

    @property
    def single_words(self) -> bool:
        """Each alternative is one word (stems are \\w+, so never the word AND)."""
        return " AND " not in self.expression


class SQLiteMatcher:
    """Queries modelsearch's FTS5 table, whose text holds our French stems."""

    SCORE = f"-bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, {TITLE_WEIGHT})"
    # Non-zero when the title holds one of the term's words.
    IN_TITLE = "bm25(wagtailsearch_indexentry_fts, 0.0, 0.0, 1.0)"

    def prepare(self, term: analysis.QueryTerm) -> SQLiteTerm:
        return SQLiteTerm.of_stems(term.stems())

    def _run(self, expression: str, columns: list[str], within=None) -> np.ndarray:
        """Rows of (entry id, *columns) from the FTS table alone: its rowids are turned
        into page ids in memory (index_entries), not by a join. ``within`` keeps the
        entries of those pages; ``+rowid`` keeps FTS5 from taking the list as a rowid
        lookup, which re-runs the whole match for each value (0.35 ms each)."""
        sql = (
            f"SELECT rowid{''.join(', ' + c for c in columns)} "  # noqa: S608
            "FROM wagtailsearch_indexentry_fts WHERE wagtailsearch_indexentry_fts MATCH %s"
        )
        params = [expression]
        if within is not None:
            sql += (
                " AND +rowid IN (SELECT id FROM wagtailsearch_indexentry "
                "WHERE content_type_id = %s AND object_id IN (SELECT value FROM json_each(%s)))"
            )
            params += [_content_type_id(), json.dumps([str(int(pk)) for pk in within])]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return np.array(rows, dtype=np.float64).reshape(-1, len(columns) + 1)

    def matches(self, term: SQLiteTerm, within=None) -> Matches:
        # One word per alternative: the title flag comes with the ranking.
        columns = [self.SCORE, self.IN_TITLE] if term.single_words else [self.SCORE]
        table = self._run("{body title} : " + term.expression, columns, within)
        positions, page_ids = entry_map().page_ids_of(table[:, 0].astype(np.int64))
        if term.single_words:
            in_title = table[positions, 2] != 0
        else:
            in_title = np.isin(page_ids, self._title_ids("{title} : " + term.expression, within))
        return Matches.of(page_ids, table[positions, 1], in_title)

    def _title_ids(self, expression: str, within=None) -> np.ndarray:
        table = self._run(expression, [], within)
        return entry_map().page_ids_of(table[:, 0].astype(np.int64))[1]

    def title_ids(self, terms: list[SQLiteTerm]) -> np.ndarray:
        """Sheets whose title holds every term, unranked."""
        return self._title_ids("{title} : (" + " AND ".join(t.expression for t in terms) + ")")

    def stem_of_key(self, key: str) -> str | None:
        """The stem a stored key stands for alone, else None."""
        found = _SQLITE_SINGLE_STEM_KEY.fullmatch(key)
        return found[1] if found else None

    def term_of_key(self, key: str) -> SQLiteTerm:
        return SQLiteTerm(key)

    def stored(self, terms: list[SQLiteTerm]) -> list[tuple[str, tuple | None]]:
        """(key, stored row or None) of each term; a row is (built at, page ids, scores,
        in title, the sheets indexed since it was built)."""
        keys = [term.expression for term in terms]
        placeholders = ", ".join(["%s"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.key, {STORED_COLUMNS}, "  # noqa: S608
                f"{_CHANGED_SINCE.format(aggregate='group_concat')} FROM search_termmatches t "
                f"WHERE t.key IN ({placeholders})",
                keys,
            )
            found = {row[0]: row[1:] for row in cursor.fetchall()}
        return [(key, found.get(key)) for key in keys]

    def frequent_terms(self, min_matches: int) -> list[tuple[str, SQLiteTerm]]:
        """(key, term) of every word found in the title or body of at least
        ``min_matches`` entries, most frequent first, read from FTS5's own statistics."""
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.atlaas_fts_vocabulary "
                "USING fts5vocab(main, wagtailsearch_indexentry_fts, col)"
            )
            # Entries with the word in the title plus those with it in the body: at least
            # as many as with it in either, so no frequent word is missed (the store keeps
            # only the terms that do match ``min_matches`` sheets).
            cursor.execute(
                "SELECT term FROM temp.atlaas_fts_vocabulary WHERE col IN ('title', 'body') "
                "GROUP BY term HAVING sum(doc) >= %s ORDER BY sum(doc) DESC",
                [min_matches],
            )
            words = [row[0] for row in cursor.fetchall()]
        terms = [SQLiteTerm.of_stems(((word,),)) for word in words if '"' not in word]
        return [(term.expression, term) for term in terms]

    def autocomplete(self, words: list[str], limit: int) -> list[int]:
        expression = "{autocomplete} : (" + " AND ".join(f'"{w}"*' for w in words) + ")"
        sql = (
            "SELECT e.object_id FROM wagtailsearch_indexentry_fts "
            "JOIN wagtailsearch_indexentry e ON e.id = wagtailsearch_indexentry_fts.rowid "
            "WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s "
            "ORDER BY bm25(wagtailsearch_indexentry_fts) LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, _content_type_id(), limit])
            return [int(row[0]) for row in cursor.fetchall()]


@dataclass(frozen=True)
class PostgresTerm:
    sql: str  # a tsquery expression
    params: tuple


class PostgresMatcher:
    """Queries modelsearch's tsvector columns; PostgreSQL stems with atlaas_french."""

    SCORE = f"ts_rank(title, q) * {TITLE_WEIGHT} + ts_rank(body, q)"

    def prepare(self, term: analysis.QueryTerm) -> PostgresTerm:
        from .backends.postgres import SEARCH_CONFIG

        alternatives, params = [], []
        for alternative in term.alternatives:
            words = [analysis.prepare(word) or word for word in alternative]
            alternatives.append("(" + " && ".join(["plainto_tsquery(%s, %s)"] * len(words)) + ")")
            for word in words:
                params += [SEARCH_CONFIG, word]
        return PostgresTerm("(" + " || ".join(alternatives) + ")", tuple(params))

    def _run(self, terms: list[PostgresTerm], columns: str, where: str, within=None):
        """Rows of (page id, *columns) for the sheets matching every term (``q``)."""
        tsquery = " && ".join(term.sql for term in terms)
        params = [param for term in terms for param in term.params]
        sql = (
            f"SELECT object_id::bigint, {columns} FROM wagtailsearch_indexentry, "  # noqa: S608
            f"(SELECT {tsquery} AS q) AS query "
            f"WHERE content_type_id = %s AND {where}"
        )
        params.append(_content_type_id())
        if within is not None:
            sql += " AND object_id = ANY(%s)"
            params.append([str(int(pk)) for pk in within])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def matches(self, term: PostgresTerm, within=None) -> Matches:
        rows = self._run([term], f"{self.SCORE}, title @@ q", "(title @@ q OR body @@ q)", within)
        return Matches.from_rows(rows, with_title=True)

    def title_ids(self, terms: list[PostgresTerm]) -> np.ndarray:
        return Matches.from_rows(self._run(terms, "0", "title @@ q")).ids

    def stem_of_key(self, key: str) -> str | None:
        """The stem a stored key stands for alone (a tsquery of one lexeme), else None."""
        found = _POSTGRES_SINGLE_STEM_KEY.fullmatch(key)
        return found[1] if found else None

    def term_of_key(self, key: str) -> PostgresTerm:
        return PostgresTerm("(%s::tsquery)", (key,))

    def stored(self, terms: list[PostgresTerm]) -> list[tuple[str, tuple | None]]:
        """(key, stored row or None) of each term: the key is the term's tsquery as
        PostgreSQL writes it, so the query that reads the store also names the terms."""
        values = ", ".join(
            f"({position}, ({term.sql})::text)" for position, term in enumerate(terms)
        )
        params = [param for term in terms for param in term.params]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT k.key, {STORED_COLUMNS}, "  # noqa: S608
                f"{_CHANGED_SINCE.format(aggregate='array_agg')} "
                f"FROM (VALUES {values}) AS k(position, key) "
                "LEFT JOIN search_termmatches t ON t.key = k.key ORDER BY k.position",
                params,
            )
            rows = cursor.fetchall()
        return [(row[0], row[1:] if row[1] is not None else None) for row in rows]

    def frequent_terms(self, min_matches: int) -> list[tuple[str, PostgresTerm]]:
        """(key, term) of every lexeme found in at least ``min_matches`` sheets, most
        frequent first (ts_stat reads each sheet's tsvectors once)."""
        documents = (
            "SELECT title || body FROM wagtailsearch_indexentry "  # noqa: S608
            f"WHERE content_type_id = {int(_content_type_id())}"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, (quote_literal(word)::tsquery)::text FROM ts_stat(%s) "
                "WHERE ndoc >= %s ORDER BY ndoc DESC",
                [documents, min_matches],
            )
            rows = cursor.fetchall()
        return [(key, PostgresTerm("(quote_literal(%s)::tsquery)", (word,))) for word, key in rows]

    def autocomplete(self, words: list[str], limit: int) -> list[int]:
        from .backends.postgres import AUTOCOMPLETE_CONFIG

        # Words are \w+ only (see analysis.folded_words): safe inside a tsquery literal.
        tsquery = " & ".join(f"'{word}':*" for word in words)
        sql = (
            "SELECT object_id FROM wagtailsearch_indexentry "
            "WHERE content_type_id = %s AND autocomplete @@ to_tsquery(%s, %s) "
            "ORDER BY ts_rank(autocomplete, to_tsquery(%s, %s)) DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    _content_type_id(),
                    AUTOCOMPLETE_CONFIG,
                    tsquery,
                    AUTOCOMPLETE_CONFIG,
                    tsquery,
                    limit,
                ],
            )
            return [int(row[0]) for row in cursor.fetchall()]


def database_matcher():
    return PostgresMatcher() if connection.vendor == "postgresql" else SQLiteMatcher()


def get_matcher():
    """What the database engine asks: ``all_terms``, ``any_term``, ``title_ids`` and
    ``autocomplete`` of parsed query terms. A cluster is searched by search.opensearch."""
    from .term_store import TermStore

    return TermStore(database_matcher())
