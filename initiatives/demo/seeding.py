"""Writes the demo plan to the database: collectivities, sheets in batches, then the index.

Collectivities are keyed by their official code and sheets by ``demo-000123``: what exists is
left as it is, what is missing is created, so a rerun completes an interrupted run. Each
batch is one transaction (pages, services, tags, contacts, links together). Pages go in
through ``page_tree.bulk_add_children`` and are indexed once, at the end (``indexing``).
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from django.db import connection, reset_queries, transaction
from django.db.models import Q

from taggit.models import Tag

from initiatives import page_tree
from initiatives.models import (
    ActionSheetPage,
    ActionSheetTag,
    CollectivityPage,
    Service,
    SheetContact,
    SheetLink,
)
from initiatives.planner_statistics import refresh_planner_statistics
from initiatives.signals import pages_bulk_changed

from . import indexing, places
from .collections import ensure_demo_collections
from .inspirations import ensure_demo_inspirations
from .team import ensure_demo_moderator
from .texts import Catalog, SheetContent, Term, write_sheet
from .variety import Variety, measure_demo
from .voice import introduction, voice_of

DEFAULT_SEED = 2023
BATCH_SIZE = 1000
PROGRESS_EVERY = 1000
EXTERNAL_ID_PREFIX = "demo-"


class SeedError(Exception):
    """The demo cannot be seeded as asked; the message is French and says what to do."""


@dataclass
class SeedReport:
    collectivities_created: int = 0
    collectivities_existing: int = 0
    sheets_created: int = 0
    sheets_existing: int = 0
    # Demo sheets already in the database that another plan (scale or seed) put there.
    foreign_sheets: int = 0
    collection_pages_created: int = 0
    moderator_created: bool = False
    variety: Variety | None = None
    inspirations_created: int = 0
    indexed: int = 0
    index_seconds: float = 0.0
    seconds: float = 0.0


@dataclass
class _PendingSheet:
    parent: CollectivityPage
    external_id: str
    live: bool
    content: SheetContent
    pk: int | None = None


def external_id(number: int) -> str:
    return f"{EXTERNAL_ID_PREFIX}{number:06d}"


def _rng(key) -> random.Random:
    # Reproducible demo texts want a seeded generator; nothing here is secret.
    return random.Random(key)  # noqa: S311


def load_catalog() -> Catalog:
    services = Service.objects.select_related("enjeu").order_by(
        "enjeu__category__sort_order", "enjeu__sort_order", "sort_order", "slug"
    )
    terms = [Term(s.pk, s.name, s.slug, s.enjeu.slug, s.enjeu.category_id) for s in services]
    if not terms:
        raise SeedError(
            "Le référentiel est vide : chargez-le d'abord avec « python manage.py "
            "import_referentiel », puis relancez « python manage.py seed_demo »."
        )
    return Catalog(terms)


def seed(
    scale: places.Scale,
    *,
    seed: int = DEFAULT_SEED,
    index: bool = True,
    index_workers: int = 1,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int, int, float], None] | None = None,
) -> SeedReport:
    """Creates what the plan for ``scale`` and ``seed`` lacks, then indexes it (in
    ``index_workers`` processes if large). ``progress(done, total, created, seconds)`` is
    called every thousand sheets."""
    started = time.monotonic()
    catalog = load_catalog()
    planned = places.plan(scale, _rng(seed))
    report = SeedReport()
    parents, new_collectivities = _ensure_collectivities(planned, report)
    writer = _BatchWriter()
    total = sum(entry.published + entry.drafts for entry in planned)
    pending: list[_PendingSheet] = []
    for number, item in _planned_sheets(planned, parents, seed, catalog, report):
        if item is not None:
            pending.append(item)
        if len(pending) >= batch_size:
            writer.write(pending)
            pending = []
        if progress and number % PROGRESS_EVERY == 0:
            progress(number, total, len(writer.created), time.monotonic() - started)
    writer.write(pending)
    report.sheets_created = len(writer.created)
    if progress and total % PROGRESS_EVERY:
        progress(total, total, report.sheets_created, time.monotonic() - started)

    report.inspirations_created = ensure_demo_inspirations(EXTERNAL_ID_PREFIX, seed)
    report.collection_pages_created = ensure_demo_collections(_home_page())
    report.moderator_created = ensure_demo_moderator()
    if report.collection_pages_created:
        # Editors work under the collections index: give them its permissions now.
        from initiatives.roles import sync_editors

        sync_editors()

    if index:
        index_started = time.monotonic()
        report.indexed = _index_missing(list(parents.values()), index_workers)
        report.index_seconds = time.monotonic() - index_started
    elif new_collectivities or writer.created:
        # Nothing else tells listeners (search facets) about rows written in bulk.
        pages_bulk_changed.send(CollectivityPage, model=CollectivityPage, pks=new_collectivities)
        pages_bulk_changed.send(ActionSheetPage, model=ActionSheetPage, pks=writer.created)
    if new_collectivities or writer.created:
        refresh_planner_statistics()
    report.variety = measure_demo()
    report.seconds = time.monotonic() - started
    return report


def _planned_sheets(planned, parents, seed: int, catalog: Catalog, report: SeedReport):
    """Yields ``(number, sheet to write)`` for every sheet of the plan, the sheet being None
    when it already exists."""
    existing = dict(
        ActionSheetPage.objects.filter(external_id__startswith=EXTERNAL_ID_PREFIX).values_list(
            "external_id", "collectivity__code"
        )
    )
    number = 0
    for entry in planned:
        parent = parents[entry.place.code]
        voice = voice_of(entry.place)
        for rank in range(entry.published + entry.drafts):
            number += 1
            key = external_id(number)
            if key in existing:
                report.sheets_existing += 1
                report.foreign_sheets += existing[key] != entry.place.code
                yield number, None
                continue
            live = rank < entry.published
            rng = _rng(f"{seed}:{key}")
            content = write_sheet(rng, voice, entry.place.population, catalog, draft=not live)
            yield number, _PendingSheet(parent, key, live, content)
    # Demo sheets numbered beyond this plan come from a larger one.
    report.foreign_sheets += len(existing) - report.sheets_existing


def _home_page():
    """The one home page, found through the collectivity's allowed parent (no import of it)."""
    (home_model,) = CollectivityPage.allowed_parent_page_models()
    home = home_model.objects.first()
    if home is None:
        raise SeedError("Aucune page d'accueil : lancez d'abord « python manage.py migrate ».")
    return home


@transaction.atomic
def _ensure_collectivities(planned, report: SeedReport):
    """The plan's collectivity pages by code, creating the missing ones (returned as pks)."""
    found = {page.code: page for page in CollectivityPage.objects.all()}
    missing = [entry.place for entry in planned if entry.place.code not in found]
    report.collectivities_existing = len(planned) - len(missing)
    pages = []
    for place in missing:
        rng = _rng(place.code)
        joined = datetime.datetime(2015, 9, 1, 10, tzinfo=datetime.UTC) + datetime.timedelta(
            days=rng.randrange(365 * 5)
        )
        pages.append(
            CollectivityPage(
                title=place.name,
                code=place.code,
                kind=place.kind,
                population=place.population,
                departement=place.departement,
                region=place.region,
                members=", ".join(place.members),
                website=f"https://www.{voice_of(place).domain}",
                introduction=introduction(place),
                live=True,
                first_published_at=joined,
                last_published_at=joined,
            )
        )
    if pages:
        page_tree.bulk_add_children(_home_page(), pages)
    report.collectivities_created = len(pages)
    found.update((page.code, page) for page in pages)
    parents = {entry.place.code: found[entry.place.code] for entry in planned}
    return parents, [page.pk for page in pages]


class _BatchWriter:
    """Writes batches of sheets with their relations, one transaction per batch."""

    def __init__(self):
        self.slugs: dict[int, set[str]] = {}
        self.tag_ids: dict[str, int] = {}
        self.created: list[int] = []

    def write(self, pending: list[_PendingSheet]) -> None:
        if not pending:
            return
        with transaction.atomic():
            for _parent_pk, group in groupby(pending, key=lambda item: item.parent.pk):
                group = list(group)
                parent = group[0].parent
                if parent.pk not in self.slugs:
                    self.slugs[parent.pk] = page_tree.sibling_slugs(parent)
                pages = [self._page(item) for item in group]
                page_tree.bulk_add_children(parent, pages, taken_slugs=self.slugs[parent.pk])
                for item, page in zip(group, pages, strict=True):
                    item.pk = page.pk
            self._write_relations(pending)
        self.created += [item.pk for item in pending]
        # With DEBUG on, Django keeps every query with its parameters: gigabytes by the end.
        reset_queries()

    @staticmethod
    def _page(item: _PendingSheet) -> ActionSheetPage:
        content = item.content
        return ActionSheetPage(
            title=content.title,
            external_id=item.external_id,
            collectivity_id=item.parent.pk,
            subtitle=content.subtitle,
            date=content.date,
            actions=content.actions,
            synthese=content.synthese,
            outils=content.outils,
            prestataires=content.prestataires,
            recommandations=content.recommandations,
            resultats=content.resultats,
            live=item.live,
            first_published_at=content.published_at if item.live else None,
            last_published_at=content.published_at if item.live else None,
        )

    def _write_relations(self, pending: list[_PendingSheet]) -> None:
        through = ActionSheetPage.services.through
        _insert_rows(
            through,
            ("actionsheetpage", "service"),
            [(item.pk, term.pk) for item in pending for term in item.content.services],
        )
        self._ensure_tags({name for item in pending for name in item.content.tags})
        _insert_rows(
            ActionSheetTag,
            ("content_object", "tag"),
            [
                (item.pk, self.tag_ids[name.lower()])
                for item in pending
                for name in item.content.tags
            ],
        )
        _insert_rows(
            SheetContact,
            ("page", "sort_order", "name", "role", "email", "show_email"),
            [
                (item.pk, order, *contact)
                for item in pending
                for order, contact in enumerate(item.content.contacts)
            ],
        )
        _insert_rows(
            SheetLink,
            ("page", "sort_order", "url", "title"),
            [
                (item.pk, order, *link)
                for item in pending
                for order, link in enumerate(item.content.links)
            ],
        )

    def _ensure_tags(self, names: set[str]) -> None:
        """Finds or creates the tags. Names match regardless of case (TAGGIT_CASE_INSENSITIVE);
        an existing tag with the same slug is reused rather than clashing with it."""
        wanted = {name.lower(): name for name in names if name.lower() not in self.tag_ids}
        if not wanted:
            return
        slug_of = {key: Tag().slugify(name) for key, name in wanted.items()}
        found = Tag.objects.filter(Q(slug__in=slug_of.values()) | Q(name__in=wanted.values()))
        by_name = {tag.name.lower(): tag.pk for tag in found}
        by_slug = {tag.slug: tag.pk for tag in found}
        missing = {}
        for key, slug in slug_of.items():
            pk = by_name.get(key) or by_slug.get(slug)
            if pk is None:
                missing.setdefault(slug, Tag(name=wanted[key], slug=slug))
            else:
                self.tag_ids[key] = pk
        Tag.objects.bulk_create(missing.values())
        created = dict(Tag.objects.filter(slug__in=missing).values_list("slug", "pk"))
        for key, slug in slug_of.items():
            self.tag_ids.setdefault(key, created.get(slug))


def _insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Multi-row inserts of plain tuples. ``bulk_create`` would build and compile a model
    instance per row: a third of the whole seed's time for these small relation rows."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # SQLite caps the parameters of one statement; PostgreSQL takes a thousand rows easily.
    per_statement = min(1000, connection.ops.bulk_batch_size(list(fields), rows) or 1000)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            # Table and column names come from the models, never from input.
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
                + ", ".join([placeholders] * len(chunk)),
                [value for row in chunk for value in row],
            )


def _index_missing(collectivities: list[CollectivityPage], workers: int) -> int:
    sheets = ActionSheetPage.objects.filter(external_id__startswith=EXTERNAL_ID_PREFIX)
    sheet_pks = indexing.missing_from_index(ActionSheetPage, sheets.values_list("pk", flat=True))
    collectivity_pks = indexing.missing_from_index(
        CollectivityPage, [page.pk for page in collectivities]
    )
    indexing.index_pages(CollectivityPage, collectivity_pks, workers)
    indexing.index_pages(ActionSheetPage, sheet_pks, workers)
    return len(collectivity_pks) + len(sheet_pks)
