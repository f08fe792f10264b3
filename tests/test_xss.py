"""Sheets imported with script in every field reach no public surface with anything a
browser could run: rich text is cleaned on the way in, plain text is escaped on the way out.

Every executable part of the payloads carries an "xss-" marker, which must never be served;
the harmless text around it ("Texte sûr N") must be, so that the test sees the content.
Plain-text fields (title, subtitle, tags, contact names) keep their text literally, with an
"esc-" marker: it may be shown, escaped, but must never become markup.
"""

import csv
import io
import json
from xml.etree import ElementTree

import pytest

from django.core.cache import cache

from initiatives.models import ActionSheetPage, CollectivityPage

from .html_safety import executable_markup, is_script_url
from .test_import_sheets import GOOD_LINE, run_import, write_jsonl

pytestmark = pytest.mark.django_db

RICH_PAYLOADS = {
    "synthese": (
        "<p>Texte sûr 1 cornemuse.</p><script>alert('xss-1')</script>"
        "<p>Texte sûr 2<img src=x onerror=alert('xss-2')></p>"
        "<p onclick=\"alert('xss-3')\" onmouseover=\"alert('xss-3')\">Texte sûr 3</p>"
    ),
    "actions": (
        "<p><a href=\"javascript:alert('xss-4')\">Lien sûr 4</a></p>"
        "<p><a href=\"data:text/html,%3Cscript%3Ealert('xss-5')%3C/script%3E\">Lien sûr 5</a></p>"
        "<svg onload=alert('xss-6')><circle r=5 /></svg><p>Texte sûr 6</p>"
        "<iframe src=\"javascript:alert('xss-7')\"></iframe><p>Texte sûr 7</p>"
    ),
    "resultats": (
        "<p style=\"background:url(javascript:alert('xss-8'));width:expression(alert('xss-8'))\">"
        "Texte sûr 8</p><style>body{background:url(\"javascript:alert('xss-8')\")}</style>"
        "<p><a href=\"jav&#x09;ascript:alert('xss-9')\">Lien sûr 9</a> "
        "<a href=\"&#106;avascript:alert('xss-9')\">bis</a> "
        "<a href=\" JaVaScRiPt:alert('xss-9')\">ter</a></p>"
    ),
    "recommandations": (
        '<object data="javascript:alert(\'xss-10\')"></object><embed src="xss-10.swf">'
        "<p>Texte sûr 10</p>"
        "<form action=\"javascript:alert('xss-11')\"><p>Texte sûr 11</p></form>"
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-12')>"
        "</style></mglyph></table></mtext></math>"
        # Split tag: what is left is text ("ipt>alert(13)"), which must never become <script>.
        "<p>Texte sûr 13</p><scr<script>ipt>alert(13)</script>"
        '<p><a href="https://www.saint-malo.fr/" onclick="alert(\'xss-14\')">Lien sûr 14</a></p>'
    ),
}
SAFE_TEXTS = [f"Texte sûr {n}" for n in (1, 2, 3, 6, 7, 8, 10, 11, 13)] + [
    f"Lien sûr {n}" for n in (4, 5, 9, 14)
]

TITLE = "Fiche piégée <script>alert('esc-title')</script><img src=x onerror=alert('esc-img')>"
SUBTITLE = "Un chapô\" onmouseover=\"alert('esc-sub')\" data-x=\"<svg onload=alert('esc-svg')>"
TAG = "<b onclick=alert('esc-tag')>cornemuse</b>"
CONTACT = "<img src=x onerror=alert('esc-contact')>Claire"
# Entities as typed and a tag: kept as written (it was once stored as "x").
OUTILS = "&lt;script&gt;alert('esc-outils')&lt;/script&gt; <i>x</i>"
# Plain text kept as written: shown escaped, never as markup.
LITERAL_TEXTS = {TITLE, SUBTITLE, TAG, CONTACT, OUTILS}


@pytest.fixture
def trapped_sheet(referentiel, tmp_path):
    cache.clear()
    line = {
        **GOOD_LINE,
        "external_id": "atlaas-test-xss",
        "title": TITLE,
        "subtitle": SUBTITLE,
        "tags": [TAG, "jeunesse"],
        "contacts": [{"name": CONTACT, "role": "Fabmanager", "email": "fablab@saint-malo.fr"}],
        "outils": OUTILS,
        **RICH_PAYLOADS,
    }
    succeeded, _out, err = run_import(write_jsonl(tmp_path / "xss.jsonl", [line]))
    assert succeeded, err
    sheet = ActionSheetPage.objects.get(external_id="atlaas-test-xss")
    assert sheet.live
    return sheet


def assert_safe_html(html: str, where: str):
    assert "xss-" not in html, (where, html[html.find("xss-") - 300 : html.find("xss-") + 100])
    assert executable_markup(html) == [], where


def strings_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def assert_safe_data(strings, where: str):
    """Each string of a JSON, CSV or XML document is either one of the literal plain texts
    or safe to insert as HTML (rich text, snippets, addresses)."""
    checked = 0
    for text in strings:
        if text in LITERAL_TEXTS:
            continue
        assert "xss-" not in text, (where, text)
        assert not is_script_url(text), (where, text)
        assert executable_markup(text) == [], (where, text)
        checked += 1
    assert checked, where


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_imported_rich_text_keeps_the_text_and_loses_the_code(trapped_sheet):
    stored = " ".join(getattr(trapped_sheet, name) for name in RICH_PAYLOADS)
    for text in SAFE_TEXTS:
        assert text in stored
    assert_safe_html(stored, "stored rich text")


def test_the_sheet_and_collectivity_pages_run_nothing_from_the_sheet(client, trapped_sheet):
    sheet_page = get(client, trapped_sheet.url)
    for text in SAFE_TEXTS:
        assert text in sheet_page, text
    # The plain-text fields are shown, escaped.
    assert "Fiche piégée &lt;script&gt;" in sheet_page
    assert "&lt;b onclick=alert(&#x27;esc-tag&#x27;)&gt;cornemuse&lt;/b&gt;" in sheet_page
    assert trapped_sheet.outils == OUTILS
    assert "&amp;lt;script&amp;gt;alert(&#x27;esc-outils&#x27;)" in sheet_page
    assert "&lt;i&gt;x&lt;/i&gt;" in sheet_page
    assert_safe_html(sheet_page, "sheet page")

    collectivity = trapped_sheet.get_parent().specific
    assert isinstance(collectivity, CollectivityPage)
    collectivity_page = get(client, collectivity.url)
    assert "Fiche piégée &lt;script&gt;" in collectivity_page
    assert_safe_html(collectivity_page, "collectivity page")


def test_search_page_and_api_run_nothing_from_the_sheet(client, trapped_sheet):
    search_page = get(client, "/recherche/?q=cornemuse")
    assert "Texte sûr 1 <mark>cornemuse</mark>" in search_page
    assert "Fiche piégée &lt;script&gt;" in search_page
    assert_safe_html(search_page, "search page")

    api = client.get("/api/search/", {"q": "cornemuse"})
    assert "xss-" not in api.content.decode()
    results = api.json()["results"]
    assert [result["title"] for result in results] == [TITLE]
    assert any("Texte sûr" in text for text in strings_in(results))
    assert_safe_data(strings_in(api.json()), "/api/search/")

    autocomplete = client.get("/api/search/autocomplete/", {"q": "fiche pi"})
    assert TITLE in json.dumps(autocomplete.json(), ensure_ascii=False)
    assert "xss-" not in autocomplete.content.decode()
    for text in strings_in(autocomplete.json()):
        # Suggestions are text, or escaped HTML with <mark>: never markup from the sheet.
        assert text in LITERAL_TEXTS or executable_markup(text) == [], text


def feed_strings(xml: str):
    root = ElementTree.fromstring(xml)  # noqa: S314 - our own feed
    for element in root.iter():
        if element.text and element.text.strip():
            yield element.text.strip()
        yield from (value for value in element.attrib.values())


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_feeds_carry_no_script(client, trapped_sheet, suffix):
    code = trapped_sheet.get_parent().specific.code
    for url in (f"/flux/fiches.{suffix}", f"/flux/collectivites/{code}.{suffix}"):
        xml = get(client, url)
        assert "xss-" not in xml
        strings = list(feed_strings(xml))
        assert TITLE in strings
        assert any("Texte sûr 1" in text for text in strings), url
        assert_safe_data(strings, url)


def test_wagtail_api_v2_carries_no_script(client, trapped_sheet):
    listing = client.get("/api/v2/pages/", {"type": "initiatives.ActionSheetPage", "fields": "*"})
    detail = client.get(f"/api/v2/pages/{trapped_sheet.pk}/")
    for response in (listing, detail):
        assert response.status_code == 200
        body = response.content.decode()
        assert "xss-" not in body
        assert "Texte sûr 8" in body and "Lien sûr 14" in body
        assert_safe_data(strings_in(response.json()), response.request["PATH_INFO"])


def test_exports_carry_no_script(client, trapped_sheet):
    exported = get(client, "/recherche/export.json?q=cornemuse")
    assert "xss-" not in exported
    records = json.loads(exported)
    records = records if isinstance(records, list) else records["results"]
    assert [record["title"] for record in records] == [TITLE]
    assert "Texte sûr 1 cornemuse." in records[0]["synthese"]
    assert_safe_data(strings_in(records), "export.json")

    exported = get(client, "/recherche/export.csv?q=cornemuse")
    assert "xss-" not in exported
    rows = list(csv.reader(io.StringIO(exported)))
    assert any(TITLE in row for row in rows)
    cells = [cell for row in rows for cell in row]
    # Tags are joined in one cell: each is checked as written.
    assert_safe_data((cell for cell in cells if TAG not in cell), "export.csv")


def test_sitemap_carries_no_script(client, trapped_sheet):
    # The index, then every section it lists.
    index = get(client, "/sitemap.xml")
    sections = [text for text in feed_strings(index) if text.startswith("http")]
    documents = [get(client, url.removeprefix("http://testserver")) for url in sections]
    assert not any("xss-" in xml for xml in [index, *documents])
    locations = [text for xml in documents for text in feed_strings(xml) if text.startswith("http")]
    assert any(trapped_sheet.slug in location for location in locations)
    assert not any(is_script_url(location) for location in locations)
