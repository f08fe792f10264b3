"""Importing the référentiel: first load, re-import, edits, removals and refused files."""

import csv
import io

import pytest

from django.core.management import CommandError, call_command

from initiatives.models import Category, Enjeu, Service
from initiatives.referentiel_import import shipped_referentiel_path
from tests.factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db

COLUMNS = ["categorie_slug", "categorie", "enjeu_slug", "enjeu", "service_slug", "service"]


def shipped_rows() -> list[dict]:
    with open(shipped_referentiel_path(), encoding="utf-8", newline="") as handle:
        return [{column: row[column] for column in COLUMNS} for row in csv.DictReader(handle)]


def write_csv(path, rows, columns=COLUMNS, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_referentiel", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue()


def refused_import(*args):
    """Runs an import that must fail; returns everything it said."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="rien n'a été modifié") as caught:
        call_command("import_referentiel", *[str(arg) for arg in args], stdout=out, stderr=err)
    return err.getvalue() + str(caught.value)


def snapshot():
    return (
        list(Category.objects.values_list("slug", "name", "sort_order")),
        list(Enjeu.objects.values_list("slug", "name", "sort_order", "category__slug")),
        list(Service.objects.values_list("slug", "name", "sort_order", "enjeu__slug")),
    )


def test_the_shipped_file_gives_4_categories_16_enjeux_139_services_in_file_order():
    out = run_import()

    rows = shipped_rows()
    assert (Category.objects.count(), Enjeu.objects.count(), Service.objects.count()) == (
        4,
        16,
        139,
    )
    assert "services : 139 créé(s), 0 mis à jour" in out
    assert list(Service.objects.values_list("slug", flat=True)) == [
        row["service_slug"] for row in rows
    ]
    assert list(Enjeu.objects.values_list("slug", flat=True)) == list(
        dict.fromkeys(row["enjeu_slug"] for row in rows)
    )
    assert list(Category.objects.values_list("slug", flat=True)) == [
        "democratie-et-services-publics",
        "vivre-ensemble",
        "partage-des-connaissances",
        "creation-de-richesses",
    ]
    service = Service.objects.get(slug="demarches-administratives-en-ligne")
    assert (service.enjeu.slug, service.enjeu.category.slug) == (
        "services-publics",
        "democratie-et-services-publics",
    )


def test_importing_the_same_file_again_changes_nothing(referentiel):
    before = snapshot()

    out = run_import()

    for label in ("catégories", "enjeux", "services"):
        assert f"{label} : 0 créé(s), 0 mis à jour" in out
    assert "Supprimé" not in out
    assert snapshot() == before


def test_an_edited_file_renames_reorders_and_moves_terms(referentiel, tmp_path):
    rows = shipped_rows()
    rows[0]["service"] = "Démarches en ligne"
    # Démocratie locale (lines 11–18) now comes before Services publics (lines 2–10).
    rows = rows[9:17] + rows[:9] + rows[17:]
    moved = rows[-1]
    moved.update(enjeu_slug="attractivite", enjeu="Attractivité")

    out = run_import(write_csv(tmp_path / "referentiel.csv", rows))

    renamed = Service.objects.get(slug="demarches-administratives-en-ligne")
    assert renamed.name == "Démarches en ligne"
    assert list(Enjeu.objects.values_list("slug", flat=True)[:2]) == [
        "democratie-locale",
        "services-publics",
    ]
    assert Service.objects.get(slug=moved["service_slug"]).enjeu.slug == "attractivite"
    assert list(Service.objects.values_list("slug", flat=True)) == [
        row["service_slug"] for row in rows
    ]
    assert "services : 0 créé(s)" in out
    assert "catégories : 0 créé(s), 0 mis à jour" in out


def test_a_term_absent_from_the_new_file_is_deleted_unless_a_sheet_uses_it(referentiel, tmp_path):
    rows = shipped_rows()
    used, unused = rows[0]["service_slug"], rows[1]["service_slug"]
    sheet = make_sheet(make_collectivity(), services=[Service.objects.get(slug=used)])
    # The whole "Coopération" enjeu (lines 28–35) goes too; none of its services is used.
    kept_rows = [
        row
        for row in rows
        if row["service_slug"] not in (used, unused) and row["enjeu_slug"] != "cooperation"
    ]

    out = run_import(write_csv(tmp_path / "referentiel.csv", kept_rows))

    assert Service.objects.filter(slug=used).exists()
    assert list(sheet.services.values_list("slug", flat=True)) == [used]
    assert f"Conservé car encore utilisé, absent du fichier : service « {used} »" in out
    assert not Service.objects.filter(slug=unused).exists()
    assert f"Supprimé (absent du fichier, inutilisé) : service « {unused} »" in out
    assert not Enjeu.objects.filter(slug="cooperation").exists()
    assert "Supprimé (absent du fichier, inutilisé) : enjeu « cooperation »" in out
    assert Service.objects.count() == 139 - 1 - 8


def rows_with_blank_slug():
    rows = shipped_rows()
    rows[2]["service_slug"] = " "
    return rows


def rows_with_duplicate_service():
    rows = shipped_rows()
    rows[5]["service_slug"] = rows[1]["service_slug"]
    return rows


def rows_with_enjeu_under_two_categories():
    rows = shipped_rows()
    rows[40].update(enjeu_slug="services-publics", enjeu="Services publics")
    return rows


@pytest.mark.parametrize(
    ("make_rows", "columns", "expected"),
    [
        (shipped_rows, COLUMNS[:-1], "Ligne 1 : colonnes manquantes : service."),
        (rows_with_blank_slug, COLUMNS, "Ligne 4 : « service_slug » est vide."),
        (rows_with_duplicate_service, COLUMNS, "Ligne 7 : le service"),
        (rows_with_enjeu_under_two_categories, COLUMNS, "Ligne 42 : l'enjeu « services-publics »"),
    ],
)
def test_a_malformed_file_changes_nothing_and_names_the_line(
    referentiel, tmp_path, make_rows, columns, expected
):
    before = snapshot()
    rows = make_rows()
    rows[0]["service"] = "Ce renommage ne doit pas passer"

    message = refused_import(write_csv(tmp_path / "bad.csv", rows, columns=columns))

    assert expected in message
    assert snapshot() == before


def test_a_duplicate_service_names_both_lines(tmp_path):
    message = refused_import(write_csv(tmp_path / "bad.csv", rows_with_duplicate_service()))

    assert "figure déjà ligne 3" in message
    assert Service.objects.count() == 0


def test_a_file_not_in_utf8_is_refused_with_its_line(referentiel, tmp_path):
    before = snapshot()
    path = write_csv(tmp_path / "excel.csv", shipped_rows(), encoding="cp1252")

    message = refused_import(path)

    assert "UTF-8" in message
    assert "Ligne 2" in message
    assert snapshot() == before


def test_a_missing_file_is_refused(referentiel, tmp_path):
    before = snapshot()

    message = refused_import(tmp_path / "absent.csv")

    assert "Fichier introuvable" in message
    assert "absent.csv" in message
    assert snapshot() == before
