"""Imports sheets from JSON Lines, in batches: one transaction and one reindex per batch.

New sheets are inserted in bulk (``page_tree.bulk_add_children`` and bulk inserts of their
relations). A sheet already stored under the same ``external_id`` is compared with the
line first: if nothing differs it is left alone (no revision, no timestamp), otherwise it
is updated through Wagtail (revision, then publish or unpublish), moved if its
collectivity changed.

A line whose ``external_id`` already appeared earlier in the file is reported and skipped:
the first occurrence is imported. Letting the last one win would rewrite the sheet twice on
every run of the same file.
"""

import dataclasses
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from modelsearch.signal_handlers import post_save_signal_handler
from taggit.models import Tag
from wagtail.models import Page

from initiatives import geography
from initiatives.models import (
    ActionSheetPage,
    ActionSheetTag,
    CollectivityPage,
    Service,
    SheetContact,
    SheetLink,
)
from initiatives.page_tree import bulk_add_children, reindex, sibling_slugs, unique_slug

from . import inspirations
from .collectivities import (
    CollectivityResolver,
    ImportAborted,
    collectivity_root,
    error_reason,
)
from .exporter import parent_path, record_from_page, sheets_with_relations
from .format_v2 import RestrictionsByPath, apply_view_restrictions, completed_from_stored
from .record_types import PLAIN_TEXT_FIELDS, RICH_TEXT_FIELDS, SheetRecord
from .records import RecordError, parse_line

BATCH_SIZE = 500


@dataclass
class ImportReport:
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    collectivities_created: int = 0
    collectivities_updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def failed(self) -> int:
        return len(self.errors)

    @property
    def done(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def rate(self) -> float:
        """Sheets handled per second since the start."""
        return self.done / max(time.monotonic() - self.started, 1e-6)


@dataclass
class _BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    touched: list[int] = field(default_factory=list)

    def fail(self, line: int, reason: str) -> None:
        self.errors.append((line, reason))


def child_slugs(parents) -> dict[str, set[str]]:
    """The slugs under each parent, in a few queries for the whole batch. Path ranges,
    unlike ``path__startswith`` (a LIKE), use the index on SQLite."""
    parents = list(parents)
    slugs = {parent.path: set() for parent in parents}
    # In groups: SQLite refuses expressions nested over 1,000 levels deep, a long OR chain.
    for start in range(0, len(parents), 200):
        condition = Q()
        for parent in parents[start : start + 200]:
            condition |= Q(
                path__range=Page._get_children_path_interval(parent.path), depth=parent.depth + 1
            )
        for path, slug in Page.objects.filter(condition).values_list("path", "slug"):
            slugs[path[: -Page.steplen]].add(slug)
    return slugs


@contextmanager
def indexing_once_per_batch():
    """Turns off modelsearch's indexing on each save of a sheet while the import runs.

    Updating a sheet saves it twice (revision, publish), and each save indexed it before
    its services and tags were written; the importer reindexes every sheet it touched at
    the end of its batch instead, once, relations included.
    """
    post_save.disconnect(post_save_signal_handler, sender=ActionSheetPage)
    try:
        yield
    finally:
        post_save.connect(post_save_signal_handler, sender=ActionSheetPage)


def decoded_lines(raw_lines: Iterable[bytes | str]):
    """``(line number, text or None if undecodable)``, the byte order mark dropped."""
    for number, raw in enumerate(raw_lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, None
                continue
        yield number, raw.lstrip("\ufeff") if number == 1 else raw


class SheetImporter:
    def __init__(self, *, batch_size: int = BATCH_SIZE, progress: Callable | None = None):
        self.batch_size = batch_size
        self.progress = progress
        self.report = ImportReport()
        self.services = {service.slug: service for service in Service.objects.all()}
        if not self.services:
            raise ImportAborted(
                _("Le référentiel est vide : lancez d'abord « manage.py import_referentiel ».")
            )
        self.collectivities = CollectivityResolver(collectivity_root())
        self._tags: dict[str, Tag] = {}
        # external_id → (line, external ids it names), written once every line is in.
        self._inspirations: dict[str, tuple[int, tuple[str, ...]]] = {}
        # Read once here (a second or two) so that the rate shown measures the import.
        geography.communes()
        geography.intercommunalites()

    def run(self, raw_lines: Iterable[bytes | str]) -> ImportReport:
        self.report.started = time.monotonic()
        with indexing_once_per_batch():
            self._run(raw_lines)
        self.report.errors.sort()
        self.report.warnings.sort()
        return self.report

    def _run(self, raw_lines) -> None:
        seen: dict[str, int] = {}
        batch = []
        for number, text in decoded_lines(raw_lines):
            self.report.lines = number
            if text is None:
                self.report.errors.append((number, _("texte illisible : UTF-8 attendu.")))
                continue
            if not text.strip():
                continue
            try:
                record = parse_line(text.rstrip("\r\n"), self.services)
            except RecordError as error:
                self.report.errors.append((number, " ; ".join(error.reasons)))
                continue
            first = seen.setdefault(record.external_id, number)
            if first != number:
                self.report.errors.append(
                    (
                        number,
                        _("« %(id)s » figure déjà ligne %(first)d, importée à sa place.")
                        % {"id": record.external_id, "first": first},
                    )
                )
                continue
            batch.append((number, record))
            if record.inspired_by is not None:
                self._inspirations[record.external_id] = (number, record.inspired_by)
            if len(batch) >= self.batch_size:
                self._import_batch(batch)
                batch = []
        if batch:
            self._import_batch(batch)
        self._write_inspirations()

    def _write_inspirations(self) -> None:
        lines = {key: line for key, (line, __) in self._inspirations.items()}
        with transaction.atomic():
            inspirations.write_links(
                {key: keys for key, (__, keys) in self._inspirations.items()},
                lambda key, text: self.report.warnings.append((lines[key], text)),
            )

    def _import_batch(self, batch: list[tuple[int, SheetRecord]]) -> None:
        result = _BatchResult()
        before = (self.collectivities.created, self.collectivities.updated)
        try:
            with transaction.atomic():
                self._apply(batch, result)
        except DatabaseError as error:
            # Nothing of this batch was kept: say so for each of its lines.
            self._tags.clear()
            self.collectivities.forget()
            self.collectivities.created, self.collectivities.updated = before
            reason = error_reason(error)
            result = _BatchResult(errors=[(line, reason) for line, __ in batch])
        report = self.report
        report.created += result.created
        report.updated += result.updated
        report.unchanged += result.unchanged
        report.errors += result.errors
        report.collectivities_created = self.collectivities.created
        report.collectivities_updated = self.collectivities.updated
        if self.progress:
            self.progress(report)

    def _apply(self, batch, result: _BatchResult) -> None:
        resolved = self.collectivities.resolve(
            batch, result.fail, lambda line, text: self.report.warnings.append((line, text))
        )
        existing = {
            page.external_id: page
            for page in sheets_with_relations(
                ActionSheetPage.objects.filter(
                    external_id__in=[r.external_id for __, r, __ in resolved]
                )
            )
        }
        parents = {
            page.path: page
            for page in CollectivityPage.objects.filter(
                path__in={parent_path(page) for page in existing.values()}
            )
        }
        restrictions = RestrictionsByPath()
        new, changed = [], []
        for line, record, collectivity in resolved:
            page = existing.get(record.external_id)
            if page is None:
                new.append((line, record, collectivity))
                continue
            parent = parents.get(parent_path(page))
            stored = (
                record_from_page(
                    page,
                    parent,
                    view_restrictions=restrictions.of(page),
                    with_latest_draft=True,
                )
                if parent
                else None
            )
            if stored and record.inspired_by is None:
                # A line that does not name inspirations leaves them as stored.
                stored = dataclasses.replace(stored, inspired_by=None)
            record = completed_from_stored(record, stored)
            if stored:
                record = record.completed_from(stored)

            if stored and stored.comparison_key() == record.comparison_key():
                result.unchanged += 1
            else:
                changed.append((line, record, collectivity, page))
        if new:
            self._create(new, result)
        for item in changed:
            self._update(*item, result)
        reindex(ActionSheetPage, result.touched)

    def _create(self, items, result: _BatchResult) -> None:
        """Bulk insert; if the database refuses, line by line to find the culprit."""
        try:
            with transaction.atomic():
                pks = self._bulk_create(items)
        except DatabaseError as error:
            self._tags.clear()
            if len(items) == 1:
                result.fail(items[0][0], error_reason(error))
                return
            for item in items:
                self._create([item], result)
            return
        result.created += len(pks)
        result.touched += pks

    def _bulk_create(self, items) -> list[int]:
        by_parent: dict[int, tuple[CollectivityPage, list]] = {}
        created = []
        for line, record, collectivity in items:
            page = ActionSheetPage(collectivity_id=collectivity.pk, **self._page_fields(record))
            by_parent.setdefault(collectivity.pk, (collectivity, []))[1].append(page)
            created.append((page, record, line))
        taken = child_slugs([collectivity for collectivity, __ in by_parent.values()])
        for collectivity, pages in by_parent.values():
            bulk_add_children(collectivity, pages, taken_slugs=taken[collectivity.path])
        service_links, tag_links, contacts, links = [], [], [], []
        for page, record, __ in created:
            service_links += [
                ActionSheetPage.services.through(
                    actionsheetpage_id=page.pk, service_id=self.services[slug].pk
                )
                for slug in record.services
            ]
            tag_links += [
                ActionSheetTag(content_object_id=page.pk, tag_id=tag.pk)
                for tag in self._tag_objects(record.tags)
            ]
            contacts += [
                SheetContact(page_id=page.pk, sort_order=order, **self._contact_fields(contact))
                for order, contact in enumerate(record.contacts)
            ]
            links += [
                SheetLink(page_id=page.pk, sort_order=order, url=url, title=title)
                for order, (url, title) in enumerate(self._links(record))
            ]
        ActionSheetPage.services.through.objects.bulk_create(service_links)
        ActionSheetTag.objects.bulk_create(tag_links)
        SheetContact.objects.bulk_create(contacts)
        SheetLink.objects.bulk_create(links)
        for page, record, line in created:
            self._apply_version_2(page, record, line)
        return [page.pk for page, __, __ in created]

    @staticmethod
    def _contact_fields(contact) -> dict:
        return {
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "show_email": bool(contact.show_email),
        }

    @staticmethod
    def _links(record: SheetRecord) -> list[tuple[str, str]]:
        titles = record.link_titles or ("",) * len(record.links)
        return list(zip(record.links, titles, strict=True))

    def _apply_version_2(self, page: ActionSheetPage, record: SheetRecord, line: int) -> None:
        """Who may see the sheet, then its latest draft as a revision on top of it."""
        apply_view_restrictions(
            page, record.view_restrictions, lambda text: self.report.warnings.append((line, text))
        )
        if record.latest_draft is not None:
            self._save_latest_draft(page, record.latest_draft)

    def _save_latest_draft(self, page: ActionSheetPage, draft: SheetRecord) -> None:
        # The fresh page from the database: a revision holds the draft, the row stays live.
        page = ActionSheetPage.objects.get(pk=page.pk)
        fields = self._page_fields(draft)
        fields.pop("live")
        fields.pop("external_id")
        for attname, value in fields.items():
            setattr(page, attname, value)
        page.services = [self.services[slug] for slug in draft.services]
        page.tags.set(self._tag_objects(draft.tags))
        page.contacts = [
            SheetContact(sort_order=order, **self._contact_fields(contact))
            for order, contact in enumerate(draft.contacts)
        ]
        page.links = [
            SheetLink(sort_order=order, url=url, title=title)
            for order, (url, title) in enumerate(self._links(draft))
        ]
        page.save_revision()

    @staticmethod
    def _page_fields(record: SheetRecord) -> dict:
        return {
            "external_id": record.external_id,
            "title": record.title,
            "subtitle": record.subtitle,
            "date": record.date,
            "live": record.live,
            **{name: getattr(record, name) for name in RICH_TEXT_FIELDS + PLAIN_TEXT_FIELDS},
            **record.status_fields(),
        }

    def _tag_objects(self, names) -> list[Tag]:
        tags = []
        for name in names:
            key = name.casefold()
            if key not in self._tags:
                # Matched as taggit matches them with TAGGIT_CASE_INSENSITIVE.
                self._tags[key] = Tag.objects.filter(name__iexact=name).order_by(
                    "pk"
                ).first() or Tag.objects.create(name=name)
            tags.append(self._tags[key])
        return tags

    def _update(self, line, record, collectivity, page, result: _BatchResult) -> None:
        try:
            with transaction.atomic():
                self._save_changes(line, record, collectivity, page)
        except (ValidationError, DatabaseError) as error:
            self._tags.clear()
            result.fail(line, error_reason(error))
            return
        result.updated += 1
        result.touched.append(page.pk)

    def _save_changes(self, line, record, collectivity, page: ActionSheetPage) -> None:
        if parent_path(page) != collectivity.path:
            taken = sibling_slugs(collectivity)
            if page.slug in taken:
                # Wagtail refuses a move onto a sibling's slug.
                page.slug = unique_slug(page.slug, taken)
                ActionSheetPage.objects.filter(pk=page.pk).update(slug=page.slug)
            page.move(collectivity, pos="last-child")
            page = sheets_with_relations(ActionSheetPage.objects.filter(pk=page.pk)).get()
        fields = self._page_fields(record)
        fields.pop("live")
        for attname, value in fields.items():
            setattr(page, attname, value)
        page.collectivity_id = collectivity.pk
        page.services = [self.services[slug] for slug in record.services]
        page.tags.set(self._tag_objects(record.tags))
        # A version 1 line was completed with what is stored (a public e-mail, a link
        # title), so that what the file cannot say survives an update.
        page.contacts = [
            SheetContact(sort_order=order, **self._contact_fields(contact))
            for order, contact in enumerate(record.contacts)
        ]
        page.links = [
            SheetLink(sort_order=order, url=url, title=title)
            for order, (url, title) in enumerate(self._links(record))
        ]
        if record.live:
            page.save_revision().publish()
        else:
            page.save()
            if page.live:
                page.unpublish()
            page.save_revision()
        self._apply_version_2(page, record, line)
