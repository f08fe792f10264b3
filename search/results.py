"""Turns a search outcome into the rows people see (HTML page) and the JSON contract.

A page of results is read in one query of plain values: building 20 Wagtail page objects
(and their collectivities) cost more than the search itself. Services and enjeux come
from the facet columns every worker already holds, and URLs from the sites' root paths,
without asking which site the request is on when there is only one.
"""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import numpy as np

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from wagtail.models import Page, Site

from initiatives.models import ActionSheetPage, CollectivityKind

from . import facets
from .facets import FacetEntry
from .snippets import Highlighter, query_stems

_SHEET_FIELDS = (
    "pk", "title", "subtitle", "plain_text", "plain_text_twin", "date", "external_id",
    "url_path", "collectivity_id",
)  # fmt: skip
# Kept in Wagtail's page table. A visible sheet's are in the worker's data
# (``FacetData.titles``, ``url_paths``), so the sheet table is read alone: joining the page
# table for them took half of the query on SQLite.
_PAGE_FIELDS = ("title", "url_path")
_TITLE, _URL_PATH = (_SHEET_FIELDS.index(name) for name in _PAGE_FIELDS)


@lru_cache(maxsize=2)
def _sheet_values_sql(with_page_fields: bool) -> str:
    """The sheets' ``_SHEET_FIELDS``, or without ``_PAGE_FIELDS``; table and column names
    taken from the models. Raw SQL: the ORM took 0.86 ms to build this one query, which
    runs in 0.14 (SQLite)."""
    sheet, page = ActionSheetPage._meta, Page._meta
    columns = ", ".join(
        f"{'p' if field.model is Page else 'a'}.{field.column}"
        for field in (
            sheet.pk if name == "pk" else sheet.get_field(name)
            for name in _SHEET_FIELDS
            if with_page_fields or name not in _PAGE_FIELDS
        )
    )
    join = (
        f"JOIN {page.db_table} p ON p.{page.pk.column} = a.{sheet.pk.column} "
        if with_page_fields
        else ""
    )
    return (
        f"SELECT {columns} FROM {sheet.db_table} a {join}"  # noqa: S608
        f"WHERE a.{sheet.pk.column} IN ({{}})"
    )


def _sheet_values(page_ids: list[int], data) -> dict[int, tuple]:
    """``_SHEET_FIELDS`` of each sheet found, by page id. The page table is only read for
    sheets the worker's data lacks (a cluster's answer a step ahead of it)."""
    if not page_ids:
        return {}
    rows, positions = data.rows_of(page_ids)
    from_data = len(positions) == len(page_ids)
    with connection.cursor() as cursor:
        sql = _sheet_values_sql(not from_data)
        cursor.execute(sql.format(", ".join(["%s"] * len(page_ids))), page_ids)
        found = cursor.fetchall()
    if from_data:
        row_of = dict(zip(page_ids, rows.tolist(), strict=True))
        found = [_with_page_fields(values, data, row_of[values[0]]) for values in found]
    date_at = _SHEET_FIELDS.index("date")
    by_id = {}
    for values in found:
        if isinstance(values[date_at], str):  # SQLite gives the text it stores
            date = datetime.date.fromisoformat(values[date_at])
            values = (*values[:date_at], date, *values[date_at + 1 :])
        by_id[values[0]] = values
    return by_id


def _with_page_fields(values: tuple, data, row: int) -> tuple:
    """A row of the sheet table alone, with the title and URL path put in their places."""
    values = (*values[:_TITLE], data.titles[row], *values[_TITLE:])
    return (*values[:_URL_PATH], data.url_paths[row], *values[_URL_PATH:])


# wagtail.urls' patterns of wagtail_serve, with and without WAGTAIL_APPEND_SLASH.
_SERVE_PATH = re.compile(r"(?:[\w\-]+/)*")
_SERVE_PATH_NO_SLASH = re.compile(r"[\w\-/]*")
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


@dataclass(frozen=True)
class SheetRow:
    """What a result shows of a sheet (the templates read ``row.sheet.date``)."""

    pk: int
    title: str
    subtitle: str
    date: object
    external_id: str
    url_path: str


@dataclass(frozen=True)
class CollectivityRow:
    title: str
    code: str
    kind: str

    def get_kind_display(self) -> str:
        return str(dict(CollectivityKind.choices).get(self.kind, self.kind))


def _urls(url_paths: list[str], request, data) -> list[str | None]:
    """Each page's URL as ``Page.get_url(request)`` gives it. With one site (and no
    language prefix) every URL is local and the request's site need not be looked up."""
    roots = data.site_root_paths(Site.get_site_root_paths)
    if len({root.site_id for root in roots}) != 1 or settings.WAGTAIL_I18N_ENABLED:
        return [ActionSheetPage(url_path=path).get_url(request) for path in url_paths]
    root_path = roots[0].root_path
    append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
    # reverse() once: it quotes what its pattern matched after a fixed prefix, and
    # quoting goes letter by letter (20 reverse() calls were 5 % of a cold search).
    prefix = reverse("wagtail_serve", args=("",))
    routable = _SERVE_PATH if append_slash else _SERVE_PATH_NO_SLASH
    urls = []
    for path in url_paths:
        if not path.startswith(root_path):
            urls.append(None)  # outside the site: not routable, as Wagtail says
            continue
        rest = path[len(root_path) :]
        if routable.fullmatch(rest):
            # What the pattern allows in ASCII (letters, digits, _ - /) stays as it is.
            url = prefix + (rest if rest.isascii() else quote(rest, safe=_PATH_SAFE))
        else:  # what the pattern refuses: reverse() says so
            url = reverse("wagtail_serve", args=(rest,))
        urls.append(url if append_slash or url == "/" else url.rstrip("/"))
    return urls


def _classification(data, page_ids: list[int]) -> dict[int, tuple[list, list]]:
    """(services, enjeux) of each sheet, in the référentiel's order (an enjeu's order,
    then the service's), from the facet columns."""
    service, enjeu = data.facets["service"], data.facets["enjeu"]
    rows, positions = data.rows_of(np.asarray(page_ids, dtype=np.int64))
    parents = service.parents.tolist()
    services, enjeux = service.entries, enjeu.entries
    found = {}
    for position, values in zip(positions.tolist(), service.values_of_rows(rows), strict=True):
        values.sort(key=lambda value: (parents[value], value))
        found[page_ids[position]] = (
            [services[v] for v in values],
            [enjeux[e] for e in dict.fromkeys(parents[v] for v in values)],
        )
    return found


def _classification_from_database(page_ids) -> dict[int, tuple[list, list]]:
    """The same for sheets the facet columns do not hold (a cluster's page, read while
    this process's data is older)."""
    links = ActionSheetPage.services.through.objects.filter(
        actionsheetpage_id__in=page_ids
    ).values_list(
        "actionsheetpage_id", "service__enjeu__sort_order", "service__sort_order",
        "service__slug", "service__name", "service__enjeu__slug", "service__enjeu__name",
    )  # fmt: skip
    found = {page_id: ([], []) for page_id in page_ids}
    for page_id, *_order, slug, name, enjeu_slug, enjeu_name in sorted(links):
        services, enjeux = found[page_id]
        services.append(FacetEntry(slug, name))
        if enjeu_slug not in {enjeu.slug for enjeu in enjeux}:
            enjeux.append(FacetEntry(enjeu_slug, enjeu_name))
    return found


def result_rows(outcome, request, data=None, *, marked_titles: bool = True) -> list[dict]:
    """The page's sheets in ranked order, each with what a result shows: one query.
    ``marked_titles``: the titles with the query's words in <mark> (``title_html``), which
    the results page shows and the API, quoting the plain title, does not (a tenth of the
    cost of its rows)."""
    data = facets.facet_data() if data is None else data
    values = _sheet_values(outcome.page_ids, data)
    page_ids = [page_id for page_id in outcome.page_ids if page_id in values]  # none deleted
    classification = _classification(data, page_ids)
    missing = [page_id for page_id in page_ids if page_id not in classification]
    if missing:
        classification.update(_classification_from_database(missing))
    urls = _urls([values[page_id][_URL_PATH] for page_id in page_ids], request, data)
    highlighter = Highlighter(query_stems(outcome.terms))
    rows = []
    for page_id, url in zip(page_ids, urls, strict=True):
        pk, title, subtitle, plain_text, twin, date, external_id, url_path, cid = values[page_id]
        known = data.collectivities.get(cid) if cid else None
        collectivity = (
            CollectivityRow(known["title"], known["code"], known["kind"]) if known else None
        )
        services, enjeux = classification[page_id]
        marked = outcome.highlights.get(page_id, {})
        row = {
            "sheet": SheetRow(pk, title, subtitle, date, external_id, url_path),
            "url": url,
            "snippet": marked.get("summary") or highlighter.snippet(plain_text, twin),
            "services": services,
            "enjeux": enjeux,
            "collectivity": collectivity,
        }
        if marked_titles:
            row["title_html"] = marked.get("title") or highlighter.highlight(title)
        rows.append(row)
    return rows


def as_json(outcome, rows, ways_out=None) -> dict:
    return {
        "count": outcome.count,
        "page": outcome.page,
        "page_size": outcome.params.page_size,
        "results": [
            {
                "external_id": row["sheet"].external_id,
                "title": row["sheet"].title,
                "url": row["url"],
                "date": row["sheet"].date.isoformat(),
                "collectivity": (
                    {
                        "name": row["collectivity"].title,
                        "code": row["collectivity"].code,
                        "kind": row["collectivity"].kind,
                    }
                    if row["collectivity"]
                    else None
                ),
                "enjeux": [enjeu.slug for enjeu in row["enjeux"]],
                "services": [service.slug for service in row["services"]],
                "snippet": row["snippet"],
            }
            for row in rows
        ],
        "facets": {
            name: {value.value: value.count for value in values}
            for name, values in outcome.facets.items()
        },
        "suggestion": outcome.suggestion,
        "fallback": outcome.fallback,
        "ways_out": ways_out,
    }
