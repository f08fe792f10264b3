"""The sitemap as crawlers read it at any size: an index of sections under 50,000 URLs each,
every one advertised, a lastmod on every URL, Last-Modified and 304, one state of the data
built once and then served from the cache, and a new publication seen at once."""

import gzip
from xml.etree import ElementTree

import pytest

from opendata import sitemaps
from tests.factories import make_sheet
from tests.test_labels_models import make_award, make_edition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "http://testserver"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314


def sections(client) -> list[str]:
    return [loc.text for loc in parse(client.get("/sitemap.xml")).iter(f"{NS}loc")]


def urls(client, section_url) -> list[tuple[str, str]]:
    root = parse(client.get(section_url.removeprefix(SITE)))
    return [(u.findtext(f"{NS}loc"), u.findtext(f"{NS}lastmod")) for u in root.iter(f"{NS}url")]


def test_every_url_of_every_section_has_a_lastmod(client, corpus):
    town = corpus["wifi"].get_parent().specific
    make_award(make_edition(2023), town, arobases=3)
    found = {}
    for section in sections(client):
        found.update(urls(client, section))
    # The home page, the lists and the award pages too, which had none.
    for path in ("/", "/enjeux/", "/collectivites/", "/label/2023/", f"/label/2023/{town.slug}/"):
        assert found.get(SITE + path), path
    assert all(found.values())


def test_a_large_site_is_cut_into_advertised_sections(client, corpus, monkeypatch):
    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 3)
    listed = sections(client)
    pages = [url for url in listed if "/sitemap-pages.xml" in url]
    assert pages[0] == SITE + "/sitemap-pages.xml"
    assert SITE + "/sitemap-pages.xml?p=2" in pages
    seen = []
    for url in pages:
        part = urls(client, url)
        assert 1 <= len(part) <= 3
        seen += [location for location, _lastmod in part]
    assert len(seen) == len(set(seen))
    assert SITE + corpus["wifi"].url in seen and SITE + corpus["epn"].url in seen
    assert client.get("/sitemap-pages.xml", {"p": str(len(pages) + 1)}).status_code == 404
    assert client.get("/sitemap-inconnu.xml").status_code == 404


def test_last_modified_and_not_modified(client, corpus):
    response = client.get("/sitemap.xml")
    last_modified = response["Last-Modified"]
    assert last_modified.endswith("GMT")
    again = client.get("/sitemap.xml", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 304 and not again.content


def test_a_warm_sitemap_costs_only_the_state_query(client, corpus, django_assert_num_queries):
    first = client.get("/sitemap.xml").content
    # The data version and the revealed editions: no query over the pages, whatever their
    # number (counting and dating every page grew with the site).
    with django_assert_num_queries(2):
        assert client.get("/sitemap.xml").content == first
    client.get("/sitemap-pages.xml")
    with django_assert_num_queries(2):
        client.get("/sitemap-pages.xml")
    for number in range(3):
        make_sheet(corpus["wifi"].get_parent().specific, title=f"Fiche de plus {number}")
    client.get("/sitemap-pages.xml")
    with django_assert_num_queries(2):
        client.get("/sitemap-pages.xml")


def test_sent_compressed_to_crawlers_that_accept_it(client, corpus):
    plain = client.get("/sitemap-pages.xml")
    compressed = client.get("/sitemap-pages.xml", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert SITE + corpus["wifi"].url in plain.content.decode()


def test_a_new_publication_is_listed_at_once(client, corpus):
    pages_url = next(url for url in sections(client) if "sitemap-pages" in url)
    before = dict(urls(client, pages_url))
    sheet = make_sheet(corpus["wifi"].get_parent().specific, title="Une fiche toute neuve")
    after = dict(urls(client, pages_url))
    assert SITE + sheet.url not in before
    assert SITE + sheet.url in after
