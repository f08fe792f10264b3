"""Every public page type stays fast as the data grows: the counts it shows are read from
one cache entry per state of the published data (never counted again on each visit, never
stale after a publication, never counting drafts or restricted sheets), and its number of
queries is the same with few or many sheets."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from home.models import SitePage
from initiatives.models import ActionSheetPage

from .factories import ServiceFactory, home_page, make_collectivity, make_sheet
from .test_collections import make_collection, make_index
from .test_labels_models import make_award, make_edition
from .test_public_pages import bulk_sheets

pytestmark = pytest.mark.django_db


def warm_queries(client, url) -> list[str]:
    """The SQL of one anonymous GET, on a second visit once the caches are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries]


def home_sheet_count(client) -> int:
    content = client.get("/").content.decode()
    return int(re.search(r"publiées?</dt>\s*<dd>([\d\s]+)</dd>", content).group(1))


def add_sheets(collectivity, count, services, first=0):
    """Published sheets inserted in bulk, then announced as an import announces them, so
    that the state of the data changes as it does in production."""
    from initiatives.signals import pages_bulk_changed

    sheets = bulk_sheets(collectivity, count, services, first)
    pks = [sheet.pk for sheet in sheets]
    pages_bulk_changed.send(sender=ActionSheetPage, model=ActionSheetPage, pks=pks)
    return sheets


def test_warm_listing_pages_count_no_sheet(client, saint_malo, service):
    """The home page, /enjeux/, an enjeu and a service showed counts computed over every
    published sheet on every visit (most of their time at 100,000 sheets)."""
    add_sheets(saint_malo, 30, [service])
    for url in ("/", "/enjeux/", service.enjeu.get_absolute_url(), service.get_absolute_url()):
        counting = [sql for sql in warm_queries(client, url) if "COUNT(" in sql.upper()]
        assert counting == [], url


def test_counts_follow_each_publication_and_never_count_hidden_sheets(client, saint_malo, service):
    enjeu_url, service_url = service.enjeu.get_absolute_url(), service.get_absolute_url()
    make_sheet(saint_malo, title="Première fiche", services=[service])
    make_sheet(saint_malo, title="Brouillon", services=[service], live=False)
    restricted = make_sheet(saint_malo, title="Réservée", services=[service])
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    for url in ("/", enjeu_url, service_url, "/enjeux/"):
        client.get(url)  # the counts of this state are now cached

    assert home_sheet_count(client) == 1
    assert "1 fiche action</h2>" in client.get(enjeu_url).content.decode()
    assert "1 fiche action</h2>" in client.get(service_url).content.decode()

    second = make_sheet(saint_malo, title="Deuxième fiche", services=[service])
    assert home_sheet_count(client) == 2
    assert "2 fiches actions</h2>" in client.get(enjeu_url).content.decode()
    assert "2 fiches actions</h2>" in client.get(service_url).content.decode()
    assert "2 fiches</span>" in client.get("/enjeux/").content.decode()

    second.unpublish()
    assert home_sheet_count(client) == 1
    assert "1 fiche action</h2>" in client.get(service_url).content.decode()


def test_an_enjeu_lists_its_newest_sheets_first_a_page_at_a_time(client, saint_malo, service):
    other = ServiceFactory(name="Atelier", enjeu=service.enjeu)
    add_sheets(saint_malo, 30, [service, other])
    content = client.get(service.enjeu.get_absolute_url(), {"page": "2"}).content.decode()
    # 30 sheets dated one day apart, 24 a page: the second page holds the six oldest.
    assert "30 fiches actions</h2>" in content
    shown = [f"Initiative {n:02d}" for n in range(6) if f"Initiative {n:02d}<" in content]
    assert len(shown) == 6
    assert content.index("Initiative 05<") < content.index("Initiative 00<")


@pytest.fixture
def every_page_type(saint_malo, service):
    """One page of each type a visitor meets, with a few sheets."""
    index = make_index()
    collection = make_collection(index, auto_services=[service])
    edition = make_edition(2023)
    make_award(edition, saint_malo, arobases=4)
    site_page = SitePage(title="Mentions légales", slug="mentions-legales")
    home_page().add_child(instance=site_page)
    site_page.save_revision().publish()
    add_sheets(saint_malo, 5, [service])
    return [
        index.url,
        collection.url,
        edition.get_parent().url,
        edition.url,
        f"{edition.url}{saint_malo.slug}/",
        site_page.url,
        "/recherche/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
    ]


def test_every_other_page_type_runs_the_same_queries_with_5_or_35_sheets(
    client, saint_malo, service, every_page_type
):
    few = {url: len(warm_queries(client, url)) for url in every_page_type}
    add_sheets(saint_malo, 30, [service], first=5)
    for code, title in (("35238", "Rennes"), ("29019", "Brest")):
        add_sheets(make_collectivity(code, title), 2, [service], first=40)
    many = {url: len(warm_queries(client, url)) for url in every_page_type}
    assert many == few


# Warm queries of each public page type (test settings: the cache is in memory, so reading
# what is kept per state of the data costs no query here). A page that reads more again
# fails here: find which of its parts stopped being kept or started a query per item.
WARM_QUERIES = {
    "accueil": 6,
    "/enjeux/": 4,
    "enjeu": 4,
    "service": 3,
    "/collections/": 5,
    "collection": 7,
    "/collectivites/": 2,
    "collectivité": 7,
    "fiche": 9,
    "/label/": 8,
    "palmarès": 9,
    "distinction": 9,
    "page du site": 5,
    "/recherche/": 2,
    "sitemap.xml": 2,
    "sitemap-pages.xml": 2,
}


def test_every_public_page_type_runs_its_known_number_of_queries(
    client, saint_malo, service, every_page_type
):
    index, collection, label, edition, award, site_page, search, sitemap, section = every_page_type
    sheet = ActionSheetPage.objects.live().order_by("pk").last()
    urls = {
        "accueil": "/",
        "/enjeux/": "/enjeux/",
        "enjeu": service.enjeu.get_absolute_url(),
        "service": service.get_absolute_url(),
        "/collections/": index,
        "collection": collection,
        "/collectivites/": "/collectivites/",
        "collectivité": saint_malo.url,
        "fiche": sheet.url,
        "/label/": label,
        "palmarès": edition,
        "distinction": award,
        "page du site": site_page,
        "/recherche/": search,
        "sitemap.xml": sitemap,
        "sitemap-pages.xml": section,
    }
    counts = {name: len(warm_queries(client, url)) for name, url in urls.items()}
    assert counts == WARM_QUERIES
