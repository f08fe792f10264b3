"""manage.py export_sheets: the JSON Lines import_sheets reads, published sheets by default."""

import io
import json
from pathlib import Path

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taggit.models import Tag
from wagtail.models import PageViewRestriction

from initiatives.models import ActionSheetPage, CollectivityPage, Service
from tests.factories import make_collectivity, make_sheet

FIXTURE = Path(__file__).parent / "data" / "sheets_fr.jsonl"
KEYS = [
    "format_version",
    "external_id",
    "title",
    "subtitle",
    "date",
    "action_status",
    "status_confirmed_on",
    "actions",
    "synthese",
    "outils",
    "prestataires",
    "recommandations",
    "resultats",
    "links",
    "contacts",
    "services",
    "tags",
    "status",
    "collectivity",
    "view_restrictions",
    "inspired_by",
]


def export(*args) -> tuple[str, str]:
    """(standard output, standard error) of ``export_sheets - *args``."""
    out, err = io.StringIO(), io.StringIO()
    call_command("export_sheets", "-", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def exported(*args) -> dict[str, dict]:
    return {
        record["external_id"]: record for record in map(json.loads, export(*args)[0].splitlines())
    }


@pytest.fixture
def sheets(referentiel):
    """A published, a draft and a password-protected sheet of Saint-Malo."""
    saint_malo = make_collectivity()
    service = Service.objects.get(slug="wi-fi-public")
    published = make_sheet(saint_malo, "Wi-Fi public", [service], external_id="atlaas-public")
    draft = make_sheet(saint_malo, "Brouillon", [service], live=False, external_id="atlaas-draft")
    private = make_sheet(saint_malo, "Réservée", [service], external_id="atlaas-private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return published, draft, private


def test_default_export_holds_only_published_public_sheets(sheets):
    assert list(exported()) == ["atlaas-public"]


def test_include_drafts_exports_every_sheet_with_its_status(sheets):
    records = exported("--include-drafts")
    assert sorted(records) == ["atlaas-draft", "atlaas-private", "atlaas-public"]
    assert records["atlaas-draft"]["status"] == "draft"
    assert records["atlaas-private"]["status"] == "published"


def test_each_line_follows_the_public_format(referentiel):
    call_command("import_sheets", str(FIXTURE), stdout=io.StringIO())
    text, messages = export()

    assert "4 fiche(s) exportée(s)" in messages  # the draft is left out
    assert "Andouillé-Neuville" in text  # UTF-8, not \\u escapes
    lines = [json.loads(item) for item in text.splitlines()]
    record = next(item for item in lines if item["external_id"] == "atlaas-saint-malo-epn")
    assert list(record) == KEYS
    assert record["date"] == "2023-05-12"
    assert record["status"] == "published"
    assert record["contacts"] == [
        {
            "name": "Claire Le Goff",
            "role": "Cheffe de projet inclusion numérique",
            "email": "inclusion@saint-malo.fr",
            "show_email": False,
        }
    ]
    assert record["collectivity"] == {
        "code": "35288",
        "name": "Saint-Malo",
        "kind": "ville",
        "population": 46803,
        "departement": "35",
        "region": "53",
        "members": [],
        "website": "",
        "introduction": "",
    }
    assert record["format_version"] == 2 and record["view_restrictions"] == []
    agglo = next(item for item in lines if item["collectivity"]["code"] == "243500782")
    assert "35288" in agglo["collectivity"]["members"]


def test_export_to_a_file(sheets, tmp_path):
    target = tmp_path / "fiches.jsonl"
    out = io.StringIO()
    call_command("export_sheets", str(target), stdout=out)
    assert "1 fiche(s) exportée(s)" in out.getvalue()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(item)["external_id"] for item in lines] == ["atlaas-public"]
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_admin_rich_text_is_exported_as_plain_safe_html(referentiel):
    saint_malo = make_collectivity()
    make_sheet(
        saint_malo,
        actions=(
            f'<p data-block-key="k1">Voir <a linktype="page" id="{saint_malo.pk}">la ville</a></p>'
        ),
        external_id="atlaas-admin",
    )
    record = exported()["atlaas-admin"]
    assert record["actions"] == '<p>Voir <a href="/saint-malo/" rel="noopener">la ville</a></p>'


def test_queries_do_not_grow_with_the_number_of_sheets(referentiel):
    saint_malo = make_collectivity()
    service = Service.objects.get(slug="wi-fi-public")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            export()
        return len(queries)

    make_sheet(saint_malo, "Première", [service], tags=["wifi"])
    few = count_queries()
    for number in range(6):
        make_sheet(saint_malo, f"Fiche {number}", [service], tags=[f"tag {number}"])
    assert count_queries() == few


def test_export_import_export_round_trips_without_loss(referentiel, sheets, tmp_path):
    call_command("import_sheets", str(FIXTURE), stdout=io.StringIO())
    published, __, __ = sheets
    published.actions = (
        f'<p data-block-key="x">Voir <a linktype="page" id="{published.pk}">ici</a></p>'
    )
    published.save_revision().publish()
    first = tmp_path / "first.jsonl"
    call_command("export_sheets", str(first), "--include-drafts", stdout=io.StringIO())

    # Imported again into the same site: nothing to do.
    out = io.StringIO()
    call_command("import_sheets", str(first), stdout=out)
    assert "0 créée(s), 0 mise(s) à jour, 8 inchangée(s)" in out.getvalue()

    # Into an empty site: the same file comes back out.
    for collectivity in CollectivityPage.objects.all():
        collectivity.delete()
    Tag.objects.all().delete()
    assert not ActionSheetPage.objects.exists()
    out = io.StringIO()
    call_command("import_sheets", str(first), stdout=out)
    assert "8 créée(s)" in out.getvalue()
    second = tmp_path / "second.jsonl"
    call_command("export_sheets", str(second), "--include-drafts", stdout=io.StringIO())

    first_lines = first.read_text(encoding="utf-8").splitlines()
    assert len(first_lines) == 8
    assert second.read_text(encoding="utf-8").splitlines() == first_lines
