"""One configured site address (SITE_URL): every absolute URL the site writes uses it,
whatever host a request named, and migrate writes it into the Wagtail Site."""

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from django.core.cache import cache
from django.test import override_settings

from wagtail.models import Site

from atlaas.site_address import apply_to_wagtail_site
from home.apps import apply_site_address

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "https://atlaas.example.org"
# A host the site answers to (an old name, an internal address) but must never write.
OTHER_HOST = "ancien-nom.example.net"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def public_address():
    with override_settings(
        SITE_URL=PUBLIC, WAGTAILAPI_BASE_URL=PUBLIC, WAGTAILADMIN_BASE_URL=PUBLIC
    ):
        cache.clear()
        apply_to_wagtail_site()
        yield
    Site.clear_site_root_paths_cache()
    cache.clear()


@pytest.fixture
def visitor(client):
    client.defaults["HTTP_HOST"] = OTHER_HOST
    return client


def test_migrate_writes_the_address_into_the_wagtail_site_once(public_address):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("atlaas.example.org", 443, PUBLIC)
    with override_settings(SITE_URL=PUBLIC):
        # What migrate calls; nothing left to change the second time.
        assert apply_to_wagtail_site() is False
    with override_settings(SITE_URL="http://atlaas.test:8080"):
        from django.apps import apps

        apply_site_address(apps.get_app_config("home"))
    site.refresh_from_db()
    assert site.root_url == "http://atlaas.test:8080"


def locations_in(response) -> list[str]:
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own XML
    return [element.text for element in root.iter(f"{SITEMAP_NS}loc")]


def test_the_sitemap_lists_every_address_on_the_configured_site(public_address, visitor, corpus):
    sections = locations_in(visitor.get("/sitemap.xml"))
    assert sections and all(url.startswith(PUBLIC + "/sitemap-") for url in sections)
    locations = []
    for url in sections:
        part = visitor.get(url.removeprefix(PUBLIC))
        assert OTHER_HOST not in part.content.decode()
        locations += locations_in(part)
    assert all(loc.startswith(PUBLIC + "/") for loc in locations)
    assert PUBLIC + corpus["wifi"].url in locations


def test_robots_txt_names_the_configured_sitemap(public_address, visitor, referentiel):
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in visitor.get("/robots.txt").content.decode()


def test_the_api_links_to_the_configured_site(public_address, visitor, corpus):
    listing = visitor.get("/api/v2/pages/", {"type": "initiatives.ActionSheetPage"}).json()
    item = listing["items"][0]
    assert item["meta"]["detail_url"].startswith(PUBLIC + "/api/v2/pages/")
    assert item["meta"]["html_url"].startswith(PUBLIC + "/")
    found = visitor.get("/api/v2/pages/find/", {"html_path": corpus["wifi"].url})
    assert found.status_code == 302
    assert found["Location"].startswith(PUBLIC + "/api/v2/pages/")


def test_canonicals_and_shared_links_use_the_configured_site(public_address, visitor, corpus):
    sheet = corpus["wifi"]
    html = visitor.get(sheet.url).content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}{sheet.url}">' in html
    assert f'content="{PUBLIC}{sheet.url}"' in html  # og:url
    assert OTHER_HOST not in html
    html = visitor.get("/enjeux/").content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}/enjeux/">' in html


def test_feeds_link_to_the_configured_site(public_address, visitor, corpus):
    text = visitor.get("/flux/fiches.rss").content.decode()
    assert f"<link>{PUBLIC}{corpus['wifi'].url}</link>" in text
    assert f'href="{PUBLIC}/flux/fiches.rss"' in text  # atom:link rel="self"
    assert OTHER_HOST not in text
    atom = visitor.get("/flux/fiches.atom").content.decode()
    assert f'href="{PUBLIC}{corpus["wifi"].url}"' in atom
    assert OTHER_HOST not in atom


def test_exports_link_to_the_configured_site(public_address, visitor, corpus):
    export = b"".join(visitor.get("/recherche/export.json").streaming_content).decode()
    assert f'"url": "{PUBLIC}/' in export and OTHER_HOST not in export


def test_the_admin_base_url_is_derived_from_the_site_address():
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "atlaas.settings.dev",
        "SITE_URL": "https://atlaas.example.org/",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [PUBLIC] * 3
