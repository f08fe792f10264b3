"""Writes sheets in the JSON Lines format, streamed so that any number fits in memory.

A stored sheet is turned into a record by ``record_from_page``: the importer compares
incoming lines with the same records, which is why an exported file imported again is
"unchanged" and an export → import → export round trip gives the same file.
"""

import json
from collections.abc import Callable

from django.db.models import Prefetch

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from initiatives.models import ActionSheetPage, CollectivityPage, Service

from .record_types import (
    DRAFT,
    PLAIN_TEXT_FIELDS,
    PUBLISHED,
    RICH_TEXT_FIELDS,
    CollectivityRecord,
    Contact,
    SheetRecord,
    clean_text,
)
from .sanitize import clean_plain_text, clean_rich_text

CHUNK_SIZE = 500


def sheets_with_relations(queryset):
    """Prefetches what ``record_from_page`` reads; the services in référentiel order."""
    return queryset.prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("sort_order", "slug")),
        "tags",
        "contacts",
        "links",
    )


def parent_path(page: Page) -> str:
    return page.path[: -Page.steplen]


def collectivity_record(collectivity: CollectivityPage) -> CollectivityRecord:
    return CollectivityRecord(
        code=collectivity.code,
        name=clean_text(collectivity.title),
        kind=collectivity.kind,
        population=collectivity.population,
        departement=collectivity.departement,
        region=collectivity.region,
        members=tuple(collectivity.member_codes),
    )


def _rich_text(value: str) -> str:
    # Links to pages and documents are stored as ids; a file needs their addresses.
    if "linktype=" in value:
        value = expand_db_html(value)
    return clean_rich_text(value)


def record_from_page(page: ActionSheetPage, collectivity: CollectivityPage) -> SheetRecord:
    """The sheet as the file format describes it (relations must be prefetched)."""
    return SheetRecord(
        external_id=page.external_id,
        title=clean_text(page.title),
        subtitle=clean_text(page.subtitle),
        date=page.date,
        **{name: _rich_text(getattr(page, name)) for name in RICH_TEXT_FIELDS},
        **{name: clean_plain_text(getattr(page, name)) for name in PLAIN_TEXT_FIELDS},
        links=tuple(link.url for link in page.links.all()),
        contacts=tuple(Contact(c.name, c.role, c.email) for c in page.contacts.all()),
        services=tuple(service.slug for service in page.services.all()),
        tags=tuple(sorted((tag.name for tag in page.tags.all()), key=str.casefold)),
        status=PUBLISHED if page.live else DRAFT,
        collectivity=collectivity_record(collectivity),
        action_status=page.action_status,
        status_confirmed_on=page.status_confirmed_on,
    )


def exported_sheets(include_drafts: bool = False):
    """Live, public sheets; with ``include_drafts``, every sheet, private ones included."""
    sheets = ActionSheetPage.objects.all()
    if not include_drafts:
        sheets = sheets.live().public()
    # By key rather than by id: the file of a re-imported site comes out in the same order.
    return sheets_with_relations(sheets.order_by("external_id"))


def export_sheets(
    stream,
    *,
    include_drafts: bool = False,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, list[str]]:
    """Writes one line per sheet to ``stream``; returns the count and the sheets skipped
    because the format cannot hold them (no collectivity above them, no external_id)."""
    # A few thousand at most: looked up by path, so a sheet moved in the admin is exported
    # under the collectivity it really sits in.
    collectivities = {c.path: c for c in CollectivityPage.objects.all()}
    written, skipped = 0, []
    for page in exported_sheets(include_drafts).iterator(chunk_size=CHUNK_SIZE):
        collectivity = collectivities.get(parent_path(page))
        if collectivity is None or not page.external_id:
            skipped.append(page)
            continue
        record = record_from_page(page, collectivity)
        stream.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        written += 1
        if progress and written % CHUNK_SIZE == 0:
            progress(written)
    return written, skipped
