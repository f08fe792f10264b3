"""The search page (/recherche/), its JSON twin (/api/search/) and autocomplete."""

from urllib.parse import urlencode

import orjson

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import deferred_writes, exports, facets, query_log
from .autocomplete import autocomplete
from .cache import answer_key, cached_answer
from .deferred_writes import after_sending
from .engine import FACET_NAMES, SearchParams, run_search
from .picks import picks_for
from .results import as_json, result_rows

FACET_TITLES = {
    "enjeu": _("Enjeu"),
    "service": _("Service"),
    "type": _("Type de collectivité"),
    "region": _("Région"),
    "departement": _("Département"),
    "population": _("Population"),
    "year": _("Année"),
    "status": _("État de l'action"),
    "arobases": _("Label : arobases"),
    "edition": _("Label : édition"),
    "inspiration": _("Inspiration"),
}
# Facets with many values show the most frequent first; the others keep their own order.
FACETS_BY_COUNT = {"service", "departement", "region"}


def _url(params, **changes) -> str:
    query = params.to_querydict(**changes).urlencode()
    return f"?{query}" if query else "?"


def _facet_groups(outcome):
    params = outcome.params
    groups = []
    for name in FACET_NAMES:
        values = outcome.facets.get(name, [])
        if name in FACETS_BY_COUNT:
            values = sorted(values, key=lambda v: (not v.selected, -v.count, v.label))
        options = []
        for value in values:
            chosen = list(params.filters.get(name, []))
            if value.selected:
                chosen.remove(value.value)
            else:
                chosen.append(value.value)
            options.append(
                {
                    "value": value,
                    "toggle_url": _url(params, filters={**params.filters, name: chosen}),
                }
            )
        groups.append({"name": name, "title": FACET_TITLES[name], "options": options})
    return groups


def _chips(outcome):
    params, chips = outcome.params, []
    for name in FACET_NAMES:
        labels = {value.value: value.label for value in outcome.facets.get(name, [])}
        for selected in params.filters.get(name, []):
            remaining = [v for v in params.filters[name] if v != selected]
            chips.append(
                {
                    "facet": FACET_TITLES[name],
                    "label": labels.get(selected, selected),
                    "remove_url": _url(params, filters={**params.filters, name: remaining}),
                }
            )
    return chips


@require_GET
def search_page(request):
    params = SearchParams.from_querydict(request.GET)
    data = facets.facet_data()

    def results_html():
        context = _results_context(params, data, request)
        html = render_to_string("search/includes/results.html", context, request)
        return html, context["outcome"].count

    def answer():
        html, count = results_html()
        return {"html": html, "count": count}

    status = {}
    key = answer_key("html", data.token, request, params)
    with deferred_writes.collecting() as later:
        found = cached_answer(key, answer, status)
    _log(params, found["count"])
    html = found["html"]
    response = render(
        request, "search/search_page.html", {"params": params, "results_html": mark_safe(html)}
    )
    return after_sending(_with_cache_status(response, status), later)


def _with_cache_status(response, status):
    response["X-Search-Cache"] = "hit" if status.get("hit") else "miss"
    return response


def _ways_out(outcome, data) -> dict | None:
    """For a search that found nothing with every word: each filter to remove, and the
    enjeux to browse instead."""
    if outcome.fallback is None:
        return None
    page = reverse("search:page")
    enjeu = data.facets.get("enjeu")
    enjeux = list(zip(enjeu.values, enjeu.labels, strict=True)) if enjeu else []
    return {
        "remove_filters": [
            {
                "filter": str(chip["facet"]),
                "label": str(chip["label"]),
                "url": page + chip["remove_url"],
            }
            for chip in _chips(outcome)
        ],
        "enjeux": [
            {"slug": slug, "name": name, "url": f"{page}?{urlencode({'enjeu': slug})}"}
            for slug, name in enjeux
            if slug
        ],
    }


def _log(params, count: int) -> None:
    """Counts what a visitor typed (a new search, not another page of it)."""
    if params.query.strip() and params.page == 1:
        query_log.record(params.query, count)


def _picks(params, data) -> list[dict]:
    return picks_for(params.query, data.token) if params.page == 1 else []


def _results_context(params, data, request) -> dict:
    outcome = run_search(params, data=data)
    return {
        "picks": _picks(params, data),
        "ways_out": _ways_out(outcome, data),
        "params": params,
        "outcome": outcome,
        "rows": result_rows(outcome, request, data),
        "facet_groups": _facet_groups(outcome),
        "chips": _chips(outcome),
        "reset_url": _url(params, filters={}),
        "sort_urls": {
            sort: _url(params, sort=sort) for sort in ("relevance", "date", "inspirations")
        },
        "previous_url": _url(params, page=outcome.page - 1) if outcome.page > 1 else None,
        "next_url": (
            _url(params, page=outcome.page + 1) if outcome.page < outcome.page_count else None
        ),
        "suggestion_url": _url(params, query=outcome.suggestion) if outcome.suggestion else None,
        "view_urls": {view: _url(params, view=view) for view in ("liste", "carte")},
        "export_query": params.to_querydict(view="liste").urlencode(),
        "map": _map_context(outcome) if params.view == "carte" else None,
    }


def _map_context(outcome):
    """One click on a département lists its sheets: the list view, the search's other
    filters kept and that département alone chosen (the map is one « Carte » link away)."""
    params = outcome.params
    counts = {value.value: value.count for value in outcome.facets.get("departement", [])}
    chosen = params.filters.get("departement", [])
    links = {
        code: _url(params, view="liste", filters={**params.filters, "departement": [code]})
        for code in counts.keys() | set(_all_departements())
    }
    return {"counts": counts, "links": links, "selected": chosen}


def _all_departements():
    from initiatives import geography

    return geography.departements().keys()


@require_GET
def search_export(request, format):
    params = SearchParams.from_querydict(request.GET)
    outcome = run_search(params, with_suggestion=False, every_match=True)
    if format == "json":
        response = StreamingHttpResponse(
            exports.json_stream(outcome.ordered_ids, request),
            content_type="application/json; charset=utf-8",
        )
    else:
        delimiter = ";" if request.GET.get("sep") in {";", "semicolon", "pointvirgule"} else ","
        response = StreamingHttpResponse(
            exports.csv_stream(outcome.ordered_ids, request, delimiter=delimiter),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="atlaas-fiches.{format}"'
    # The CSV file has no room for it: the licence travels with every download (RFC 8288).
    response["Link"] = f'<{exports.LICENCE_URL}>; rel="license"; title="{exports.LICENCE}"'
    return response


@require_GET
def search_api(request):
    params = SearchParams.from_querydict(request.GET)
    data = facets.facet_data()

    def answer():
        outcome = run_search(params, data=data)
        rows = result_rows(outcome, request, data, marked_titles=False)
        found = as_json(outcome, rows, _ways_out(outcome, data))
        found["picks"] = _picks(params, data)
        return found["count"], _json_body(found)

    status = {}
    # The cache keeps the encoded body: a cached answer is sent as it is.
    key = answer_key("api-body", data.token, request, params)
    with deferred_writes.collecting() as later:
        count, body = cached_answer(key, answer, status)
    _log(params, count)
    response = HttpResponse(body, content_type="application/json")
    return after_sending(_with_cache_status(response, status), later)


def _json_body(answer: dict) -> bytes:
    """The answer in UTF-8 JSON, by orjson: the standard library's encoder took a tenth of
    a cold search for the facets and results."""
    return orjson.dumps(answer, default=_lazy_text)


def _lazy_text(value):
    if isinstance(value, Promise):  # a lazy translation: its text
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


@require_GET
def autocomplete_api(request):
    query = request.GET.get("q", "")
    return JsonResponse({"query": query, "results": autocomplete(query, request)})
