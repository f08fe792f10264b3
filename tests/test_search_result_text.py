"""What a search result quotes of a sheet: its live text, kept as one line of plain text
(``ActionSheetPage.plain_text``) by every way a sheet is written."""

import datetime

import pytest

from initiatives import page_tree
from initiatives.models import ActionSheetPage, Service
from search import analysis

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def wifi(referentiel):
    return Service.objects.get(slug="wi-fi-public")


def test_a_draft_changes_what_results_quote_only_once_published(wifi, api):
    town = make_collectivity("29019", "Brest", "ville")
    sheet = make_sheet(
        town,
        title="Bornes wifi au port",
        services=[wifi],
        date=datetime.date(2023, 1, 1),
        synthese="<p>Des bornes <b>gratuites</b> sur les quais.</p>",
    )
    quoted = api(q="bornes")["results"][0]["snippet"]
    assert quoted == "Des <mark>bornes</mark> gratuites sur les quais."

    sheet.synthese = "<p>Un texte pas encore publié sur les bornes.</p>"
    sheet.save_revision()  # a draft: the live sheet is unchanged
    assert api(q="bornes port")["results"][0]["snippet"] == (
        "Des <mark>bornes</mark> gratuites sur les quais."
    )

    revision = sheet.get_latest_revision()
    # The revision keeps what was written; the quoted texts are derived again from it.
    assert "synthese" in revision.content
    assert "plain_text" not in revision.content and "plain_text_twin" not in revision.content
    assert revision.as_object().plain_text == "Un texte pas encore publié sur les bornes."
    revision.publish()
    assert api(q="bornes")["results"][0]["snippet"] == (
        "Un texte pas encore publié sur les <mark>bornes</mark>."
    )


def test_a_save_of_some_fields_keeps_the_quoted_text_in_step(wifi):
    town = make_collectivity("29019", "Brest", "ville")
    sheet = make_sheet(town, services=[wifi], subtitle="Un chapô", synthese="<p>Avant</p>")
    sheet.synthese = "<p>Après   la\nmise à jour &amp; plus</p>"
    sheet.save(update_fields=["synthese"])
    sheet.refresh_from_db()
    assert sheet.plain_text == "Un chapô Après la mise à jour & plus"
    assert sheet.plain_text_twin == "un chapo apres la mise a jour   plus"
    sheet.date = datetime.date(2024, 2, 2)
    sheet.synthese = "<p>Pas enregistré</p>"
    sheet.save(update_fields=["date"])  # the text is not saved: what results quote neither
    sheet.refresh_from_db()
    assert sheet.plain_text == "Un chapô Après la mise à jour & plus"


def test_sheets_inserted_in_bulk_are_quoted_too(wifi, api):
    town = make_collectivity("29019", "Brest", "ville")
    pages = [
        ActionSheetPage(
            title=f"Atelier numérique {number}",
            external_id=f"brest-atelier-{number}",
            subtitle="Pour les aînés",
            actions=f"<ul><li>Séance {number}</li><li>Tablettes prêtées</li></ul>",
            date=datetime.date(2023, 3, number),
            live=True,
        )
        for number in (1, 2)
    ]
    page_tree.bulk_add_children(town, pages)
    ActionSheetPage.services.through.objects.bulk_create(
        [
            ActionSheetPage.services.through(actionsheetpage_id=page.pk, service=wifi)
            for page in pages
        ]
    )
    page_tree.reindex(ActionSheetPage, [page.pk for page in pages])
    stored = ActionSheetPage.objects.get(pk=pages[0].pk)
    assert stored.plain_text_twin == analysis.folded_twin(stored.plain_text)
    snippets = [result["snippet"] for result in api(q="tablettes")["results"]]
    assert sorted(snippets) == [
        f"Pour les aînés Séance {number} <mark>Tablettes</mark> prêtées" for number in (1, 2)
    ]


def test_a_result_names_the_published_title_and_address(wifi, api):
    town = make_collectivity("29019", "Brest", "ville")
    sheet = make_sheet(town, title="Bornes wifi au port", services=[wifi])
    found = api(q="bornes")["results"][0]
    assert (found["title"], found["url"]) == ("Bornes wifi au port", sheet.url)

    sheet.title, sheet.slug = "Bornes wifi sur les quais", "bornes-wifi-quais"
    sheet.save_revision()  # a draft: results still name the live sheet
    assert api(q="bornes")["results"][0]["title"] == "Bornes wifi au port"
    sheet.get_latest_revision().publish()
    found = api(q="bornes")["results"][0]
    assert found["title"] == "Bornes wifi sur les quais"
    assert found["url"].endswith("/bornes-wifi-quais/")


def test_a_sheet_newer_than_the_workers_data_is_shown_whole(wifi, rf):
    """A cluster can name a sheet published since this worker loaded its data: its title,
    address and services are then read from the database."""
    from search import facets
    from search.engine import SearchParams, run_search
    from search.results import result_rows

    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(town, title="Fibre au bourg", services=[wifi])
    loaded_before = facets.facet_data()
    sheet = make_sheet(town, title="Bornes wifi au port", services=[wifi])
    outcome = run_search(SearchParams(query="bornes"))
    assert outcome.page_ids == [sheet.pk]

    [row] = result_rows(outcome, rf.get("/recherche/"), loaded_before)
    assert (row["sheet"].title, row["url"]) == ("Bornes wifi au port", sheet.url)
    assert [service.slug for service in row["services"]] == ["wi-fi-public"]
    assert "<mark>Bornes</mark>" in row["title_html"]
