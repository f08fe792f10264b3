"""One answer on every backend (issue 17, requirement 6): over a fixed corpus and more than
a hundred queries, the configured backend gives the counts, the first ten results, the
suggestion and the fallback written in ``tests/data/search_parity.json``.

That file is SQLite's answer (the embedded default), written by
``ATLAAS_WRITE_SEARCH_PARITY=1 pytest tests/test_search_parity.py`` on SQLite. Each other
engine runs the same test under its own settings (``DATABASE_URL`` for PostgreSQL,
``OPENSEARCH_URL`` for OpenSearch, as .ci/run's third pass does) and is compared with it:
adding an engine adds no code here, and a change that moves one backend's answers shows
as a diff of that file.

The first ten are compared as a set, and in order where the ranking does not rest on the
engine's own score (bm25 on SQLite, ts_rank on PostgreSQL): by every word before some, and
title before body, the tiers the engine computes (``search.engine``).
"""

import json
import os
from pathlib import Path

import pytest

from django.db import connection

from .search_parity_corpus import COLLECTIVITIES, QUERIES, SHEETS

EXPECTED = Path(__file__).parent / "data" / "search_parity.json"
FIRST = 10

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def parity_corpus(django_db_setup, django_db_blocker):
    from django.db import transaction

    from initiatives.models import Service

    from .factories import make_collectivity, make_sheet

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from initiatives.referentiel_import import (
                import_referentiel_file,
                shipped_referentiel_path,
            )

            import_referentiel_file(shipped_referentiel_path())
            # One service for all, whose words no query looks for.
            service = Service.objects.get(slug="saisine-par-voie-electronique-sve")
            towns = [make_collectivity(*collectivity) for collectivity in COLLECTIVITIES]
            for day, (town, title, subtitle, synthese) in enumerate(SHEETS, start=1):
                make_sheet(
                    towns[town],
                    title=title,
                    subtitle=subtitle,
                    synthese=f"<p>{synthese}</p>",
                    services=[service],
                    date=f"2023-{1 + day % 12:02d}-{1 + day % 28:02d}",
                )
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def answer(api, query: str) -> dict:
    found = api(q=query, page_size=FIRST)
    return {
        "count": found["count"],
        "first": sorted(row["title"] for row in found["results"]),
        "suggestion": found["suggestion"],
        "fallback": found["fallback"],
    }


def test_every_backend_answers_as_sqlite(parity_corpus, api, monkeypatch):
    assert len(QUERIES) >= 100
    cluster_requests = _cluster_requests(monkeypatch)
    answers = {query: answer(api, query) for query in QUERIES}
    if os.environ.get("OPENSEARCH_URL"):
        # The node answered every query (a fallback to the database would hide a gap).
        assert cluster_requests.count >= len(QUERIES)
    if os.environ.get("ATLAAS_WRITE_SEARCH_PARITY"):
        assert connection.vendor == "sqlite", "the expectation is SQLite's answer"
        EXPECTED.write_text(json.dumps(answers, ensure_ascii=False, indent=1) + "\n")
    expected = json.loads(EXPECTED.read_text())
    assert set(expected) == set(QUERIES), "queries changed: write the file again on SQLite"
    different = {
        query: {"expected": expected[query], "found": found}
        for query, found in answers.items()
        if found != expected[query]
    }
    assert not different, json.dumps(different, ensure_ascii=False, indent=1)


def _cluster_requests(monkeypatch):
    """Counts the searches that reached the node and were answered."""
    from search.opensearch.client import SheetIndex

    requests = type("Requests", (), {"count": 0})()
    original = SheetIndex.search

    def search(self, body):
        response = original(self, body)
        requests.count += 1
        return response

    monkeypatch.setattr(SheetIndex, "search", search)
    return requests
