"""Sheets as documents of the sheets index: only live, public sheets ever become one.

Text fields hold the sheet's plain text (HTML removed): the cluster analyses it with the
index's French analyzer and highlights passages of it. ``summary`` is what a result's
snippet is cut from (as ``search.results`` does on the database path); ``details`` the
rest of what the database path indexes (advice, tools, providers, services, tags).
Facet fields hold the same values the database path's facets count.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from initiatives.inspiration import inspiration_pairs
from initiatives.models import ActionSheetPage, ActionSheetTag, CollectivityPage
from labels import facets as label_facets

from ..analysis import strip_html
from ..facets import POPULATION_BANDS, population_band

# Sheets read from the database per batch when the whole index is built.
BATCH_SIZE = 2000


def visible_sheets():
    return ActionSheetPage.objects.live().public()


def _collectivity_fields(collectivity: dict | None) -> dict:
    if collectivity is None:
        return {}
    return {
        "type": collectivity["kind"] or None,
        "region": collectivity["region"] or None,
        "departement": collectivity["departement"] or None,
        "population": POPULATION_BANDS[population_band(collectivity["population"])][0],
    }


def _award_values(sheet_ids) -> tuple[dict, dict]:
    """Public arobases levels and label years of these sheets (embargoed awards stay out)."""
    wanted = set(sheet_ids)
    levels, years = defaultdict(set), defaultdict(set)
    level_pairs, year_pairs = label_facets.public_award_pairs()
    for sheet_id, level in level_pairs:
        if sheet_id in wanted:
            levels[sheet_id].add(level)
    for sheet_id, year in year_pairs:
        if sheet_id in wanted:
            years[sheet_id].add(year)
    return levels, years


# What a document is made of, read as values: building model instances of the sheets
# (multi-table pages, with their services and tags prefetched) took twice as long for the
# same queries (2,000 sheets of the press-2023 data: 1.4-2.0 s against 0.65-1.0 s).
_SHEET_FIELDS = (
    "pk", "title", "subtitle", "synthese", "actions", "resultats", "recommandations", "outils",
    "prestataires", "date", "collectivity_id", "action_status",
)  # fmt: skip


@dataclass
class _Sheet:
    pk: int
    title: str
    subtitle: str
    synthese: str
    actions: str
    resultats: str
    recommandations: str
    outils: str
    prestataires: str
    date: datetime.date
    collectivity_id: int | None
    action_status: str


def documents(sheets) -> list[dict]:
    """Documents of the given sheets (a queryset of visible sheets), keyed by ``_id``; the
    same number of queries for any number of sheets."""
    rows = [_Sheet(*row) for row in sheets.values_list(*_SHEET_FIELDS)]
    if not rows:
        return []
    ids = [sheet.pk for sheet in rows]
    collectivity_ids = {sheet.collectivity_id for sheet in rows if sheet.collectivity_id}
    collectivities = {
        row["pk"]: row
        for row in CollectivityPage.objects.filter(pk__in=collectivity_ids).values(
            "pk", "title", "kind", "region", "departement", "population"
        )
    }
    services, tags = _services(ids), _tags(ids)
    levels, years = _award_values(ids)
    inspiration = _inspiration_values(set(ids))
    return [
        _document(
            sheet, services[sheet.pk], tags[sheet.pk], collectivities, levels, years, inspiration
        )
        for sheet in rows
    ]


def _services(sheet_ids) -> dict[int, list[tuple[str, str, str]]]:
    """(slug, name, enjeu's slug) of each sheet's services, in the référentiel's order."""
    found = defaultdict(list)
    links = (
        ActionSheetPage.services.through.objects.filter(actionsheetpage_id__in=sheet_ids)
        .order_by("service__sort_order", "service__name")
        .values_list("actionsheetpage_id", "service__slug", "service__name", "service__enjeu__slug")
    )
    for sheet_id, *service in links:
        found[sheet_id].append(tuple(service))
    return found


def _tags(sheet_ids) -> dict[int, list[str]]:
    found = defaultdict(list)
    links = (
        ActionSheetTag.objects.filter(content_object_id__in=sheet_ids)
        .order_by("pk")
        .values_list("content_object_id", "tag__name")
    )
    for sheet_id, name in links:
        found[sheet_id].append(name)
    return found


@dataclass
class _Inspiration:
    """A batch's side of « Inspirée de »: the facet values, the number of collectivities
    each sheet inspired (the « inspirations » sort) and the sheets each names."""

    values: dict[int, set[str]] = field(default_factory=dict)
    inspired: dict[int, set[int]] = field(default_factory=dict)
    sources: dict[int, set[int]] = field(default_factory=dict)


def _inspiration_values(sheet_ids: set[int]) -> _Inspiration:
    """« a-inspire » / « inspiree » of these sheets, from the links between visible sheets
    of different collectivities (the values of search/facets.py's « Inspirée de »): only
    the links of these sheets are read."""
    found = _Inspiration()
    pairs = inspiration_pairs(sheet_ids)
    pages = {page for source, page in pairs if source in sheet_ids}
    collectivity_of = dict(
        ActionSheetPage.objects.filter(pk__in=pages).values_list("pk", "collectivity_id")
        if pages
        else ()
    )
    for source, page in pairs:
        if source in sheet_ids:
            found.values.setdefault(source, set()).add("a-inspire")
            found.inspired.setdefault(source, set()).add(collectivity_of.get(page))
        if page in sheet_ids:
            found.values.setdefault(page, set()).add("inspiree")
            found.sources.setdefault(page, set()).add(source)
    return found


def _document(sheet, services, tags, collectivities, levels, years, inspiration) -> dict:
    collectivity = collectivities.get(sheet.collectivity_id)
    summary = [
        sheet.subtitle,
        *(strip_html(html) for html in (sheet.synthese, sheet.actions, sheet.resultats)),
    ]
    details = [
        strip_html(sheet.recommandations),
        sheet.outils,
        sheet.prestataires,
        *(name for _slug, name, _enjeu in services),
        *tags,
    ]
    return {
        "_id": str(sheet.pk),
        "_source": {
            "id": sheet.pk,
            "title": _joined([sheet.title]),
            "summary": _joined(summary),
            "details": _joined(details),
            "date": sheet.date.isoformat(),
            "collectivity_id": sheet.collectivity_id,
            "service": sorted({slug for slug, _name, _enjeu in services}),
            "enjeu": sorted({enjeu for _slug, _name, enjeu in services if enjeu}),
            "year": str(sheet.date.year),
            "arobases": sorted(levels.get(sheet.pk, ())),
            "edition": sorted(years.get(sheet.pk, ())),
            "status": sheet.action_status,
            "inspiration": sorted(inspiration.values.get(sheet.pk, ())),
            "inspired_collectivities": len(inspiration.inspired.get(sheet.pk, ())),
            # The sheets this one names: when it changes, their counts are synced too.
            "inspired_by": sorted(inspiration.sources.get(sheet.pk, ())),
            **_collectivity_fields(collectivity),
        },
    }


def _joined(texts) -> str:
    # Paragraphs joined by a blank line: a highlighted passage does not run across two.
    # The highlight marks (request.MARK_START, MARK_END) are removed from the text.
    texts = (" ".join(str(text).translate(_NO_MARKS).split()) for text in texts if text)
    return "\n\n".join(text for text in texts if text)


_NO_MARKS = {0xE000: " ", 0xE001: " "}
