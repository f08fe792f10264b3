"""« inspired_by » in the JSON Lines format: the ``external_id`` of each sheet that inspired
this one, in order. Optional: a line without the key (older files) leaves a stored sheet's
inspirations as they are; an empty list removes them. The links are written once every
line is in, since a line may name a sheet further down the file."""

from django.utils.translation import gettext as _

KEY = "inspired_by"


def parse(data: dict, fail) -> tuple[str, ...] | None:
    value = data.get(KEY)
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        fail(_("« inspired_by » doit être une liste d'identifiants de fiches (external_id)."))
        return None
    return tuple(dict.fromkeys(item.strip() for item in value))


def of_page(page) -> tuple[str, ...]:
    """The stored sheet's inspirations (``inspirations__source`` prefetched)."""
    return tuple(item.source.external_id for item in page.inspirations.all())


def write_links(wanted: dict[str, tuple[str, ...]], warn) -> None:
    """Replaces the inspirations of each sheet (by external_id) by the named sheets;
    ``warn(external_id, text)`` for a name that matches no sheet of another collectivity."""
    from initiatives.models import ActionSheetPage, SheetInspiration

    if not wanted:
        return
    named = {key for keys in wanted.values() for key in keys}
    pages = {
        page.external_id: page
        for page in ActionSheetPage.objects.filter(external_id__in=set(wanted) | named).only(
            "pk", "external_id", "collectivity_id"
        )
    }
    rows, targets = [], []
    for external_id, keys in wanted.items():
        page = pages.get(external_id)
        if page is None:
            continue
        targets.append(page.pk)
        for order, key in enumerate(keys):
            source = pages.get(key)
            if source is None or source.collectivity_id == page.collectivity_id:
                warn(
                    external_id,
                    _("« %(id)s » n'est la fiche d'aucune autre collectivité : lien ignoré.")
                    % {"id": key},
                )
                continue
            rows.append(SheetInspiration(page_id=page.pk, source_id=source.pk, sort_order=order))
    SheetInspiration.objects.filter(page_id__in=targets).delete()
    SheetInspiration.objects.bulk_create(rows)
