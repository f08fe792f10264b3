"""Security headers sent by the application itself: a strict Content Security Policy on
public pages (no inline script or style), a relaxed one scoped to the back offices, no
indexing of the back offices, nosniff, referrer policy and no framing."""

import re
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from .factories import make_collectivity, make_sheet
from .html_safety import executable_markup

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
STATIC_TAG_RE = re.compile(r"""{% static ['"]([^'"]+)['"] %}""")
PUBLIC_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}


def policy(response) -> dict[str, set[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


@pytest.fixture
def sheet(referentiel):
    return make_sheet(make_collectivity("35288", "Saint-Malo"), title="Un fablab au port")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chef", "chef@example.org", "motdepasse")


def public_urls(sheet):
    return [
        "/",
        sheet.url,
        sheet.get_parent().url,
        "/recherche/?q=fablab",
        "/api/search/?q=fablab",
        "/api/v2/pages/",
        "/flux/fiches.rss",
        "/robots.txt",
        "/page-qui-n-existe-pas/",
    ]


def test_public_responses_carry_the_strict_policy_and_the_other_headers(client, sheet):
    for url in public_urls(sheet):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert policy(response) == PUBLIC_POLICY, url
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "X-Robots-Tag" not in response.headers, url
        # HSTS is production's (tests/test_settings.py): it would pin 127.0.0.1 to https.
        assert "Strict-Transport-Security" not in response.headers


def test_public_pages_hold_no_inline_script_handler_or_style(client, sheet):
    for url in (sheet.url, "/", "/recherche/?q=fablab", sheet.get_parent().url):
        html = client.get(url).content.decode()
        assert executable_markup(html) == [], url
    # The schema.org description is a data block, which a policy without 'unsafe-inline'
    # does not run nor block: it must stay JSON that cannot close its element.
    assert '<script type="application/ld+json">{' in client.get(sheet.url).content.decode()


def test_no_template_holds_inline_script_event_handler_or_style_attribute():
    templates = [
        path
        for folder in [ROOT / "templates", *ROOT.glob("*/templates")]
        if ".venv" not in folder.parts
        for path in folder.rglob("*.html")
    ]
    assert len(templates) > 20
    for path in templates:
        source = STATIC_TAG_RE.sub(r"/static/\1", path.read_text(encoding="utf-8"))
        assert executable_markup(source, template=True) == [], path


def test_the_wagtail_admin_gets_its_own_policy_and_is_not_indexed(client, superuser):
    login_page = client.get("/admin/login/")
    admin_policy = policy(login_page)
    # Wagtail 8's admin still needs inline scripts and styles (atlaas/settings/content_security.py).
    assert admin_policy["script-src"] == {"'self'", "'unsafe-inline'"}
    assert admin_policy["style-src"] == {"'self'", "'unsafe-inline'"}
    assert admin_policy["frame-ancestors"] == {"'self'"}
    assert admin_policy["object-src"] == {"'none'"}
    assert login_page.headers["X-Robots-Tag"] == "noindex, nofollow"

    client.force_login(superuser)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert dashboard.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "'unsafe-inline'" in policy(dashboard)["script-src"]


def test_the_django_admin_is_not_indexed_either(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_a_page_preview_keeps_the_strict_policy_but_may_show_in_the_admin(client, sheet, superuser):
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[sheet.pk]))
    assert response.status_code == 200
    assert "Un fablab au port" in response.content.decode()
    assert policy(response) == {**PUBLIC_POLICY, "frame-ancestors": {"'self'"}}


def test_robots_txt_keeps_crawlers_out_of_the_back_offices(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /django-admin/" in lines
