"""Fast, correct insertion of many pages into Wagtail's tree.

``Page.add_child`` costs several queries per page (about 22 pages/s): one edition's sheets
would take twelve minutes. Here the tree fields (path, depth, url_path, numchild) are
computed in Python and the rows are written with bulk inserts, a few queries per batch.
Signals are not sent and nothing is indexed: callers reindex the pages they created once,
at the end (see ``reindex``).
"""

import logging
import uuid
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

from .signals import pages_bulk_changed
from .slugs import french_slugify

BATCH_SIZE = 500
logger = logging.getLogger(__name__)


def unique_slug(title: str, taken: set[str], fallback: str = "page") -> str:
    """A slug for ``title`` (« œ » → oe) not in ``taken`` (which it then joins)."""
    base = french_slugify(title) or fallback
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    taken.add(slug)
    return slug


def _children(parent: Page):
    # A path range rather than path__startswith: SQLite's LIKE cannot use the path index.
    return Page.objects.filter(
        path__range=Page._get_children_path_interval(parent.path), depth=parent.depth + 1
    )


def sibling_slugs(parent: Page) -> set[str]:
    return set(_children(parent).values_list("slug", flat=True))


def _next_step(parent: Page) -> int:
    last_path = _children(parent).order_by("-path").values_list("path", flat=True).first()
    return Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1


@transaction.atomic
def bulk_add_children(parent: Page, pages: Sequence[Page], *, taken_slugs: set[str] | None = None):
    """Inserts ``pages`` (unsaved instances of one specific Page model) as the last children
    of ``parent``. Each page must have its title and own fields set; ``live`` decides whether
    it is published (a page that is not live is stored as a draft). Slugs are made unique
    among the siblings. Returns the pages, now with their primary keys.
    """
    if not pages:
        return pages
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    locale_id = Locale.get_default().pk
    taken = sibling_slugs(parent) if taken_slugs is None else taken_slugs
    step = _next_step(parent)
    now = timezone.now()
    for offset, page in enumerate(pages):
        page.slug = unique_slug(page.slug or page.title, taken)
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step + offset)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type_id = content_type.pk
        page.locale_id = locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.has_unpublished_changes = not page.live
        derive_fields = getattr(page, "derive_fields", None)  # what save() would compute
        if derive_fields is not None:
            derive_fields()
        if page.live:
            page.first_published_at = page.first_published_at or now
            page.last_published_at = page.last_published_at or now
        page.latest_revision_created_at = None

    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    for start in range(0, len(pages), BATCH_SIZE):
        batch = pages[start : start + BATCH_SIZE]
        base_rows = [
            Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page in batch
        ]
        Page.objects.bulk_create(base_rows)
        _insert_specific_rows(model, batch, base_rows)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    return pages


def _insert_specific_rows(model, pages: Sequence[Page], base_rows: Sequence[Page]) -> None:
    """Writes the subclass table rows (Django's bulk_create refuses multi-table models)."""
    if not getattr(base_rows[0], "pk", None):
        # A backend without RETURNING for bulk inserts: read the ids back by path.
        ids = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk"))
        for row in base_rows:
            row.pk = ids[row.path]
    ptr_name = model._meta.pk.attname  # page_ptr_id
    for page, row in zip(pages, base_rows, strict=True):
        page.pk = page.id = row.pk
        setattr(page, ptr_name, row.pk)
        page._state.adding = False
        page._state.db = connection.alias
    local_fields = [f for f in model._meta.local_concrete_fields]
    model._base_manager._insert(pages, fields=local_fields, using=connection.alias)


def reindex(model, pks: Iterable[int]) -> None:
    """Indexes the given pages in every search backend, in batches, relations prefetched,
    and tells listeners (search facets) that these pages changed."""
    pks = list(pks)
    pages_bulk_changed.send(sender=model, model=model, pks=pks)
    queryset = model.get_indexed_objects()
    for backend in get_search_backends():
        for start in range(0, len(pks), BATCH_SIZE):
            chunk = list(queryset.filter(pk__in=pks[start : start + BATCH_SIZE]))
            if not chunk:
                continue
            try:
                backend.add_bulk(model, chunk)
            except Exception:
                # As modelsearch does: a cluster that is down must not lose the data just
                # saved; `manage.py update_index` catches up once it is back.
                if not backend.catch_indexing_errors:
                    raise
                logger.exception("Indexing %s pages in %r failed", len(chunk), backend)
                break
