"""Full-text matches as arrays, and how the matches of several terms combine.

A common word matches most of the 15,000 sheets of an edition: Python objects per match
cost more than the query, so matches are numpy arrays from the database to the ranking.

Scores add up across terms: SQLite's bm25 of ``a AND b`` is the sum of the bm25 of ``a``
and of ``b`` (FTS5 sums over the phrases of the query), and on PostgreSQL each term's
``ts_rank`` is summed the same way. So each term can be matched (or read from the term
store) on its own and the query's matches computed here.
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class Matches:
    ids: np.ndarray  # page ids (int64); ascending and unique when built by ``of``
    scores: np.ndarray  # float64, higher is better
    in_title: np.ndarray | None = None  # bool: the title holds every term; None: ask title_ids
    matched_terms: np.ndarray | None = None  # how many of the query's terms (any_of)

    @classmethod
    def of(cls, ids, scores, in_title=None) -> "Matches":
        """Matches sorted by page id, as ``all_of`` and ``any_of`` expect them."""
        ids = np.asarray(ids, dtype=np.int64)
        scores = np.asarray(scores, dtype=np.float64)
        order = np.argsort(ids, kind="stable")
        ids, scores = ids[order], scores[order]
        if in_title is not None:
            in_title = np.asarray(in_title, dtype=bool)[order]
        if len(ids) > 1 and not (np.diff(ids) > 0).all():  # an object indexed twice
            ids, first = np.unique(ids, return_index=True)
            scores = scores[first]
            in_title = in_title[first] if in_title is not None else None
        return cls(ids, scores, in_title)

    @classmethod
    def from_rows(cls, rows, with_title: bool = False) -> "Matches":
        """From (id, score[, in title]) rows."""
        table = np.array(rows, dtype=np.float64).reshape(-1, 3 if with_title else 2)
        return cls.of(table[:, 0], table[:, 1], table[:, 2] != 0 if with_title else None)

    @classmethod
    def empty(cls) -> "Matches":
        return cls(np.empty(0, np.int64), np.empty(0), np.empty(0, dtype=bool))

    def __len__(self) -> int:
        return len(self.ids)

    def without(self, page_ids) -> "Matches":
        keep = ~np.isin(self.ids, page_ids)
        in_title = self.in_title[keep] if self.in_title is not None else None
        matched = self.matched_terms[keep] if self.matched_terms is not None else None
        return Matches(self.ids[keep], self.scores[keep], in_title, matched)

    def merged_with(self, newer: "Matches") -> "Matches":
        """These matches with ``newer``'s taking the place of theirs (a patch: ``newer``
        holds what the index now says of some sheets, ``self`` must already lack them)."""
        return Matches.of(
            np.concatenate([self.ids, newer.ids]),
            np.concatenate([self.scores, newer.scores]),
            np.concatenate([self.in_title, newer.in_title]),
        )


def all_of(per_term: list[Matches]) -> Matches:
    """Sheets matching every term: scores summed, title flags combined with AND."""
    if not per_term:
        return Matches.empty()
    result = per_term[0]
    for other in per_term[1:]:
        ids, mine, theirs = np.intersect1d(
            result.ids, other.ids, assume_unique=True, return_indices=True
        )
        result = Matches(
            ids,
            result.scores[mine] + other.scores[theirs],
            result.in_title[mine] & other.in_title[theirs],
        )
    return result


def any_of(per_term: list[Matches]) -> Matches:
    """Sheets matching at least one term, each scored by the terms it holds."""
    if not per_term:
        return Matches.empty()
    ids = np.unique(np.concatenate([matches.ids for matches in per_term]))
    scores = np.zeros(len(ids))
    matched_terms = np.zeros(len(ids), dtype=np.int64)
    for matches in per_term:
        positions = np.searchsorted(ids, matches.ids)
        scores[positions] += matches.scores
        matched_terms[positions] += 1
    return Matches(ids, scores, None, matched_terms)
