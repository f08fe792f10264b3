"""What a link shared on a social network shows: Open Graph and a card on every public page
type, each with a picture (the sheet's image, a drawn picture for an award, the site's own
otherwise); and search result pages kept out of search engines."""

import io
from html.parser import HTMLParser

import pytest
from PIL import Image

from django.core.cache import cache

from tests.public_pages import build_public_pages

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.title = {}, None, ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs.get("name"), attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(client, url) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    head = Head()
    head.feed(response.content.decode())
    return head


@pytest.fixture
def pages(corpus):
    cache.clear()
    return build_public_pages(corpus)


def test_every_page_type_has_a_card_with_a_picture(client, pages):
    for kind, url in pages.items():
        head = head_of(client, url)
        meta = head.meta
        assert meta.get("og:title"), kind
        assert meta["og:title"] in head.title, kind
        assert meta.get("og:description"), kind
        assert meta["og:url"] == head.canonical, kind
        assert meta["og:site_name"] == "ATLAAS"
        assert meta["og:image"].startswith(SITE + "/"), kind
        # The large card's proportions (a small upload is not enlarged).
        width, height = int(meta["og:image:width"]), int(meta["og:image:height"])
        assert round(width / height, 1) == 1.9, kind
        assert meta.get("og:image:alt"), kind
        assert meta["twitter:card"] == "summary_large_image", kind


def test_the_sheet_shares_its_first_image_and_other_pages_the_site_picture(client, pages):
    sheet = head_of(client, pages["fiche action"]).meta["og:image"]
    assert "fill-1200x630" in sheet
    for kind in ("accueil", "liste des enjeux", "enjeu", "palmarès", "recherche"):
        picture = head_of(client, pages[kind]).meta["og:image"]
        assert picture.startswith(SITE + "/static/img/partage"), kind


def test_an_award_shares_a_drawn_picture_of_its_arobases(client, pages):
    picture = head_of(client, pages["page d'une distinction"]).meta["og:image"]
    assert picture.endswith("/image-de-partage/")
    response = client.get(picture.removeprefix(SITE))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)
    # Drawn once, then read from the cache.
    assert client.get(picture.removeprefix(SITE)).content == response.content


def test_no_picture_for_an_award_still_under_embargo(client, referentiel):
    from tests.factories import make_collectivity
    from tests.test_labels_models import future, make_award, make_edition

    marseille = make_collectivity("13055", "Marseille", "ville")
    coming = make_edition(2026, ceremony_at=future())
    make_award(coming, marseille, arobases=5)
    assert client.get(f"{coming.url}{marseille.slug}/image-de-partage/").status_code == 404


def test_search_results_are_not_indexed_and_point_to_the_bare_search_page(client, pages):
    results = head_of(client, "/recherche/?q=wifi&type=ville&page=1")
    assert results.meta["robots"] == "noindex, follow"
    assert results.canonical == SITE + "/recherche/"
    bare = head_of(client, "/recherche/")
    assert "robots" not in bare.meta
    assert bare.canonical == SITE + "/recherche/"
