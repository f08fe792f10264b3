"""The parts of a sheet page and of an award page that every visitor sees alike are kept per
state of the published data: a warm page reads none of their data, the next page after a
publication shows the change, and a preview, a draft or a page behind a restriction is
never kept nor served from what was kept."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from initiatives.models import ActionSheetPage, SheetDocument, SheetInspiration, SheetLink

from .factories import make_collectivity, make_sheet
from .test_collections import make_collection, make_index
from .test_labels_models import make_award, make_edition

pytestmark = pytest.mark.django_db

# What only the kept parts of a sheet page read.
SHEET_PARTS_TABLES = ("initiatives_sheetlink", "initiatives_sheetdocument", "sheetinspiration")


@pytest.fixture
def sheet(saint_malo, service):
    sheet = make_sheet(saint_malo, title="Atelier du mardi", services=[service])
    sheet.links = [SheetLink(url="https://example.org/atelier", title="Le site du projet")]
    sheet.save_revision().publish()
    return ActionSheetPage.objects.get(pk=sheet.pk)


def content(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def reading(client, url, tables) -> list[str]:
    """The SQL of a second visit that reads one of ``tables``."""
    content(client, url)
    with CaptureQueriesContext(connection) as queries:
        content(client, url)
    return [q["sql"] for q in queries if any(table in q["sql"] for table in tables)]


def test_a_warm_sheet_page_reads_none_of_its_kept_parts(client, sheet):
    assert reading(client, sheet.url, SHEET_PARTS_TABLES) == []


def test_a_sheet_page_shows_a_new_revision_at_once(client, sheet):
    assert "Le site du projet" in content(client, sheet.url)

    sheet.title = "Atelier du jeudi"
    sheet.links = [SheetLink(url="https://example.org/jeudi", title="Le nouveau site")]
    sheet.save_revision().publish()

    page = content(client, sheet.url)
    assert "Atelier du jeudi</h1>" in page and "Le nouveau site" in page
    assert "Le site du projet" not in page


def test_a_sheet_page_shows_at_once_the_sheet_it_inspired(client, sheet, service):
    assert "A inspiré" not in content(client, sheet.url)

    rennes = make_collectivity("35238", "Rennes")
    follower = make_sheet(rennes, title="Notre atelier", services=[service])
    follower.inspirations = [SheetInspiration(source=sheet)]
    follower.save_revision().publish()

    page = content(client, sheet.url)
    assert "A inspiré 1 collectivité" in page and "Notre atelier" in page


def test_a_preview_is_never_kept_nor_served_from_what_was_kept(client, sheet):
    content(client, sheet.url)  # the public parts are kept
    sheet.title = "Titre en relecture"
    sheet.links = [SheetLink(url="https://example.org/brouillon", title="Lien du brouillon")]
    draft = sheet.save_revision().as_object()

    preview = draft.make_preview_request()
    preview.render()
    assert "Lien du brouillon" in preview.content.decode()

    page = content(client, sheet.url)
    assert "Lien du brouillon" not in page and "Titre en relecture" not in page
    assert "Le site du projet" in page


def test_a_sheet_behind_a_login_is_never_kept(client, sheet):
    PageViewRestriction.objects.create(page=sheet, restriction_type="login")
    client.force_login(get_user_model().objects.create_user("lectrice", "l@x.fr", "pw"))

    tables = SHEET_PARTS_TABLES[:1]
    assert reading(client, sheet.url, tables) != []  # rendered for each request


def test_an_award_page_follows_its_sheets_and_the_referentiel_at_once(client, saint_malo, service):
    edition = make_edition()
    council = make_sheet(saint_malo, "Conseils en vidéo", [service], date=datetime.date(2022, 9, 1))
    budget = make_sheet(
        saint_malo, "Budget participatif", [service], date=datetime.date(2022, 8, 1)
    )
    make_award(edition, saint_malo, 4, sheets=[council, budget])
    url = "/label/2023/saint-malo/"
    assert "2 fiches actions présentées au jury" in content(client, url)
    assert reading(client, url, ("initiatives_actionsheetpage_services",)) == []

    budget.unpublish()
    page = content(client, url)
    assert "1 fiche action présentée au jury" in page and "Budget participatif" not in page

    service.enjeu.name = "Inclusion numérique"
    service.enjeu.save()
    assert 'sheet-group__name">Inclusion numérique<' in content(client, url)


def test_a_document_renamed_shows_at_once_on_the_sheets_that_offer_it(client, sheet):
    document = Document.objects.create(
        title="Bilan annuel", file=ContentFile(b"%PDF-1.4 " * 200, name="bilan.pdf")
    )
    sheet.documents = [SheetDocument(document=document)]
    sheet.save_revision().publish()
    assert "Bilan annuel" in content(client, sheet.url)

    document.title = "Bilan 2024"
    document.save()

    assert "Bilan 2024" in content(client, sheet.url)


def test_the_directory_of_collectivities_follows_each_publication_at_once(client, saint_malo):
    counting = ("COUNT(",)
    assert "Saint-Malo" in content(client, "/collectivites/")
    assert reading(client, "/collectivites/", counting) == []  # kept: no sheet counted

    rennes = make_collectivity("35238", "Rennes")
    assert "Rennes" in content(client, "/collectivites/")
    assert "Rennes" in content(client, "/collectivites/?q=ren")

    rennes.unpublish()
    assert "Rennes" not in content(client, "/collectivites/")
    PageViewRestriction.objects.create(page=saint_malo, restriction_type="login")
    assert "Saint-Malo" not in content(client, "/collectivites/")


def test_collections_follow_each_publication_at_once(client, sheet, service, saint_malo):
    index = make_index()
    collection = make_collection(index, title="Médiation", auto_services=[service])
    assert "Atelier du mardi" in content(client, collection.url)
    assert "Médiation" in content(client, index.url)

    make_sheet(saint_malo, title="Tiers-lieu", services=[service], date=datetime.date(2024, 2, 1))
    make_collection(index, title="Démocratie locale", auto_services=[service])
    sheet.unpublish()

    page = content(client, collection.url)
    assert "Tiers-lieu" in page and "Atelier du mardi" not in page
    assert "Démocratie locale" in content(client, index.url)
    draft = make_collection(index, title="Collection en préparation", live=False)
    assert "Collection en préparation" not in content(client, index.url)
    assert client.get(draft.url or "/collections/collection-en-preparation/").status_code == 404


def test_an_editors_view_of_a_palmares_under_embargo_is_never_kept(client, saint_malo):
    from .test_labels_pages import future

    edition = make_edition(2027, ceremony_at=future())
    make_award(edition, saint_malo, 5, comment="Secret du jury.")
    client.force_login(get_user_model().objects.create_superuser("editrice", "e@x.fr", "pw"))

    assert "Saint-Malo" in content(client, "/label/2027/")
    assert reading(client, "/label/2027/", ("labels_award",)) != []  # rendered each time
