"""The search page (/recherche/), its JSON twin (/api/search/) and autocomplete."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .autocomplete import autocomplete
from .engine import FACET_NAMES, SearchParams, run_search
from .results import as_json, result_rows

FACET_TITLES = {
    "enjeu": _("Enjeu"),
    "service": _("Service"),
    "type": _("Type de collectivité"),
    "region": _("Région"),
    "departement": _("Département"),
    "population": _("Population"),
    "year": _("Année"),
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
    outcome = run_search(params)
    rows = result_rows(outcome, request)
    context = {
        "params": params,
        "outcome": outcome,
        "rows": rows,
        "facet_groups": _facet_groups(outcome),
        "chips": _chips(outcome),
        "reset_url": _url(params, filters={}),
        "sort_urls": {sort: _url(params, sort=sort) for sort in ("relevance", "date")},
        "previous_url": _url(params, page=outcome.page - 1) if outcome.page > 1 else None,
        "next_url": (
            _url(params, page=outcome.page + 1) if outcome.page < outcome.page_count else None
        ),
        "suggestion_url": _url(params, query=outcome.suggestion) if outcome.suggestion else None,
    }
    return render(request, "search/search_page.html", context)


@require_GET
def search_api(request):
    params = SearchParams.from_querydict(request.GET)
    outcome = run_search(params)
    return JsonResponse(as_json(outcome, result_rows(outcome, request)))


@require_GET
def autocomplete_api(request):
    query = request.GET.get("q", "")
    return JsonResponse({"query": query, "results": autocomplete(query, request)})
