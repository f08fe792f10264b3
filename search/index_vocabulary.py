"""What the database index holds: is a stem in it, and how often do two stems stand side
by side. Asked by ``search.compounds`` before it rewrites a query word, so that a split or
a join is only tried when the index attests it.

Read from the database index on every backend (a cluster is kept alongside it). Answers
are kept per state of the searchable data (``FacetData.token``): a publication can bring
new words, and the next search then asks again.
"""

import re
import threading

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from initiatives.models import ActionSheetPage

# Per data state, bounded: a query's candidates are a few dozen stems.
MAX_CACHED_ANSWERS = 50_000

# What FTS5's unicode61 tokenizer keeps as one token: letters and digits.
_FTS_TOKEN_RE = re.compile(r"[^\W_]+")
_SQLITE_KNOWN_STEM = (
    "SELECT %s WHERE EXISTS (SELECT 1 FROM wagtailsearch_indexentry_fts "
    "WHERE wagtailsearch_indexentry_fts MATCH %s)"
)
# SQLite joins at most 500 SELECTs in one compound query.
_STEMS_PER_QUERY = 200


def _content_type_id() -> int:
    return ContentType.objects.get_for_model(ActionSheetPage).pk


class _SQLiteVocabulary:
    """FTS5 phrase queries; the index holds stems.

    A stem is known when one row of the title or the body matches it. FTS5's own statistics
    (fts5vocab) read the stem's whole list of rows to count them: asking for a common stem
    took 0.4 ms, and a query's candidates 0.5–2 ms, against 0.02 ms a stem this way."""

    def known(self, stems: list[str]) -> set[str]:
        # FTS5 splits a stem holding anything but letters and digits, which the index
        # never holds as one term: those are not asked.
        stems = [stem for stem in stems if _FTS_TOKEN_RE.fullmatch(stem)]
        found = set()
        with connection.cursor() as cursor:
            for start in range(0, len(stems), _STEMS_PER_QUERY):
                chunk = stems[start : start + _STEMS_PER_QUERY]
                cursor.execute(
                    " UNION ALL ".join([_SQLITE_KNOWN_STEM] * len(chunk)),
                    [value for stem in chunk for value in (stem, f'{{body title}} : "{stem}"')],
                )
                found.update(row[0] for row in cursor.fetchall())
        return found

    def side_by_side(self, first: str, second: str) -> int:
        """Index entries where ``second`` follows ``first`` (stems are \\w+)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM wagtailsearch_indexentry_fts "
                "WHERE wagtailsearch_indexentry_fts MATCH %s",
                [f'{{body title}} : "{first} {second}"'],
            )
            return cursor.fetchone()[0]


class _PostgresVocabulary:
    """tsvector lookups through the GIN indexes; PostgreSQL's French stems are Snowball's,
    the same as ``analysis.stem``."""

    def known(self, stems: list[str]) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM unnest(%s::text[]) AS word, "
                "LATERAL (SELECT quote_literal(word)::tsquery AS q) AS query WHERE EXISTS ("
                "SELECT 1 FROM wagtailsearch_indexentry WHERE content_type_id = %s "
                "AND (title @@ q OR body @@ q))",
                [stems, _content_type_id()],
            )
            return {row[0] for row in cursor.fetchall()}

    def side_by_side(self, first: str, second: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM wagtailsearch_indexentry, "
                "(SELECT (quote_literal(%s) || ' <-> ' || quote_literal(%s))::tsquery AS q) "
                "AS query "
                "WHERE content_type_id = %s AND (title @@ q OR body @@ q)",
                [first, second, _content_type_id()],
            )
            return cursor.fetchone()[0]


class IndexVocabulary:
    """Answers of the database index, remembered for one state of the data."""

    def __init__(self, token: str):
        self.token = token
        self.vendor = connection.vendor
        postgres = self.vendor == "postgresql"
        self._reader = _PostgresVocabulary() if postgres else _SQLiteVocabulary()
        self._known: dict[str, bool] = {}
        self._pairs: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def hold(self, stems) -> None:
        """Stems known to be in the index without asking it."""
        with self._lock:
            self._known.update(dict.fromkeys(stems, True))

    def inherit(self, previous: "IndexVocabulary") -> None:
        with previous._lock:
            self._known = {stem: True for stem, found in previous._known.items() if found}
            self._pairs = {pair: count for pair, count in previous._pairs.items() if count}

    def known(self, stems) -> set[str]:
        """The given stems that some visible or hidden sheet's indexed text holds."""
        # An empty word is no tsquery on PostgreSQL ("x" less its plural "x").
        stems = [stem for stem in dict.fromkeys(stems) if stem]
        missing = [stem for stem in stems if stem not in self._known]
        if missing:
            found = self._reader.known(missing)
            with self._lock:
                if len(self._known) > MAX_CACHED_ANSWERS:
                    self._known.clear()
                self._known.update({stem: stem in found for stem in missing})
        return {stem for stem in stems if self._known.get(stem)}

    def side_by_side(self, first: str, second: str) -> int:
        key = (first, second)
        if key not in self._pairs:
            count = self._reader.side_by_side(first, second)
            with self._lock:
                if len(self._pairs) > MAX_CACHED_ANSWERS:
                    self._pairs.clear()
                self._pairs[key] = count
        return self._pairs[key]


_lock = threading.Lock()
_current: IndexVocabulary | None = None


def index_vocabulary(token: str) -> IndexVocabulary:
    """The vocabulary for this state of the data. A publication adds words more often than
    it removes any, and a word the index no longer holds only adds an alternative that
    matches nothing: what the index was found to hold is kept from the previous state, and
    only what it lacked is asked again."""
    global _current
    with _lock:
        if _current is None or _current.token != token:
            previous = _current
            _current = IndexVocabulary(token)
            if previous is not None and previous.vendor == _current.vendor:
                _current.inherit(previous)
            else:
                _current.hold(_stored_stems())
        return _current


def _stored_stems() -> set[str]:
    """The stems the term store holds alone: each matched many sheets when it was stored.
    The index is not asked about them: PostgreSQL's GIN index reads every row of a stem to
    say it holds one (4 ms for « numer », 10 ms for a query's five common stems)."""
    from .fulltext import database_matcher
    from .models import TermMatches

    matcher = database_matcher()
    return {
        stem
        for key in TermMatches.objects.values_list("key", flat=True).iterator()
        if (stem := matcher.stem_of_key(key))
    }


def forget() -> None:
    """Drops every answer (tests that change the database behind the signals' back)."""
    global _current
    with _lock:
        _current = None
