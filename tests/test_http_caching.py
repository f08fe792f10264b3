"""What browsers and proxies get: compressed HTML and JSON, public pages they may keep but
must revalidate, a 304 while nothing changed, and the new page as soon as a sheet is
published; agents' pages and the admin never stored by a shared cache."""

import gzip

import pytest

from tests.factories import make_sheet

pytestmark = pytest.mark.django_db


def test_html_and_json_are_sent_compressed(client, corpus):
    page = client.get("/enjeux/", HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    assert "Les enjeux" in gzip.decompress(page.content).decode()
    api = client.get("/api/search/", {"q": "wifi"}, HTTP_ACCEPT_ENCODING="gzip")
    assert api["Content-Encoding"] == "gzip"
    assert b'"results"' in gzip.decompress(api.content)


def test_a_public_page_is_kept_and_revalidated(client, corpus):
    url = corpus["wifi"].get_parent().url
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content


def test_publishing_a_sheet_invalidates_the_page(client, corpus):
    town = corpus["wifi"].get_parent().specific
    etag = client.get(town.url)["ETag"]
    make_sheet(town, title="Une nouvelle initiative publiée")
    fresh = client.get(town.url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert "Une nouvelle initiative publiée" in fresh.content.decode()


def test_agents_pages_are_never_stored_by_a_shared_cache(client, corpus, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editrice", "e@exemple.fr", "motdepasse-solide"
    )
    client.force_login(user)
    page = client.get(corpus["wifi"].url)
    assert "public" not in page["Cache-Control"]
    assert "private" in page["Cache-Control"]
    admin = client.get("/admin/")
    assert "public" not in admin.get("Cache-Control", "")
