"""Downloading a whole search (CSV, JSON) and the map of départements."""

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_export_starts_with_its_header_and_has_every_result(corpus, client):
    response = client.get("/recherche/export.csv", {"type": "ville"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    # The licence travels in a header, since the file's first line is its header line.
    assert response["Link"].startswith(
        '<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel="license"'
    )
    text = body(response)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["identifiant", "titre", "adresse"]
    titles = {row[1] for row in rows[1:]}
    assert titles == {
        "L'école numérique à Saint-Malo",
        "Transition écologique et sobriété numérique",
        "Wi-Fi public dans les parcs",
        "Mise en conformité RGPD des services",
    }


def test_csv_export_with_semicolons_for_spreadsheets(corpus, client):
    text = body(client.get("/recherche/export.csv", {"q": "wifi", "sep": "semicolon"}))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][1] == "Wi-Fi public dans les parcs"
    assert rows[1][2] == "http://testserver/lyon/wi-fi-public-dans-les-parcs/"
    assert rows[1][4:7] == ["Lyon", "69123", "ville"]


def test_csv_export_names_the_departement_and_region_next_to_their_codes(corpus, client):
    text = body(client.get("/recherche/export.csv", {"q": "wifi"}))
    header, lyon = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[:2]
    place = dict(zip(header, lyon, strict=True))
    assert place["code département"] == "69"
    assert place["département"] == "Rhône"
    assert place["code région"] == "84"
    assert place["région"] == "Auvergne-Rhône-Alpes"


def test_json_export_lists_every_page_of_results(corpus, client):
    data = json.loads(body(client.get("/recherche/export.json", {"page_size": "2"})))
    assert data["licence"] == "Licence Ouverte / Etalab 2.0"
    assert data["licence_url"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert data["source"].startswith("ATLAAS")
    assert data["count"] == len(data["results"]) == 6
    assert {"external_id", "title", "url", "enjeux", "services", "tags"} <= set(data["results"][0])


def test_exports_never_contain_drafts_or_restricted_sheets(corpus, client):
    everything = body(client.get("/recherche/export.csv")) + body(
        client.get("/recherche/export.json")
    )
    assert "zygomatique" not in everything
    assert "confidentialissime" not in everything


def test_map_view_shades_departements_and_links_to_filters(corpus, client):
    response = client.get("/recherche/", {"q": "numerique", "view": "carte"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Carte : svg-maps (Victor Cazanave), CC BY 4.0" in html
    assert 'aria-label="Rhône (69) : 1 fiche"' in html
    assert "departement=69" in html
    # Overseas départements are drawn as labelled boxes, and the counts exist as a table.
    assert ">(974) : 0<" in html
    assert "Voir les chiffres sous forme de tableau" in html


def test_a_departement_of_the_map_links_to_its_sheets_with_the_search_kept(corpus, client):
    html = client.get("/recherche/", {"q": "numerique", "view": "carte", "type": "village"})
    # One click: the list of that département's sheets, the query and other filters kept.
    assert 'href="?q=numerique&amp;type=village&amp;departement=01"' in html.content.decode()


def test_csv_export_opens_formulas_typed_in_a_sheet_as_text(corpus, client):
    from .factories import make_sheet

    title = '=HYPERLINK("http://exemple.invalid","Cliquez") wifi'
    make_sheet(corpus["wifi"].collectivity, title=title)
    rows = list(csv.reader(io.StringIO(body(client.get("/recherche/export.csv", {"q": "wifi"})))))
    titles = [row[rows[0].index("titre")] for row in rows[1:]]
    assert "'" + title in titles
    assert title not in titles
    # JSON is data, not a spreadsheet: the title stays as typed.
    exported = json.loads(body(client.get("/recherche/export.json", {"q": "wifi"})))
    assert title in [record["title"] for record in exported["results"]]
