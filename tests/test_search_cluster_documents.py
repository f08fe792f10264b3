"""The cluster's documents are built from the database in a fixed number of queries per
batch, reading only the batch's own « Inspirée de » links (runs without a node: building
documents does not reach it)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.inspiration import inspiration_pairs
from initiatives.models import ActionSheetPage, SheetInspiration
from search.opensearch.documents import documents

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db


def linked_pair(code, name, other_town, number):
    town = make_collectivity(code, name, "ville")
    source = make_sheet(other_town, f"Idée {number}")
    sheet = make_sheet(town, f"Reprise {number}")
    sheet.inspirations = [SheetInspiration(source=source)]
    sheet.save_revision().publish()
    return source, ActionSheetPage.objects.get(pk=sheet.pk)


def test_a_batch_reads_its_own_links_in_a_fixed_number_of_queries(referentiel):
    origin = make_collectivity("29019", "Brest", "ville")
    pairs = [
        linked_pair(code, name, origin, number)
        for number, (code, name) in enumerate(
            [("35238", "Rennes"), ("69123", "Lyon"), ("44109", "Nantes"), ("33063", "Bordeaux")]
        )
    ]
    source, sheet = pairs[0]
    visible = ActionSheetPage.objects.live().public()

    with CaptureQueriesContext(connection) as one_batch:
        docs = documents(visible.filter(pk__in=[source.pk, sheet.pk]))
    with CaptureQueriesContext(connection) as every_sheet:
        documents(visible.all())
    assert len(one_batch) == len(every_sheet)

    by_id = {doc["_id"]: doc["_source"] for doc in docs}
    assert by_id[str(source.pk)]["inspiration"] == ["a-inspire"]
    assert by_id[str(source.pk)]["inspired_collectivities"] == 1
    assert by_id[str(sheet.pk)]["inspiration"] == ["inspiree"]
    assert by_id[str(sheet.pk)]["inspired_by"] == [source.pk]


def test_a_batch_reads_only_its_own_links(referentiel, monkeypatch):
    from search.opensearch import documents as module

    origin = make_collectivity("29019", "Brest", "ville")
    pairs = [
        linked_pair(code, name, origin, number)
        for number, (code, name) in enumerate([("35238", "Rennes"), ("69123", "Lyon")])
    ]
    read = []

    def recorded(sheet_ids=None):
        found = inspiration_pairs(sheet_ids)
        read.extend(found)
        return found

    monkeypatch.setattr(module, "inspiration_pairs", recorded)
    source, sheet = pairs[0]
    documents(ActionSheetPage.objects.filter(pk__in=[source.pk, sheet.pk]))
    assert read == [(source.pk, sheet.pk)]
