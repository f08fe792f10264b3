"""The cards of a list of sheets are rendered once per state of the published data and
read back from the cache: a warm page reads no sheet, yet the next page after a
publication, an unpublication or an edit of the référentiel or of a collectivity shows the
change, and no draft or private sheet ever shows on a card."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from .factories import make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(saint_malo, service):
    return make_sheet(saint_malo, title="Atelier du mardi", services=[service])


def listing_urls(service, saint_malo):
    return ["/", service.enjeu.get_absolute_url(), service.get_absolute_url(), saint_malo.url]


def pages(client, urls) -> dict[str, str]:
    contents = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        contents[url] = response.content.decode()
    return contents


def test_a_warm_listing_reads_no_sheet(client, sheet, service, saint_malo):
    for url in listing_urls(service, saint_malo):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert "Atelier du mardi" in client.get(url).content.decode()
        # The sheets' texts are only read to render their cards.
        reading_sheets = [query["sql"] for query in queries if '"subtitle"' in query["sql"]]
        assert reading_sheets == [], url


def test_a_new_revision_published_shows_on_every_card_at_once(client, sheet, service, saint_malo):
    urls = listing_urls(service, saint_malo)
    pages(client, urls)  # the cards of this state are now cached

    sheet.title = "Atelier du jeudi"
    sheet.save_revision().publish()

    for url, content in pages(client, urls).items():
        assert "Atelier du jeudi" in content, url
        assert "Atelier du mardi" not in content, url


def test_a_draft_revision_never_shows_on_a_card(client, sheet, service, saint_malo):
    urls = listing_urls(service, saint_malo)
    pages(client, urls)
    sheet.title = "Titre pas encore relu"
    sheet.save_revision()  # saved, not published

    for url, content in pages(client, urls).items():
        assert "Atelier du mardi" in content, url
        assert "Titre pas encore relu" not in content, url


def test_an_unpublished_or_restricted_sheet_leaves_the_cards_at_once(
    client, sheet, service, saint_malo
):
    other = make_sheet(
        saint_malo,
        title="Cartographie citoyenne",
        services=[service],
        date=datetime.date(2022, 1, 3),
    )
    urls = listing_urls(service, saint_malo)
    for url, content in pages(client, urls).items():
        assert "Cartographie citoyenne" in content, url

    other.unpublish()
    for url, content in pages(client, urls).items():
        assert "Cartographie citoyenne" not in content, url
        assert "Atelier du mardi" in content, url

    PageViewRestriction.objects.create(page=sheet, restriction_type="login")
    for url, content in pages(client, urls).items():
        assert "Atelier du mardi" not in content, url


def test_a_new_sheet_published_shows_at_once(client, sheet, service, saint_malo):
    urls = listing_urls(service, saint_malo)
    pages(client, urls)
    make_sheet(
        saint_malo, title="Tiers-lieu numérique", services=[service], date=datetime.date(2024, 2, 1)
    )
    for url, content in pages(client, urls).items():
        assert "Tiers-lieu numérique" in content, url


def test_renaming_an_enjeu_or_a_collectivity_shows_on_the_cards(client, sheet, service, saint_malo):
    pages(client, ["/", service.get_absolute_url()])

    service.enjeu.name = "Inclusion numérique"
    service.enjeu.save()
    saint_malo.title = "Saint-Malo Agglomération"
    saint_malo.save_revision().publish()

    for url, content in pages(client, ["/", service.get_absolute_url()]).items():
        assert "Inclusion numérique</li>" in content, url
        assert 'card__collectivity">Saint-Malo Agglomération<' in content, url
