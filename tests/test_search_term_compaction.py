"""The term store's change table is compacted by the application itself, through a
django-tasks task queued once it passes a size: no one has to run update_term_matches
(issue 17, requirement 8)."""

import pytest

from search import term_compaction
from search.models import IndexChange, TermMatches

from .factories import make_collectivity
from .test_search_fulltext import sheet
from .test_search_term_store import from_database, from_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(referentiel):
    return make_collectivity("35288", "Saint-Malo", "ville")


@pytest.fixture
def small_table(settings, monkeypatch):
    settings.SEARCH_INDEX_CHANGES_COMPACT_AT = 6
    monkeypatch.setattr(term_compaction, "CHECK_EVERY", 1)


def test_publishing_past_the_size_compacts_the_change_table(
    town, small_table, django_capture_on_commit_callbacks
):
    sheet(town, "Robotique au collège")
    from_store("robotique")  # stored now, and never searched again
    (stored,) = TermMatches.objects.all()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(8):
            sheet(town, f"Robotique en classe {number}")
    assert IndexChange.objects.count() < 6
    refreshed = TermMatches.objects.get(pk=stored.pk)
    assert refreshed.built_at > stored.built_at
    assert refreshed.match_count == 9
    # The same sheets as the database finds (scores of unchanged sheets are those stored,
    # as after any correction: see term_store).
    found, expected = from_store("robotique"), from_database("robotique")
    assert found.ids.tolist() == expected.ids.tolist()
    assert found.in_title.tolist() == expected.in_title.tolist()


def test_below_the_size_nothing_is_compacted(town, settings, django_capture_on_commit_callbacks):
    settings.SEARCH_INDEX_CHANGES_COMPACT_AT = 10_000
    sheet(town, "Robotique au collège")
    from_store("robotique")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for number in range(3):
            sheet(town, f"Robotique en classe {number}")
    assert IndexChange.objects.count() >= 3
    assert not any("enqueue" in getattr(c, "__name__", "") for c in callbacks)
