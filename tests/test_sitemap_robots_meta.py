"""sitemap.xml, robots.txt, canonical addresses, Open Graph and schema.org metadata: what
crawlers and link previews see. Drafts, restricted pages and embargoed awards never listed."""

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from initiatives.models import Service
from tests.factories import make_collectivity, make_sheet
from tests.opendata_helpers import add_media, make_image, publish, restrict
from tests.test_labels_models import future, make_award, make_edition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# SITE_URL of the test settings, which migrate wrote into the Wagtail site.
SITE = "http://testserver"


def sitemap_locations(client) -> set[str]:
    """Every <loc> of every section the sitemap index lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ElementTree.fromstring(response.content)  # noqa: S314
    locations = set()
    for section in index.findall(f"{SITEMAP_NS}sitemap"):
        url = section.findtext(f"{SITEMAP_NS}loc")
        assert url.startswith(SITE + "/")
        part = client.get(url.removeprefix(SITE))
        assert part.status_code == 200, url
        root = ElementTree.fromstring(part.content)  # noqa: S314
        locations |= {u.findtext(f"{SITEMAP_NS}loc") for u in root.findall(f"{SITEMAP_NS}url")}
    return locations


class HeadParser(HTMLParser):
    """Collects <meta property|name>, <link rel=canonical> and JSON-LD scripts."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.json_ld, self._in_json = {}, None, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json = True

    def handle_endtag(self, tag):
        self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld.append(json.loads(data))


def head_of(client, url) -> HeadParser:
    response = client.get(url)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def test_sitemap_lists_public_pages_and_referentiel(client, corpus):
    locations = sitemap_locations(client)
    for key in ("ecole", "transition", "tiers_lieu", "wifi", "rgpd", "epn"):
        assert SITE + corpus[key].url in locations
    assert SITE + corpus["draft"].url not in locations
    assert SITE + corpus["private"].url not in locations
    assert SITE + corpus["wifi"].get_parent().url in locations
    assert SITE + "/" in locations
    wifi = Service.objects.get(slug="wi-fi-public")
    assert SITE + wifi.get_absolute_url() in locations
    assert SITE + wifi.enjeu.get_absolute_url() in locations
    assert {SITE + "/enjeux/", SITE + "/collectivites/"} <= locations
    empty_service = Service.objects.exclude(action_sheets__isnull=False).first()
    assert SITE + empty_service.get_absolute_url() not in locations


def test_sitemap_hides_restricted_branches(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    open_data = Service.objects.get(slug="open-data")
    sheet = make_sheet(town, title="Hackathon des données ouvertes", services=[open_data])
    locations = sitemap_locations(client)
    assert {SITE + sheet.url, SITE + open_data.get_absolute_url()} <= locations
    restrict(town)
    locations = sitemap_locations(client)
    assert SITE + sheet.url not in locations
    assert SITE + town.url not in locations
    # A service whose only sheet is restricted would be an empty page.
    assert SITE + open_data.get_absolute_url() not in locations


def test_sitemap_lists_awards_only_after_the_ceremony(client, referentiel):
    brest = make_collectivity("29019", "Brest", "ville")
    marseille = make_collectivity("13055", "Marseille", "ville")
    past = make_edition(2023)
    make_award(past, brest, arobases=4)
    coming = make_edition(2026, ceremony_at=future())
    make_award(coming, marseille, arobases=5)
    locations = sitemap_locations(client)
    assert f"{SITE}{past.url}{brest.slug}/" in locations
    assert not any(loc.startswith(SITE + coming.url) for loc in locations - {SITE + coming.url})
    assert client.get(f"{coming.url}{marseille.slug}/").status_code == 404


def test_robots_txt(client, referentiel):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/django-admin/", "/recherche/export", "/api/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines


@pytest.fixture
def illustrated_sheet(referentiel):
    town = make_collectivity("29019", "Brest", "ville", website="https://www.brest.fr")
    town.logo = make_image("Blason de Brest")
    publish(town)
    sheet = make_sheet(
        town,
        title="Des tablettes pour les écoles",
        subtitle="Chaque classe équipée en deux ans",
        services=[Service.objects.get(slug="wi-fi-public")],
    )
    sheet.tags.add("école")
    return add_media(sheet, image=make_image("Une classe"))


def test_sheet_metadata_for_shared_links(client, illustrated_sheet):
    sheet = illustrated_sheet
    url = "http://testserver" + sheet.url
    head = head_of(client, sheet.url + "?utm_source=lettre")
    assert head.canonical == url
    assert head.meta["og:url"] == url
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "Des tablettes pour les écoles"
    assert head.meta["og:description"] == "Chaque classe équipée en deux ans"
    assert head.meta["og:site_name"] == "ATLAAS"
    assert head.meta["og:locale"] == "fr_FR"
    assert head.meta["og:image"].startswith("http://testserver/")
    assert "fill-1200x630" in head.meta["og:image"]
    assert head.meta["twitter:card"] == "summary_large_image"

    [article] = head.json_ld
    enjeu = Service.objects.get(slug="wi-fi-public").enjeu
    assert article["@type"] == "Article"
    assert article["headline"] == "Des tablettes pour les écoles"
    # One meaning for both: the first publication on ATLAAS; the action's date is apart.
    assert article["datePublished"] == head.meta["article:published_time"]
    assert article["datePublished"].startswith(str(sheet.first_published_at.year))
    assert article["temporalCoverage"] == "2023-05-12"
    assert article["url"] == url
    assert article["about"] == [{"@type": "Thing", "name": enjeu.name}]
    assert article["keywords"] == ["école"]
    assert article["image"] == head.meta["og:image"]
    author = article["author"]
    assert author["@type"] == "GovernmentOrganization"
    assert author["name"] == "Brest"
    assert author["address"]["addressRegion"] == "Bretagne"
    assert author["url"] == "http://testserver" + sheet.get_parent().url
    assert article["publisher"] == author


def test_collectivity_metadata_for_shared_links(client, illustrated_sheet):
    town = illustrated_sheet.get_parent().specific
    head = head_of(client, town.url)
    assert head.canonical == "http://testserver" + town.url
    assert head.meta["og:url"] == head.canonical
    assert head.meta["og:type"] == "website"
    assert head.meta["og:title"] == "Brest"
    assert "fill-1200x630" in head.meta["og:image"]
    [organisation] = head.json_ld
    assert organisation["@type"] == "GovernmentOrganization"
    assert organisation["areaServed"]["@type"] == "AdministrativeArea"
    assert organisation["areaServed"]["identifier"] == "29019"
    assert organisation["areaServed"]["containedInPlace"]["name"] == "Finistère"
    assert organisation["sameAs"] == "https://www.brest.fr"
    assert organisation["logo"] == head.meta["og:image"]


def test_enjeu_canonical_drops_tracking_parameters(client, corpus):
    enjeu = Service.objects.get(slug="wi-fi-public").enjeu
    head = head_of(client, enjeu.get_absolute_url() + "?utm_campaign=x")
    assert head.canonical == "http://testserver" + enjeu.get_absolute_url()


def test_json_ld_cannot_be_broken_out_of(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    title = 'Fiche </script><script>alert("x")</script> & <!-- fin'
    sheet = make_sheet(town, title=title, subtitle="</script>")
    body = client.get(sheet.url).content.decode()
    assert "</script><script>alert" not in body
    head = head_of(client, sheet.url)
    assert head.json_ld[0]["headline"] == title
    assert head.json_ld[0]["description"] == "</script>"
