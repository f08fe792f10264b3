"""manage.py import_sheets: JSON Lines in, sheets and collectivities out, re-runnable."""

import copy
import datetime
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from wagtail.models import Revision

from initiatives.models import ActionSheetPage, CollectivityPage
from initiatives.sheet_io import collectivities as collectivities_module
from initiatives.sheet_io import importer as importer_module
from initiatives.sheet_io.record_types import RICH_TEXT_FIELDS
from initiatives.sheet_io.sanitize import clean_plain_text, clean_rich_text
from tests.factories import make_collectivity, make_sheet
from tests.html_safety import executable_markup

FIXTURE = Path(__file__).parent / "data" / "sheets_fr.jsonl"
FIXTURE_LINES = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]

GOOD_LINE = {
    "external_id": "atlaas-test-fablab",
    "title": "Un fablab pour les collégiens",
    "subtitle": "Imprimantes 3D et découpe laser en accès libre le mercredi.",
    "date": "2023-03-08",
    "actions": "<p>Ouverture d'un atelier de fabrication numérique.</p>",
    "synthese": "<p>Un lieu pour apprendre en fabriquant.</p>",
    "outils": "Imprimantes 3D, découpeuse laser",
    "prestataires": "Les Petits Débrouillards",
    "recommandations": "<p>Former les animateurs avant l'ouverture.</p>",
    "resultats": "<p>Trois cents jeunes accueillis.</p>",
    "links": ["https://www.saint-malo.fr/fablab"],
    "contacts": [{"name": "Yann Morvan", "role": "Fabmanager", "email": "fablab@saint-malo.fr"}],
    "services": ["fab-lab-et-ateliers-de-fabrication-numerique"],
    "tags": ["fablab", "jeunesse"],
    "status": "published",
    "collectivity": {"code": "35288", "name": "Saint-Malo", "kind": "ville"},
}


def line(**changes) -> dict:
    data = copy.deepcopy(GOOD_LINE)
    data.update(changes)
    return data


def write_jsonl(path: Path, lines) -> Path:
    """Writes dicts as JSON and strings as they are, one per line."""
    text = "\n".join(
        item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in lines
    )
    path.write_text(text + "\n", encoding="utf-8")
    return path


def run_import(path, **options):
    """(succeeded, stdout, stderr) of import_sheets."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_sheets", str(path), stdout=out, stderr=err, **options)
        succeeded = True
    except CommandError as error:
        err.write(str(error))
        succeeded = False
    return succeeded, out.getvalue(), err.getvalue()


@pytest.fixture
def fixture_imported(referentiel):
    succeeded, out, err = run_import(FIXTURE)
    assert succeeded, err
    return out


def page_text(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_fixture_file_imports_sheets_collectivities_and_relations(fixture_imported, client):
    assert "5 créée(s), 0 mise(s) à jour, 0 inchangée(s), 0 en erreur" in fixture_imported
    assert "Collectivités : 4 créée(s)" in fixture_imported

    sheet = ActionSheetPage.objects.get(external_id="atlaas-saint-malo-epn")
    assert sheet.live
    assert sheet.date == datetime.date(2023, 5, 12)
    assert sheet.get_parent().specific.code == "35288"
    assert sheet.collectivity.title == "Saint-Malo"
    assert sorted(s.slug for s in sheet.services.all()) == [
        "espace-public-numerique-epn",
        "formation-et-accompagnement-des-publics-au-numerique",
    ]
    assert sorted(t.name for t in sheet.tags.all()) == ["inclusion numérique", "médiathèque"]
    assert [(c.name, c.email) for c in sheet.contacts.all()] == [
        ("Claire Le Goff", "inclusion@saint-malo.fr")
    ]
    assert [link.url for link in sheet.links.all()] == [
        "https://www.saint-malo.fr/",
        "https://www.lagrandepasserelle.fr/",
    ]
    assert sheet.outils == "Ordinateurs reconditionnés sous Linux, tablettes, vidéoprojecteur"

    html = page_text(client, sheet)
    for text in (
        "Un espace public numérique au cœur de la médiathèque",
        "Ateliers gratuits pour apprendre à utiliser ordinateur, tablette et smartphone.",
        "animé par deux conseillers numériques",
        "Plus de 1 200 participants la première année",
        "Emmaüs Connect",
    ):
        assert text in html


def test_plain_text_in_a_rich_text_field_becomes_paragraphs(fixture_imported):
    sheet = ActionSheetPage.objects.get(external_id="atlaas-saint-malo-portail-famille")
    assert sheet.actions == (
        "<p>Les familles créent un compte unique.</p>"
        "<p>Elles réservent et paient la cantine et la garderie en ligne.</p>"
    )


def test_collectivity_fields_come_from_the_line_or_else_from_the_cog(fixture_imported):
    saint_malo = CollectivityPage.objects.get(code="35288")
    assert saint_malo.population == 46803  # given in the file, kept
    village = CollectivityPage.objects.get(code="35003")
    assert (village.title, village.kind, village.population) == (
        "Andouillé-Neuville",
        "village",
        1017,
    )
    assert (village.departement, village.region) == ("35", "53")
    agglo = CollectivityPage.objects.get(code="243500782")
    assert agglo.kind == "intercommunalite"
    assert "35288" in agglo.member_codes
    assert agglo.get_parent().specific_class.__name__ == "HomePage"


BAD_LINES = [
    ('{"external_id": "atlaas-x", "title": ', "JSON invalide, colonne 38 : valeur attendue"),
    ('{"external_id": "atlaas-x" "title": "x"}', "virgule attendue"),
    ('["not", "an", "object"]', "objet JSON"),
    (line(services=["service-qui-n-existe-pas"]), "service-qui-n-existe-pas"),
    (line(services=[]), "au moins un service"),
    (line(title="   "), "« title » est vide"),
    (line(title="Un tiers-lieu\nBcc: tous@exemple.org"), "« title » doit tenir sur une ligne"),
    (line(subtitle="Un chapô\r\nsur deux lignes"), "« subtitle » doit tenir sur une ligne"),
    ({k: v for k, v in GOOD_LINE.items() if k != "title"}, "« title » est obligatoire"),
    ({k: v for k, v in GOOD_LINE.items() if k != "external_id"}, "« external_id »"),
    ({k: v for k, v in GOOD_LINE.items() if k != "date"}, "« date » est obligatoire"),
    (line(date="12/05/2023"), "12/05/2023"),
    (line(date="2023-02-30"), "2023-02-30"),
    (line(collectivity={"code": "99999"}), "99999"),
    (line(collectivity={"code": "35288", "kind": "metropole"}), "metropole"),
    (line(collectivity={"code": "35288", "kind": "intercommunalite"}), "SIREN"),
    (line(collectivity={"code": "35288", "population": "beaucoup"}), "population"),
    (line(collectivity={"code": "35288", "name": "N" * 256}), "dépasse 255 caractères"),
    ({k: v for k, v in GOOD_LINE.items() if k != "collectivity"}, "« collectivity »"),
    (line(title=["une", "liste"]), "« title » doit être un texte"),
    (line(tags="fablab"), "« tags » doit être une liste"),
    (line(links=["javascript:alert(1)"]), "javascript:alert(1)"),
    (line(links=["pas une adresse"]), "adresse web valide"),
    (line(contacts=[{"name": "Yann", "email": "yann@"}]), "courriel valide"),
    (line(contacts=[{"role": "Fabmanager"}]), "contacts[1].name"),
    (line(status="archived"), "archived"),
    (json.dumps(line(title="Fiche \ud800")), "caractère Unicode invalide"),
    (line(title="T" * 256), "dépasse 255 caractères"),
    (line(subtitle="S" * 301), "dépasse 300 caractères"),
    (line(external_id="x" * 101), "dépasse 100 caractères"),
]


def test_each_bad_line_is_reported_with_its_number_and_the_others_imported(referentiel, tmp_path):
    # Good lines between bad ones, and a blank line, which is not an error.
    lines = [line(external_id="atlaas-good-0"), ""]
    expected = {}
    for position, (bad, reason) in enumerate(BAD_LINES, start=1):
        lines.append(bad)
        expected[len(lines)] = reason
        lines.append(line(external_id=f"atlaas-good-{position}"))
    succeeded, out, err = run_import(write_jsonl(tmp_path / "sheets.jsonl", lines))

    assert not succeeded
    reported = {}
    for text in err.splitlines():
        if text.startswith("Ligne "):
            number, reason = text.removeprefix("Ligne ").split(" : ", 1)
            reported[int(number)] = reason
    assert reported.keys() == expected.keys()
    for number, reason in expected.items():
        assert reason in reported[number], (number, reported[number])
    assert ActionSheetPage.objects.count() == len(BAD_LINES) + 1
    assert f"{len(BAD_LINES) + 1} créée(s), 0 mise(s) à jour, 0 inchangée(s)" in out
    assert f"{len(BAD_LINES)} en erreur" in out


def test_a_line_that_is_not_utf8_is_reported(referentiel, tmp_path):
    path = tmp_path / "sheets.jsonl"
    path.write_bytes(
        json.dumps(line()).encode() + b"\n" + '{"title": "Médiathèque"}'.encode("latin-1") + b"\n"
    )
    succeeded, __, err = run_import(path)
    assert not succeeded
    assert "Ligne 2 : texte illisible : UTF-8 attendu." in err
    assert ActionSheetPage.objects.filter(external_id=GOOD_LINE["external_id"]).exists()


def test_a_missing_file_gets_a_french_message(referentiel, tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_sheets", str(tmp_path / "absent.jsonl"), stdout=io.StringIO())


def test_an_empty_referentiel_stops_the_import_before_any_line(db, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [line()])
    with pytest.raises(CommandError, match="import_referentiel"):
        call_command("import_sheets", str(path), stdout=io.StringIO())
    assert not CollectivityPage.objects.exists()


def test_a_repeated_external_id_keeps_the_first_line(referentiel, tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [line(), line(title="Deuxième version")])
    succeeded, __, err = run_import(path)
    assert not succeeded
    assert "Ligne 2 : « atlaas-test-fablab » figure déjà ligne 1" in err
    assert ActionSheetPage.objects.get().title == GOOD_LINE["title"]


def test_rerunning_the_same_file_changes_nothing(fixture_imported):
    def state():
        return (
            list(
                ActionSheetPage.objects.order_by("pk").values_list(
                    "pk", "path", "live", "last_published_at", "latest_revision_created_at"
                )
            ),
            list(CollectivityPage.objects.order_by("pk").values_list("pk", "title", "population")),
            Revision.objects.count(),
        )

    before = state()
    succeeded, out, __ = run_import(FIXTURE)
    assert succeeded
    assert "0 créée(s), 0 mise(s) à jour, 5 inchangée(s), 0 en erreur" in out
    assert "Collectivités : 0 créée(s), 0 mise(s) à jour." in out
    assert state() == before


def test_services_order_and_tag_case_do_not_count_as_changes(referentiel, tmp_path):
    services = ["fab-lab-et-ateliers-de-fabrication-numerique", "tiers-lieu-numerique"]
    run_import(write_jsonl(tmp_path / "a.jsonl", [line(services=services)]))
    shuffled = line(services=services[::-1], tags=["Jeunesse", "FABLAB"])
    succeeded, out, __ = run_import(write_jsonl(tmp_path / "b.jsonl", [shuffled]))
    assert succeeded
    assert "1 inchangée(s)" in out


def test_a_changed_line_updates_the_sheet_and_its_relations(referentiel, tmp_path, client):
    run_import(write_jsonl(tmp_path / "a.jsonl", [line(), line(external_id="atlaas-other")]))
    changed = line(
        title="Un fablab ouvert à tous",
        synthese="<p>Désormais ouvert aux adultes.</p>",
        services=["tiers-lieu-numerique"],
        tags=["tiers-lieu"],
        contacts=[{"name": "Anne Guérin", "role": "Direction", "email": "anne@saint-malo.fr"}],
        links=["https://www.saint-malo.fr/tiers-lieu", "https://www.saint-malo.fr/fablab"],
    )
    succeeded, out, __ = run_import(
        write_jsonl(tmp_path / "b.jsonl", [changed, line(external_id="atlaas-other")])
    )

    assert succeeded
    assert "0 créée(s), 1 mise(s) à jour, 1 inchangée(s)" in out
    sheet = ActionSheetPage.objects.get(external_id=GOOD_LINE["external_id"])
    assert sheet.title == "Un fablab ouvert à tous"
    assert [s.slug for s in sheet.services.all()] == ["tiers-lieu-numerique"]
    assert [t.name for t in sheet.tags.all()] == ["tiers-lieu"]
    assert [c.name for c in sheet.contacts.all()] == ["Anne Guérin"]
    assert [link.url for link in sheet.links.all()] == changed["links"]
    assert sheet.revisions.count() == 1
    assert "Désormais ouvert aux adultes." in page_text(client, sheet)
    # Unchanged from now on.
    assert "2 inchangée(s)" in run_import(tmp_path / "b.jsonl")[1]


def test_a_new_collectivity_moves_the_sheet(referentiel, tmp_path, client):
    # Bruz already has a sheet of the same title, hence of the same slug.
    namesake = line(external_id="atlaas-bruz", collectivity={"code": "35047"})
    run_import(write_jsonl(tmp_path / "a.jsonl", [line(), namesake]))
    saint_malo = CollectivityPage.objects.get(code="35288")
    moved = line(collectivity={"code": "35047"})
    succeeded, out, __ = run_import(write_jsonl(tmp_path / "b.jsonl", [moved, namesake]))

    assert succeeded
    assert "1 mise(s) à jour, 1 inchangée(s)" in out
    sheet = ActionSheetPage.objects.get(external_id=GOOD_LINE["external_id"])
    bruz = CollectivityPage.objects.get(code="35047")
    assert sheet.get_parent().pk == bruz.pk
    assert sheet.collectivity_id == bruz.pk
    assert sheet.url_path.startswith(bruz.url_path)
    saint_malo.refresh_from_db()
    assert saint_malo.numchild == 0
    other = ActionSheetPage.objects.get(external_id="atlaas-bruz")
    assert sheet.url != other.url
    assert client.get(sheet.url).status_code == 200
    assert client.get(other.url).status_code == 200


def test_a_collectivity_given_other_values_is_updated(referentiel, tmp_path):
    run_import(write_jsonl(tmp_path / "a.jsonl", [line()]))
    renamed = line(collectivity={"code": "35288", "name": "Ville de Saint-Malo"})
    succeeded, out, __ = run_import(write_jsonl(tmp_path / "b.jsonl", [renamed]))
    assert succeeded
    assert "Collectivités : 0 créée(s), 1 mise(s) à jour." in out
    assert "1 inchangée(s)" in out
    saint_malo = CollectivityPage.objects.get(code="35288")
    assert saint_malo.title == "Ville de Saint-Malo"
    assert saint_malo.population == 47439  # absent from the line: kept


def test_a_collectivity_described_twice_keeps_the_first_description(referentiel, tmp_path):
    second = line(external_id="atlaas-2", collectivity={"code": "35288", "name": "Autre nom"})
    succeeded, out, __ = run_import(write_jsonl(tmp_path / "a.jsonl", [line(), second]))
    assert succeeded
    assert "Ligne 2 : la collectivité « 35288 » est décrite autrement qu'à la ligne 1" in out
    assert CollectivityPage.objects.get().title == "Saint-Malo"
    assert "2 inchangée(s)" in run_import(tmp_path / "a.jsonl")[1]


def test_draft_sheets_stay_invisible_to_visitors(referentiel, tmp_path, client):
    run_import(write_jsonl(tmp_path / "a.jsonl", [line(status="draft")]))
    sheet = ActionSheetPage.objects.get()
    assert not sheet.live
    assert client.get(sheet.url).status_code == 404
    assert not ActionSheetPage.objects.live().search("fablab")
    # Indexed all the same, for the admin's search.
    assert list(ActionSheetPage.objects.search("fablab")) == [sheet]


def test_status_changes_publish_and_unpublish(referentiel, tmp_path, client):
    run_import(write_jsonl(tmp_path / "a.jsonl", [line()]))
    sheet = ActionSheetPage.objects.get()
    assert client.get(sheet.url).status_code == 200

    succeeded, out, __ = run_import(write_jsonl(tmp_path / "b.jsonl", [line(status="draft")]))
    assert succeeded and "1 mise(s) à jour" in out
    sheet.refresh_from_db()
    assert not sheet.live
    assert client.get(sheet.url).status_code == 404

    run_import(tmp_path / "a.jsonl")
    sheet.refresh_from_db()
    assert sheet.live
    assert client.get(sheet.url).status_code == 200


def test_a_sheet_made_in_the_admin_is_updated_by_its_external_id(referentiel, tmp_path):
    saint_malo = make_collectivity()
    existing = make_sheet(saint_malo, title="Ancien titre", external_id="atlaas-test-fablab")
    succeeded, out, __ = run_import(write_jsonl(tmp_path / "a.jsonl", [line()]))
    assert succeeded and "1 mise(s) à jour" in out
    existing.refresh_from_db()
    assert existing.title == GOOD_LINE["title"]
    assert ActionSheetPage.objects.count() == 1


XSS = {
    "actions": '<p>Texte <strong>gras</strong><script>alert("actions")</script></p>',
    "synthese": '<img src=x onerror="alert(1)"><p onclick="alert(2)">Synthèse sûre</p>',
    "recommandations": '<a href="javascript:alert(3)">piège</a> <a href="https://ok.fr">lien</a>',
    "resultats": '<svg onload="alert(4)"><circle r="1"/></svg><iframe src="https://x.fr"></iframe>'
    "<style>body{}</style><p>Résultat</p>",
    "outils": "<b>Tableur</b><script>alert(5)</script>",
    "prestataires": '<a href="javascript:alert(6)">Prestataire</a>',
}


def test_scripts_and_handlers_never_reach_the_database_or_the_page(referentiel, tmp_path, client):
    run_import(write_jsonl(tmp_path / "a.jsonl", [line(**XSS)]))
    sheet = ActionSheetPage.objects.get()
    stored = " ".join(getattr(sheet, name) for name in RICH_TEXT_FIELDS)
    for payload in ("<script", "alert(", "onerror", "onclick", "onload", "javascript:", "<svg"):
        assert payload not in stored
    assert "<iframe" not in stored and "<style" not in stored and "<img" not in stored
    assert sheet.actions == "<p>Texte <strong>gras</strong></p>"
    assert '<a href="https://ok.fr" rel="noopener">lien</a>' in sheet.recommandations
    # Plain text is kept as written, and shown escaped.
    assert (sheet.outils, sheet.prestataires) == (XSS["outils"], XSS["prestataires"])

    html = page_text(client, sheet)
    assert executable_markup(html) == []
    assert "&lt;b&gt;Tableur&lt;/b&gt;&lt;script&gt;alert(5)&lt;/script&gt;" in html
    assert "Synthèse sûre" in html and "Résultat" in html


def test_plain_text_keeps_what_was_written_entities_and_all(referentiel, tmp_path, client):
    written = "&lt;script&gt;… <i>x</i> R&D, a < b"
    run_import(write_jsonl(tmp_path / "a.jsonl", [line(outils=written, prestataires=written)]))
    sheet = ActionSheetPage.objects.get()
    assert sheet.outils == written and sheet.prestataires == written
    # Shown as written: the entities as typed, the tags as text.
    assert "&amp;lt;script&amp;gt;… &lt;i&gt;x&lt;/i&gt; R&amp;D, a &lt; b" in page_text(
        client, sheet
    )
    # And the file imported again changes nothing.
    __, out, __ = run_import(tmp_path / "a.jsonl")
    assert "1 inchangée(s)" in out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["<p>", "</p>", "<b>", "</b>", "<a href='javascript:x'>", "<a href=https://a.fr>",
             "</a>", "<script>", "</script>", "<svg>", "<table>", "<li>", "<br>", "<!--", "&",
             "<", "\n\n", "x", "é", "<style>", "<img src=x onerror=y>", "<h4>", "\xa0"]
        ) | st.text(max_size=4),
        max_size=20,
    ).map("".join)
)  # fmt: skip
def test_cleaning_is_stable_and_safe(text):
    rich = clean_rich_text(text)
    # Stable: an exported sheet imported again compares equal to what is stored.
    assert clean_rich_text(rich) == rich
    assert clean_plain_text(clean_plain_text(text)) == clean_plain_text(text)
    for payload in ("<script", "javascript:", "onerror", "<svg", "<style", "<img"):
        assert payload not in rich


def test_progress_is_shown_per_batch(referentiel, tmp_path):
    lines = [line(external_id=f"atlaas-{n}", title=f"Fiche {n}") for n in range(5)]
    succeeded, out, __ = run_import(write_jsonl(tmp_path / "a.jsonl", lines), batch_size=2)
    assert succeeded
    progress = [text for text in out.splitlines() if "lignes lues" in text]
    assert len(progress) == 3
    assert progress[-1].startswith("  5 lignes lues : 5 créée(s)")
    assert "fiches/s" in progress[-1]
    assert ActionSheetPage.objects.count() == 5
    # Every batch is indexed.
    assert ActionSheetPage.objects.live().search("Fiche").count() == 5


def test_a_line_the_database_refuses_is_reported_and_the_batch_kept(
    referentiel, tmp_path, monkeypatch
):
    original = importer_module.SheetImporter._bulk_create

    def refuse_one(self, items):
        if any(record.external_id == "atlaas-refused" for __, record, __ in items):
            original(self, items)  # writes, then fails: everything must be rolled back
            raise DatabaseError("contrainte violée")
        return original(self, items)

    monkeypatch.setattr(importer_module.SheetImporter, "_bulk_create", refuse_one)
    lines = [line(external_id="atlaas-a"), line(external_id="atlaas-refused"), line()]
    succeeded, __, err = run_import(write_jsonl(tmp_path / "a.jsonl", lines))

    assert not succeeded
    assert "Ligne 2 : erreur de base de données : contrainte violée" in err
    assert set(ActionSheetPage.objects.values_list("external_id", flat=True)) == {
        "atlaas-a",
        "atlaas-test-fablab",
    }
    assert CollectivityPage.objects.get().numchild == 2


def test_a_collectivity_the_database_refuses_fails_only_its_lines(
    referentiel, tmp_path, monkeypatch
):
    original = collectivities_module.bulk_add_children

    def refuse_bruz(parent, pages, **options):
        original(parent, pages, **options)
        if any(page.code == "35047" for page in pages):
            raise DatabaseError("refusée")
        return pages

    monkeypatch.setattr(collectivities_module, "bulk_add_children", refuse_bruz)
    lines = [line(), line(external_id="atlaas-bruz", collectivity={"code": "35047"})]
    succeeded, __, err = run_import(write_jsonl(tmp_path / "a.jsonl", lines))

    assert not succeeded
    assert "Ligne 2 : la collectivité « 35047 » n'a pas pu être créée" in err
    assert list(CollectivityPage.objects.values_list("code", flat=True)) == ["35288"]
    assert list(ActionSheetPage.objects.values_list("external_id", flat=True)) == [
        GOOD_LINE["external_id"]
    ]


def test_a_batch_spread_over_many_collectivities(referentiel, tmp_path, client):
    from initiatives import geography

    codes = sorted(geography.communes())[:220]
    lines = [
        line(external_id=f"atlaas-{code}", collectivity={"code": code}, title="Même titre")
        for code in codes
    ]
    lines.append(
        line(external_id="atlaas-twin", collectivity={"code": codes[0]}, title="Même titre")
    )
    succeeded, out, __ = run_import(write_jsonl(tmp_path / "a.jsonl", lines))

    assert succeeded
    assert "221 créée(s)" in out and "Collectivités : 220 créée(s)" in out
    first, twin = (
        ActionSheetPage.objects.get(external_id=f"atlaas-{codes[0]}"),
        ActionSheetPage.objects.get(external_id="atlaas-twin"),
    )
    assert (first.slug, twin.slug) == ("meme-titre", "meme-titre-2")
    assert client.get(twin.url).status_code == 200
