"""Writes sheets in the JSON Lines format, streamed so that any number fits in memory.

A stored sheet is turned into a record by ``record_from_page``: the importer compares
incoming lines with the same records, which is why an exported file imported again is
"unchanged" and an export → import → export round trip gives the same file.
"""

import json
from collections.abc import Callable
from dataclasses import replace

from django.db.models import Prefetch

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from initiatives.models import ActionSheetPage, CollectivityPage, Service

from . import inspirations
from .format_v2 import RestrictionsByPath, latest_draft_page
from .record_types import (
    DRAFT,
    FORMAT_VERSION,
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
        "inspirations__source",
    )


def parent_path(page: Page) -> str:
    return page.path[: -Page.steplen]


def collectivity_record(collectivity: CollectivityPage) -> CollectivityRecord:
    return CollectivityRecord(
        website=collectivity.website,
        introduction=_rich_text(collectivity.introduction),
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


def record_from_page(
    page: ActionSheetPage,
    collectivity: CollectivityPage | None,
    *,
    view_restrictions=(),
    with_latest_draft: bool = False,
) -> SheetRecord:
    """The sheet as the file format describes it (relations must be prefetched)."""
    links = list(page.links.all())
    record = SheetRecord(
        external_id=page.external_id,
        title=clean_text(page.title),
        subtitle=clean_text(page.subtitle),
        date=page.date,
        **{name: _rich_text(getattr(page, name)) for name in RICH_TEXT_FIELDS},
        **{name: clean_plain_text(getattr(page, name)) for name in PLAIN_TEXT_FIELDS},
        links=tuple(link.url for link in links),
        contacts=tuple(
            Contact(c.name, c.role, c.email, c.show_email) for c in page.contacts.all()
        ),
        services=tuple(
            service.slug
            for service in sorted(page.services.all(), key=lambda s: (s.sort_order, s.slug))
        ),
        tags=tuple(sorted((tag.name for tag in page.tags.all()), key=str.casefold)),
        status=PUBLISHED if page.live else DRAFT,
        collectivity=collectivity_record(collectivity) if collectivity else None,
        format_version=FORMAT_VERSION,
        link_titles=tuple(link.title for link in links),
        view_restrictions=tuple(view_restrictions),
        inspired_by=inspirations.of_page(page),
        action_status=page.action_status,
        status_confirmed_on=page.status_confirmed_on,
    )
    if not with_latest_draft:
        return record
    draft_page = latest_draft_page(page)
    if draft_page is None:
        return record
    draft = replace(record_from_page(draft_page, None), status=DRAFT, view_restrictions=None)
    live = replace(record, collectivity=None, status=DRAFT, view_restrictions=None)
    if draft.comparison_key() == live.comparison_key():
        return record
    return replace(record, latest_draft=draft)


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
    restrictions = RestrictionsByPath()
    written, skipped = 0, []
    for page in exported_sheets(include_drafts).iterator(chunk_size=CHUNK_SIZE):
        collectivity = collectivities.get(parent_path(page))
        if collectivity is None or not page.external_id:
            skipped.append(page)
            continue
        record = record_from_page(
            page,
            collectivity,
            view_restrictions=restrictions.of(page),
            with_latest_draft=include_drafts,
        )
        stream.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        written += 1
        if progress and written % CHUNK_SIZE == 0:
            progress(written)
    return written, skipped
