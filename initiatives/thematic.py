"""What the thematic collection pages show, in a number of queries that does not grow with
the data: only live, public sheets, so that an unpublished sheet leaves every collection
without breaking any."""

from .listings import (
    NewestFirst,
    among,
    first_published,
    lazy_parts,
    published_sheets,
    sheets_classed_under,
)
from .models import ActionSheetPage, ThematicCollectionIndexPage, ThematicCollectionPage

FEATURED_ON_HOME = 3


def _chosen_ids(manager) -> list[int]:
    # Through the relation managers, so that a preview shows the unsaved choices.
    return [obj.pk for obj in manager.all() if obj.pk is not None]


def picked_sheets(collection: ThematicCollectionPage) -> list[dict]:
    """The hand-picked part, in the editors' order: [{"sheet", "note"}, ...]."""
    items = list(collection.sheet_items.all())
    sheets = published_sheets().in_bulk([item.sheet_id for item in items])
    picked, seen = [], set()
    for item in items:
        sheet = sheets.get(item.sheet_id)
        if sheet is not None and sheet.pk not in seen:
            seen.add(sheet.pk)
            picked.append({"sheet": sheet, "note": item.note})
    return picked


def automatic_sheets(collection: ThematicCollectionPage, exclude=()) -> list[ActionSheetPage]:
    """The newest published sheets classed under one of the chosen enjeux, services or
    mots-clés (any of them is enough), the hand-picked ones excepted."""
    matching = sheets_classed_under(
        enjeux=_chosen_ids(collection.auto_enjeux),
        services=_chosen_ids(collection.auto_services),
        tags=_chosen_ids(collection.auto_tags),
    )
    if not matching:
        return []
    # Subqueries rather than joins, so a sheet matching twice is listed once.
    sheets = among(published_sheets(), *matching).exclude(pk__in=list(exclude))
    return NewestFirst(sheets)[: collection.auto_limit]


def collection_page_context(collection: ThematicCollectionPage) -> dict:
    picked = picked_sheets(collection)
    automatic = automatic_sheets(collection, exclude=[item["sheet"].pk for item in picked])
    return {
        "picked": picked,
        "automatic": automatic,
        "sheet_count": len(picked) + len(automatic),
    }


def lazy_collection_page_context(collection: ThematicCollectionPage) -> dict:
    """The same, read only if the page's template renders it: the page's sheets are kept
    per state of the data (``published_fragment``)."""
    return lazy_parts(
        lambda: collection_page_context(collection), ("picked", "automatic", "sheet_count")
    )


def _listed(collections):
    return (
        collections.live()
        .public()
        .select_related("cover_image")
        .prefetch_related("cover_image__renditions")
    )


def collection_index_context(index: ThematicCollectionIndexPage) -> dict:
    return {"collections": _listed(ThematicCollectionPage.objects.child_of(index))}


def featured_collections():
    """The collections the editors put on the home page, in the index's order."""
    return _listed(ThematicCollectionPage.objects.filter(featured=True)).order_by("path")[
        :FEATURED_ON_HOME
    ]


def collections_index():
    return first_published(ThematicCollectionIndexPage)
