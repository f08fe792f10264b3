"""Turns a search outcome into the rows people see (HTML page) and the JSON contract."""

from django.db.models import Prefetch

from initiatives.models import ActionSheetPage, Service

from .analysis import strip_html
from .snippets import highlight, make_snippet, query_stems


def result_rows(outcome, request) -> list[dict]:
    """The page's sheets in ranked order, each with what a result shows. One query for
    the sheets, one for their services."""
    sheets = (
        ActionSheetPage.objects.filter(pk__in=outcome.page_ids)
        .select_related("collectivity")
        .prefetch_related(Prefetch("services", queryset=Service.objects.select_related("enjeu")))
    )
    by_id = {sheet.pk: sheet for sheet in sheets}
    stems = query_stems(outcome.terms)
    rows = []
    for page_id in outcome.page_ids:
        sheet = by_id.get(page_id)
        if sheet is None:  # deleted between the match and now
            continue
        services = sorted(sheet.services.all(), key=lambda s: (s.enjeu.sort_order, s.sort_order))
        enjeux = list({s.enjeu_id: s.enjeu for s in services}.values())
        collectivity = sheet.collectivity
        marked = outcome.highlights.get(page_id, {})
        rows.append(
            {
                "sheet": sheet,
                "url": sheet.get_url(request),
                "title_html": marked.get("title") or highlight(sheet.title, stems),
                "snippet": marked.get("summary")
                or make_snippet(
                    [
                        sheet.subtitle,
                        *(
                            strip_html(html)
                            for html in (sheet.synthese, sheet.actions, sheet.resultats)
                        ),
                    ],
                    stems,
                ),
                "services": services,
                "enjeux": enjeux,
                "collectivity": collectivity,
            }
        )
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
