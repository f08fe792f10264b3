"""Full-text matching: which sheets contain the query's words, and how well.

modelsearch keeps the index (its tables on SQLite and PostgreSQL, or the cluster); this
module reads it in one ranked query per question instead of modelsearch's ``.search()``,
whose per-row scoring subquery takes seconds at our scale (see SEARCH-NOTES.md). Each
matcher answers the same three questions for a parsed query:

- ``all_terms``: ids with a relevance score, for sheets containing every term, and where
  the same query can tell, whether each title contains every term too;
- ``title_ids``: ids of the sheets whose title contains every term;
- ``any_term``: ids and scores for sheets containing at least one term.

A term is a group of alternatives (a compound: its joined form or all its parts).
Visibility (live, public) is not decided here: the engine keeps only ids of visible rows.
"""

import logging
from dataclasses import dataclass

import numpy as np

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.search.backends import get_search_backend

from initiatives.models import ActionSheetPage

from . import analysis
from .index_entries import entry_map

logger = logging.getLogger(__name__)

TITLE_WEIGHT = 10.0
# Scores of cluster matches are read for this many sheets at most (Elasticsearch's window).
CLUSTER_MAX_MATCHES = 10_000


@dataclass
class Matches:
    """Sheets matching a query, as arrays: a common word matches most of the 15,000 sheets
    of an edition, and Python objects per match cost more than the query."""

    ids: np.ndarray  # page ids
    scores: np.ndarray  # higher is better
    in_title: np.ndarray | None = None  # title holds every term; None: ask title_ids

    @classmethod
    def from_rows(cls, rows, with_title: bool = False) -> "Matches":
        """From (id, score[, in title]) rows."""
        table = np.array(rows, dtype=np.float64).reshape(-1, 3 if with_title else 2)
        return cls(
            ids=table[:, 0].astype(np.int64),
            scores=table[:, 1],
            in_title=table[:, 2] != 0 if with_title else None,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def without(self, page_ids: np.ndarray) -> "Matches":
        keep = ~np.isin(self.ids, page_ids)
        in_title = self.in_title[keep] if self.in_title is not None else None
        return Matches(self.ids[keep], self.scores[keep], in_title)


def _content_type_id() -> int:
    return ContentType.objects.get_for_model(ActionSheetPage).pk


class SQLiteMatcher:
    """Queries modelsearch's FTS5 table, whose text holds our French stems."""

    def _expression(self, terms, joiner: str, columns: str) -> str:
        groups = []
        for term in terms:
            alternatives = [
                "(" + " AND ".join(f'"{token}"' for token in alternative) + ")"
                for alternative in term.stems()
            ]
            groups.append("(" + " OR ".join(alternatives) + ")")
        return "{" + columns + "} : (" + f" {joiner} ".join(groups) + ")"

    def _run(self, expression: str, scores: list[str]) -> np.ndarray:
        """Rows of (entry id, *scores) of the FTS table alone: its rowids are turned into
        page ids in memory (index_entries), not by a join."""
        columns = "".join(f", {score}" for score in scores)
        sql = (
            f"SELECT rowid{columns} FROM wagtailsearch_indexentry_fts "  # noqa: S608
            "WHERE wagtailsearch_indexentry_fts MATCH %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression])
            rows = cursor.fetchall()
        return np.array(rows, dtype=np.float64).reshape(-1, len(scores) + 1)

    def _matches(self, expression: str, with_title: bool) -> Matches:
        scores = [f"-bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, {TITLE_WEIGHT})"]
        if with_title:  # non-zero when the title holds one of the query's words
            scores.append("bm25(wagtailsearch_indexentry_fts, 0.0, 0.0, 1.0)")
        table = self._run(expression, scores)
        positions, page_ids = entry_map().page_ids_of(table[:, 0].astype(np.int64))
        return Matches(
            ids=page_ids,
            scores=table[positions, 1],
            in_title=table[positions, 2] != 0 if with_title else None,
        )

    def all_terms(self, terms) -> Matches:
        # One word (whose alternatives are single words): a title holding one of them holds
        # the whole query, which the same query tells. Several words need title_ids.
        single_word = len(terms) == 1 and all(len(alt) == 1 for alt in terms[0].stems())
        return self._matches(self._expression(terms, "AND", "body title"), single_word)

    def title_ids(self, terms) -> np.ndarray:
        table = self._run(self._expression(terms, "AND", "title"), [])
        return entry_map().page_ids_of(table[:, 0].astype(np.int64))[1]

    def any_term(self, terms) -> Matches:
        return self._matches(self._expression(terms, "OR", "body title"), with_title=False)

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


class PostgresMatcher:
    """Queries modelsearch's tsvector columns; PostgreSQL stems with atlaas_french."""

    SCORE = f"ts_rank(title, q) * {TITLE_WEIGHT} + ts_rank(body, q)"

    def _tsquery(self, terms, joiner: str) -> tuple[str, list]:
        from .backends.postgres import SEARCH_CONFIG

        groups, params = [], []
        for term in terms:
            alternatives = []
            for alternative in term.alternatives:
                words = [analysis.prepare(word) or word for word in alternative]
                alternatives.append(
                    "(" + " && ".join(["plainto_tsquery(%s, %s)"] * len(words)) + ")"
                )
                for word in words:
                    params += [SEARCH_CONFIG, word]
            groups.append("(" + " || ".join(alternatives) + ")")
        return f" {joiner} ".join(groups), params

    def _run(self, terms, joiner: str, columns: str, where: str) -> list[tuple]:
        tsquery, params = self._tsquery(terms, joiner)
        sql = (
            f"SELECT object_id::bigint, {columns} FROM wagtailsearch_indexentry, "  # noqa: S608
            f"(SELECT {tsquery} AS q) AS query "
            f"WHERE content_type_id = %s AND {where}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, _content_type_id()])
            return cursor.fetchall()

    def all_terms(self, terms) -> Matches:
        # q requires every term, so ``title @@ q`` is the title flag, in the same query.
        rows = self._run(terms, "&&", f"{self.SCORE}, title @@ q", "(title @@ q OR body @@ q)")
        return Matches.from_rows(rows, with_title=True)

    def title_ids(self, terms) -> np.ndarray:
        rows = self._run(terms, "&&", "0", "title @@ q")
        return Matches.from_rows(rows).ids

    def any_term(self, terms) -> Matches:
        return Matches.from_rows(self._run(terms, "||", self.SCORE, "(title @@ q OR body @@ q)"))

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


class ClusterMatcher:
    """Asks Elasticsearch/OpenSearch through modelsearch's backend; the cluster analyses."""

    def __init__(self, backend):
        self.backend = backend

    def _search(self, terms, operator: str, fields=None) -> Matches:
        query = " ".join(term.text for term in terms)
        results = self.backend.search(
            query, ActionSheetPage, operator=operator, fields=fields
        ).annotate_score("_score")
        return Matches.from_rows(
            [(page.pk, float(page._score or 0)) for page in results[:CLUSTER_MAX_MATCHES]]
        )

    def all_terms(self, terms) -> Matches:
        return self._search(terms, "and")

    def title_ids(self, terms) -> np.ndarray:
        return self._search(terms, "and", fields=["title"]).ids

    def any_term(self, terms) -> Matches:
        return self._search(terms, "or")

    def autocomplete(self, words: list[str], limit: int) -> list[int]:
        results = self.backend.autocomplete(" ".join(words), ActionSheetPage)
        return [page.pk for page in results[:limit]]


class FallbackMatcher:
    """Uses the cluster, and the database index whenever the cluster fails."""

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback

    def __getattr__(self, name):
        primary_method, fallback_method = getattr(self.primary, name), getattr(self.fallback, name)

        def call(*args, **kwargs):
            try:
                return primary_method(*args, **kwargs)
            except Exception:  # a cluster can fail in many ways; users must get results
                logger.warning(
                    "Search cluster unreachable, falling back to the database index",
                    exc_info=True,
                )
                return fallback_method(*args, **kwargs)

        return call


def database_matcher():
    return PostgresMatcher() if connection.vendor == "postgresql" else SQLiteMatcher()


def get_matcher():
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

    backend = get_search_backend("default")
    if isinstance(backend, ElasticsearchBaseSearchBackend):
        return FallbackMatcher(ClusterMatcher(backend), database_matcher())
    return database_matcher()
