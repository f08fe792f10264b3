"""The first results of a ranking (search.ordering) and how term matches combine
(search.matches): the same as sorting and intersecting everything, for any data."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from search.matches import Matches, all_of, any_of
from search.ordering import SORT_BELOW, first_in_order

# Few distinct values, so that ties in every key are common.
columns = st.integers(min_value=1, max_value=3000).flatmap(
    lambda size: st.tuples(
        *[
            st.lists(st.integers(min_value=0, max_value=limit), min_size=size, max_size=size)
            for limit in (10**6, 40, 5, 1, 1)
        ]
    )
)


@settings(max_examples=60, deadline=None)
@given(columns, st.integers(min_value=1, max_value=3100))
def test_the_first_rows_are_those_of_a_full_sort(data, count):
    keys = [-np.array(column, dtype=np.int64) for column in data]
    assert first_in_order(keys, count).tolist() == np.lexsort(keys)[:count].tolist()


def test_many_rows_tied_on_every_key_keep_their_index_order():
    size = SORT_BELOW * 3
    keys = [np.zeros(size), np.ones(size)]
    assert first_in_order(keys, 20).tolist() == list(range(20))


def matches(pairs, titles=None):
    ids = [pair[0] for pair in pairs]
    return Matches.of(ids, [pair[1] for pair in pairs], titles or [False] * len(ids))


def test_every_term_intersects_sums_scores_and_ands_titles():
    first = matches([(3, 1.0), (1, 2.0), (7, 0.5)], [True, False, True])
    second = matches([(7, 2.0), (3, 0.25), (9, 1.0)], [False, True, False])
    both = all_of([first, second])
    assert both.ids.tolist() == [3, 7]
    assert both.scores.tolist() == [1.25, 2.5]
    assert both.in_title.tolist() == [True, False]


def test_any_term_unites_and_sums_the_scores_present():
    either = any_of([matches([(3, 1.0), (1, 2.0)]), matches([(3, 0.5), (9, 1.0)])])
    assert either.ids.tolist() == [1, 3, 9]
    assert either.scores.tolist() == [2.0, 1.5, 1.0]


def test_a_patch_replaces_the_changed_sheets():
    stored = matches([(1, 1.0), (2, 1.0), (3, 1.0)], [False, False, False])
    patch = matches([(2, 5.0), (4, 2.0)], [True, False])
    patched = stored.without([2, 3, 4]).merged_with(patch)
    assert patched.ids.tolist() == [1, 2, 4]
    assert patched.scores.tolist() == [1.0, 5.0, 2.0]
    assert patched.in_title.tolist() == [False, True, False]
