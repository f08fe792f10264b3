"""The sitemap: /sitemap.xml is an index of sections, each under the protocol's 50,000 URLs
(pages of ``SECTION_SIZE`` addresses, every one listed in the index): the public pages of the
Wagtail tree, the lists, the référentiel's pages (enjeux, services with at least one published
sheet), and the awards of the editions whose palmarès is public.

Every address is built on SITE_URL, and every URL has a ``lastmod``: a page's last
publication, or for what shows the newest sheets (home, lists), the newest publication.

The pages section reads plain rows (path, dates), never the specific pages: at 100,000
sheets that is one query instead of Wagtail's generic sitemap's seconds. What is built is
cached per state of the data (``sitemap_state``), so a warm request costs two small queries
and a cache read, and is sent compressed as built.
"""

import dataclasses
import datetime
import gzip
import hashlib
from xml.sax.saxutils import escape

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site

from atlaas.site_address import absolute_url
from initiatives.models import ActionSheetPage, Enjeu, Service
from labels.models import Award, LabelEditionPage
from search.facets import version_token

SECTION_SIZE = 10_000
CACHE_SECONDS = 24 * 3600
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclasses.dataclass(frozen=True)
class Entry:
    location: str
    lastmod: datetime.datetime


@dataclasses.dataclass(frozen=True)
class Document:
    """One XML document as served, built once per state and kept compressed only: a
    section of 10,000 URLs is 1.2 MB of XML and 180 KB compressed, and both reading it
    from the cache and compressing it on each request took longer than the rest. Crawlers
    all accept gzip; the XML is decompressed for the others."""

    gzipped: bytes
    lastmod: datetime.datetime

    @classmethod
    def of(cls, xml: bytes, lastmod: datetime.datetime) -> "Document":
        return cls(gzip.compress(xml, compresslevel=6, mtime=0), lastmod)

    @property
    def xml(self) -> bytes:
        return gzip.decompress(self.gzipped)


def sitemap_state() -> str:
    """Names the state of everything the sitemap lists, in two small queries whatever the
    size of the site: the search data version, which every publication, unpublication,
    move, deletion of a live page, restriction, award and edit of the référentiel changes
    (``search.signal_handlers``), and the editions whose ceremony has passed (their awards
    turn public at that moment, with nothing written). The site's address is part of it:
    every URL is built on it. Counting and dating every page instead took 20 ms at 15,000
    sheets and grew with them."""
    revealed = (
        LabelEditionPage.objects.live()
        .filter(ceremony_at__lte=timezone.now())
        .aggregate(count=Count("pk"), ceremony=Max("ceremony_at"))
    )
    parts = (version_token(), revealed["count"], revealed["ceremony"], absolute_url("/"))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def newest_change() -> datetime.datetime:
    """The last publication or ceremony: the lastmod of what shows the newest sheets."""
    published = Page.objects.aggregate(newest=Max("last_published_at"))["newest"]
    revealed = (
        LabelEditionPage.objects.live()
        .filter(ceremony_at__lte=timezone.now())
        .aggregate(ceremony=Max("ceremony_at"))["ceremony"]
    )
    return max(moment for moment in (published, revealed, EPOCH) if moment is not None)


# --- sections --------------------------------------------------------------------------


def page_entries(newest: datetime.datetime) -> list[Entry]:
    """Every live, public page of the site's tree, from plain rows. The home page shows the
    newest sheets: its lastmod is the newest publication."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    root = site.root_page
    rows = (
        Page.objects.live()
        .public()
        .descendant_of(root, inclusive=True)
        .order_by("path")
        .values_list("url_path", "depth", "last_published_at", "first_published_at")
    )
    entries = []
    for url_path, depth, last_published, first_published in rows:
        path = "/" + url_path[len(root.url_path) :]
        moment = newest if depth == root.depth else (last_published or first_published or newest)
        entries.append(Entry(absolute_url(path), moment))
    return entries


def list_entries(newest: datetime.datetime) -> list[Entry]:
    """The lists of enjeux and of collectivities change with every publication."""
    names = ["initiatives:enjeu_list", "initiatives:collectivity_list"]
    return [Entry(absolute_url(reverse(name)), newest) for name in names]


def _public_sheet_ids():
    return ActionSheetPage.objects.live().public().values("pk")


def enjeu_entries(newest: datetime.datetime) -> list[Entry]:
    enjeux = Enjeu.objects.annotate(
        lastmod=Max(
            "services__action_sheets__last_published_at",
            filter=Q(services__action_sheets__in=_public_sheet_ids()),
        )
    ).order_by("sort_order", "name")
    return [
        Entry(absolute_url(enjeu.get_absolute_url()), enjeu.lastmod or newest) for enjeu in enjeux
    ]


def service_entries(newest: datetime.datetime) -> list[Entry]:
    """Services with at least one published sheet: an empty service page helps no one."""
    published = Q(action_sheets__in=_public_sheet_ids())
    services = (
        Service.objects.annotate(
            sheet_count=Count("action_sheets", filter=published),
            lastmod=Max("action_sheets__last_published_at", filter=published),
        )
        .filter(sheet_count__gt=0)
        .order_by("sort_order", "name")
    )
    return [
        Entry(absolute_url(service.get_absolute_url()), service.lastmod) for service in services
    ]


def award_entries(newest: datetime.datetime) -> list[Entry]:
    """Award pages of the editions whose ceremony has taken place (the label's embargo),
    changed last when the palmarès turned public or the edition was republished."""
    awards = (
        Award.objects.public()
        .select_related("participation__edition", "participation__collectivity")
        .order_by("participation__edition__year", "participation__collectivity__title")
    )
    entries = []
    for award in awards:
        edition = award.participation.edition
        path = edition.url + edition.reverse_subpage(
            "award", args=[award.participation.collectivity.slug]
        )
        moments = [edition.ceremony_at, edition.last_published_at]
        entries.append(Entry(absolute_url(path), max(m for m in moments if m is not None)))
    return entries


SECTIONS = {
    "pages": page_entries,
    "listes": list_entries,
    "enjeux": enjeu_entries,
    "services": service_entries,
    "palmares": award_entries,
}


# --- XML -------------------------------------------------------------------------------

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _w3c(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def urlset(entries: list[Entry]) -> bytes:
    lines = [HEADER, f"<urlset {NAMESPACE}>\n"]
    lines += [
        f"<url><loc>{escape(entry.location)}</loc><lastmod>{_w3c(entry.lastmod)}</lastmod></url>\n"
        for entry in entries
    ]
    lines.append("</urlset>\n")
    return "".join(lines).encode()


def section_url(section: str, number: int) -> str:
    url = absolute_url(reverse("opendata:sitemap_section", args=[section]))
    return url if number == 1 else f"{url}?p={number}"


@dataclasses.dataclass
class Sitemap:
    """One state of the whole sitemap: every section cut in pages of SECTION_SIZE."""

    key: str
    newest: datetime.datetime
    sections: dict[str, list[list[Entry]]]

    def index(self) -> bytes:
        lines = [HEADER, f"<sitemapindex {NAMESPACE}>\n"]
        for section, pages in self.sections.items():
            for number, entries in enumerate(pages, start=1):
                lastmod = max(entry.lastmod for entry in entries)
                lines.append(
                    f"<sitemap><loc>{escape(section_url(section, number))}</loc>"
                    f"<lastmod>{_w3c(lastmod)}</lastmod></sitemap>\n"
                )
        lines.append("</sitemapindex>\n")
        return "".join(lines).encode()


def build(key: str) -> Sitemap:
    newest = newest_change()
    sections = {}
    for name, entries_of in SECTIONS.items():
        entries = entries_of(newest)
        if entries:
            sections[name] = [
                entries[start : start + SECTION_SIZE]
                for start in range(0, len(entries), SECTION_SIZE)
            ]
    return Sitemap(key, newest, sections)


def cached_document(name: str, number: int = 1) -> Document | None:
    """The index (``name`` "index") or a section's page, built once per state of the data
    and shared by the workers through the cache; None if that section or page does not
    exist."""
    key = sitemap_state()
    document_key = f"sitemap:{key}:{name}:{number}"
    found = cache.get(document_key)
    if found is not None:
        return found or None
    sitemap = build(key)
    documents = {("index", 1): Document.of(sitemap.index(), sitemap.newest)}
    for section, pages in sitemap.sections.items():
        for page_number, entries in enumerate(pages, start=1):
            lastmod = max(entry.lastmod for entry in entries)
            documents[(section, page_number)] = Document.of(urlset(entries), lastmod)
    cache.set_many(
        {f"sitemap:{key}:{n}:{p}": document for (n, p), document in documents.items()},
        CACHE_SECONDS,
    )
    document = documents.get((name, number))
    if document is None:
        # Remembered too, so that guessing section names costs no rebuild.
        cache.set(document_key, (), CACHE_SECONDS)
    return document
