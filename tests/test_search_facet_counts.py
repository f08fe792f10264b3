"""The facet counts of a search with no filter, counted over the matching sheets' own
values (``ValuesByRow``), are each facet's own count over those sheets: for every set of
matching sheets, fewer or more than half of them."""

from itertools import product

import numpy as np
import pytest

from search import facets

pytestmark = pytest.mark.django_db


def test_counts_over_every_set_of_matching_sheets(corpus):
    data = facets.facet_data()
    assert data.size == 6  # the corpus's visible sheets: 64 sets of matches
    for chosen in product([False, True], repeat=data.size):
        matched = np.array(chosen)
        expected = {name: facet.counts(matched).tolist() for name, facet in data.facets.items()}
        assert data.counts_without_selection(matched) == expected, chosen


def test_services_and_enjeux_count_each_matching_sheet_once(corpus, api):
    # Every sheet matches (more than half: counted from the totals) and then one does.
    everything = api()["facets"]
    assert everything["enjeu"]["vie-quotidienne"] == 3
    assert everything["service"]["wi-fi-public"] == 2
    seniors = api(q="EPN seniors")
    assert seniors["count"] == 1
    assert seniors["facets"]["enjeu"] == {"cohesion-sociale": 1, "vie-quotidienne": 1}


def test_rows_of_page_ids_keep_visible_sheets_only(corpus):
    from search.id_arrays import locate

    data = facets.facet_data()
    visible = [int(page_id) for page_id in data.ids]
    hidden = [corpus["draft"].pk, corpus["private"].pk]
    asked = [visible[2], -5, hidden[0], visible[0], 10**9, visible[2], hidden[1], 0]
    rows, positions = data.rows_of(asked)
    assert positions.tolist() == [0, 3, 5]  # the two hidden sheets and bad ids left out
    assert [visible[row] for row in rows] == [visible[2], visible[0], visible[2]]
    expected_rows, expected_positions = locate(data.ids, asked)
    assert rows.tolist() == expected_rows.tolist()
    assert positions.tolist() == expected_positions.tolist()
