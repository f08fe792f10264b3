"""A sheet's life (issue 15, section 3): its action's status and the day it was confirmed,
on the public page, in search, and through import and export."""

import datetime
import html
import json
import re

import pytest

from initiatives.models import ActionSheetPage, ActionStatus
from labels.sheet_status import confirm_status

from .factories import make_collectivity, make_sheet
from .test_export_sheets import export
from .test_import_sheets import line, run_import, write_jsonl

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))


def test_the_public_page_shows_the_status_and_when_it_was_confirmed(client):
    sheet = make_sheet(make_collectivity(), "Un fablab au port", action_status="done")
    ActionSheetPage.objects.filter(pk=sheet.pk).update(
        status_confirmed_on=datetime.date(2025, 3, 4)
    )
    page = text(client.get(sheet.url))
    assert "Terminée, mise à jour le 4 mars 2025" in page


def test_confirming_a_status_survives_the_publication_of_an_older_draft():
    sheet = make_sheet(make_collectivity(), "Un fablab au port")
    sheet.save_revision()  # a draft written before the confirmation
    confirm_status(sheet, ActionStatus.ABANDONED)
    sheet.refresh_from_db()
    sheet.latest_revision.publish()
    sheet.refresh_from_db()
    assert sheet.action_status == ActionStatus.ABANDONED
    assert sheet.status_confirmed_on is not None


def test_search_has_a_status_facet(client):
    collectivity = make_collectivity()
    make_sheet(collectivity, "Un fablab au port", action_status="running")
    make_sheet(collectivity, "Le vieux site", action_status="done")
    make_sheet(collectivity, "La borne abandonnée", action_status="abandoned")
    result = client.get("/api/search/").json()
    assert result["facets"]["status"] == {"running": 1, "done": 1, "abandoned": 1}
    only_done = client.get("/api/search/", {"status": "done"}).json()
    assert [row["title"] for row in only_done["results"]] == ["Le vieux site"]
    page = text(client.get("/recherche/"))
    assert "État de l'action" in page and "terminée" in page


def test_export_and_import_carry_the_status(referentiel, tmp_path):
    sheet = make_sheet(make_collectivity(), "Un fablab au port", action_status="planned")
    ActionSheetPage.objects.filter(pk=sheet.pk).update(
        status_confirmed_on=datetime.date(2025, 3, 4)
    )
    out, _err = export()
    record = json.loads(out.splitlines()[0])
    assert record["action_status"] == "planned"
    assert record["status_confirmed_on"] == "2025-03-04"

    path = write_jsonl(
        tmp_path / "in.jsonl", [line(action_status="done", status_confirmed_on="2026-01-02")]
    )
    succeeded, _out, err = run_import(path)
    assert succeeded, err
    imported = ActionSheetPage.objects.get(external_id=line()["external_id"])
    assert imported.action_status == "done"
    assert imported.status_confirmed_on == datetime.date(2026, 1, 2)


def test_an_old_file_still_imports_and_keeps_a_stored_status(referentiel, tmp_path):
    path = write_jsonl(tmp_path / "old.jsonl", [line()])
    assert run_import(path)[0]
    sheet = ActionSheetPage.objects.get(external_id=line()["external_id"])
    assert sheet.action_status == ActionStatus.RUNNING
    confirm_status(sheet, ActionStatus.DONE)
    succeeded, out, err = run_import(path)
    assert succeeded, err
    sheet.refresh_from_db()
    assert sheet.action_status == ActionStatus.DONE
    # The line says nothing of the status: the sheet is as the file describes it.
    assert "1 inchangée(s)" in out


def test_a_bad_status_gets_a_french_message(referentiel, tmp_path):
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            line(action_status="finie"),
            line(external_id="x2", action_status="done", status_confirmed_on="hier"),
        ],
    )
    succeeded, out, err = run_import(path)
    output = out + err
    assert "« action_status » doit valoir « planned », « running », « done », « abandoned »" in (
        output
    )
    assert "« status_confirmed_on » doit être une date ISO existante" in output
    assert not ActionSheetPage.objects.filter(external_id__in=["atlaas-test-fablab", "x2"]).exists()
