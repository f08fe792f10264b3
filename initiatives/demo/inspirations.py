"""The demo's « Inspirée de » links: ideas that travel between collectivities.

Without them a new user never sees « A inspiré N collectivités », the thing ATLAAS exists
for. About one published demo sheet in twenty-five names an earlier sheet of another
collectivity classed under the same service; sources are drawn from the earliest sheets
of that service, so that a few ideas inspire several towns, as they do in life. Nothing is
added once any link exists: a rerun changes nothing, and editors' own links are kept.
"""

import random
from collections import defaultdict

from django.db.models import Min

from initiatives.models import ActionSheetPage, SheetInspiration
from initiatives.signals import pages_bulk_changed

INSPIRED_SHARE = 0.04
# Even the smallest demo shows a few, or nobody would ever see one.
MIN_LINKS = 8
# Sources come from this leading share of a service's sheets, oldest first.
EARLY_SHARE = 0.2


def ensure_demo_inspirations(external_id_prefix: str, seed: int) -> int:
    """Links demo sheets to the sheets that inspired them; returns the links created."""
    if SheetInspiration.objects.exists():
        return 0
    demo = ActionSheetPage.objects.live().public().filter(
        external_id__startswith=external_id_prefix, date__isnull=False
    )
    sheets = {
        pk: (collectivity_id, date)
        for pk, collectivity_id, date in demo.values_list("pk", "collectivity_id", "date")
    }
    first_service = (
        ActionSheetPage.services.through.objects.filter(actionsheetpage_id__in=demo.values("pk"))
        .values("actionsheetpage_id")
        .annotate(service=Min("service_id"))
        .order_by()
    )
    by_service = defaultdict(list)
    for row in first_service:
        by_service[row["service"]].append(row["actionsheetpage_id"])

    early_of, later = {}, []  # a service's earliest sheets; (sheet, service) for the others
    for service in sorted(by_service):
        ordered = sorted(by_service[service], key=lambda pk: (sheets[pk][1], pk))
        early_of[service] = ordered[: max(1, int(len(ordered) * EARLY_SHARE))]
        later += [(pk, service) for pk in ordered[len(early_of[service]) :]]
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data, nothing secret)
    rng.shuffle(later)
    wanted = max(MIN_LINKS, round(len(sheets) * INSPIRED_SHARE))
    links = []
    # Sources are looked for only until enough links are found: at 100,000 sheets, looking
    # for every sheet's would compare tens of millions of pairs.
    for pk, service in later:
        if len(links) >= wanted:
            break
        collectivity, date = sheets[pk]
        sources = [
            s for s in early_of[service] if sheets[s][0] != collectivity and sheets[s][1] < date
        ]
        if sources:
            links.append(SheetInspiration(page_id=pk, source_id=rng.choice(sources)))
    SheetInspiration.objects.bulk_create(links, batch_size=1000)
    if links:
        touched = {link.page_id for link in links} | {link.source_id for link in links}
        # Rows written in bulk: tell the search's listeners, as the seed does for sheets.
        pages_bulk_changed.send(ActionSheetPage, model=ActionSheetPage, pks=sorted(touched))
    return len(links)
