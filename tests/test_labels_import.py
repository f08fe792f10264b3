"""manage.py import_awards: good lines saved, bad ones reported by number in French, the exit
code says so, and importing the same file again changes nothing."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from labels.models import Award, Participation
from tests.factories import ServiceFactory, make_collectivity, make_sheet
from tests.test_labels_models import make_award, make_edition, mention

pytestmark = pytest.mark.django_db

HEADER = "edition,code,arobases,distinction,mentions\n"


@pytest.fixture
def towns(db):
    """Saint-Malo, Rennes and the CC Faucigny - Glières (SIREN), with Label 2023 and 2022."""
    make_edition(2023)
    make_edition(2022, ceremony_at=datetime.datetime(2022, 2, 3, 13, tzinfo=datetime.UTC))
    return {
        "saint_malo": make_collectivity(),
        "rennes": make_collectivity("35238", "Rennes"),
        "faucigny": make_collectivity("200000172", "CC Faucigny - Glières", "intercommunalite"),
    }


@pytest.fixture
def csv_file(tmp_path):
    def write(*lines, header=HEADER):
        path = tmp_path / "palmares.csv"
        path.write_text(header + "".join(f"{line}\n" for line in lines), encoding="utf-8")
        return str(path)

    return write


def awards() -> dict:
    return {
        (award.participation.edition.year, award.participation.collectivity.code): (
            award.arobases,
            award.excellence,
            sorted(m.slug for m in award.mentions.all()),
        )
        for award in Award.objects.select_related(
            "participation__edition", "participation__collectivity"
        ).prefetch_related("mentions")
    }


def test_good_lines_are_imported_and_create_the_dossier(towns, csv_file, quiet_command):
    service = ServiceFactory()
    in_period = make_sheet(
        towns["saint_malo"], "Dans la période", [service], date=datetime.date(2022, 9, 1)
    )
    make_sheet(towns["saint_malo"], "Hors période", [service], date=datetime.date(2020, 9, 1))
    path = csv_file(
        "2023,35288,5,oui,démocratie locale;arobase-verte",
        "2023,35238,3,non,",
        "2022, 200000172 ,4,,Numérique éducatif",
    )

    code, out, err = quiet_command("import_awards", path)

    assert code == 0 and err == ""
    assert "3 créée(s), 0 modifiée(s), 0 inchangée(s) ; 3 dossier(s) créé(s)" in out
    assert "3 / 3 lignes" in out
    assert awards() == {
        (2023, "35288"): (5, True, ["arobase-verte", "democratie-locale"]),
        (2023, "35238"): (3, False, []),
        (2022, "200000172"): (4, False, ["numerique-educatif"]),
    }
    dossier = Participation.objects.get(collectivity=towns["saint_malo"])
    assert list(dossier.sheets.all()) == [in_period]


def test_bad_lines_are_reported_by_number_and_the_others_saved(towns, csv_file, quiet_command):
    path = csv_file(
        "2023,35288,4,,",
        "1999,35288,4,,",
        "2023,99999,4,,",
        "2023,35238,six,,",
        "2023,35238,0,,",
        "2023,35238,4,oui,",
        "2023,35238,5,peut-être,",
        "2023,35238,5,oui,mention inconnue",
        "2023,35288,3,,",
        "2022,35238,5,1,médiation numérique",
    )

    with pytest.raises(CommandError, match="8 ligne\\(s\\) sur 10 en erreur"):
        quiet_command("import_awards", path)

    assert awards() == {
        (2023, "35288"): (4, False, []),
        (2022, "35238"): (5, True, ["mediation-numerique"]),
    }


def test_each_error_names_its_line_and_its_reason_in_french(towns, csv_file):
    path = csv_file(
        "1999,35288,4,,",
        "2023,99999,4,,",
        "2023,35238,six,,",
        "2023,35238,4,oui,",
        "2023,35238,5,peut-être,",
        "2023,35238,5,,mention inconnue",
        "2023,35238,2,,",
        "2023,35238,3,,",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_awards", path, stdout=io.StringIO(), stderr=err)

    errors = err.getvalue().splitlines()
    assert errors == [
        "Ligne 2 : édition « 1999 » inconnue",
        "Ligne 3 : aucune collectivité n'a le code INSEE ou SIREN « 99999 »",
        "Ligne 4 : « six » arobases : un nombre entier de 1 à 5 est attendu",
        "Ligne 5 : La distinction « Territoire d'excellence numérique » n'est attribuée "
        "qu'avec 5 arobases.",
        "Ligne 6 : distinction « peut-être » : oui ou non attendu",
        "Ligne 7 : mention « mention inconnue » inconnue",
        "Ligne 9 : cette collectivité a déjà une ligne pour cette édition (ligne 8)",
    ]


def test_importing_the_same_file_twice_changes_nothing(towns, csv_file, quiet_command):
    path = csv_file("2023,35288,5,oui,démocratie locale", "2023,35238,3,,")
    quiet_command("import_awards", path)
    before = (awards(), list(Participation.objects.values_list("pk", flat=True)))

    code, out, _err = quiet_command("import_awards", path)

    assert code == 0
    assert "0 créée(s), 0 modifiée(s), 2 inchangée(s) ; 0 dossier(s) créé(s)" in out
    assert (awards(), list(Participation.objects.values_list("pk", flat=True))) == before


def test_a_new_file_updates_the_jury_decision_and_keeps_the_comment(towns, csv_file, quiet_command):
    award = make_award(
        make_edition(2021, ceremony_at=datetime.datetime(2021, 2, 9, tzinfo=datetime.UTC)),
        towns["saint_malo"],
        3,
        mentions=[mention("arobase-verte")],
        comment="Bravo.",
    )

    code, out, _err = quiet_command("import_awards", csv_file("2021,35288,4,,"))

    assert code == 0 and "1 modifiée(s)" in out
    award.refresh_from_db()
    assert (award.arobases, list(award.mentions.all()), award.jury_comment) == (4, [], "Bravo.")


def test_a_file_without_the_expected_columns_is_refused_whole(towns, csv_file, quiet_command):
    with pytest.raises(CommandError, match="Colonnes manquantes : distinction, mentions"):
        quiet_command("import_awards", csv_file("2023,35288,4", header="edition,code,arobases\n"))
    with pytest.raises(CommandError, match="Fichier introuvable"):
        quiet_command("import_awards", "/nulle/part.csv")
    assert not Award.objects.exists()
