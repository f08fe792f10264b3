"""What the label's pages and API show: figures computed from the dossiers, never typed in,
and the awards, always through the embargo (``Award.objects.public()``) unless an editor is
previewing. Each function runs a fixed number of queries, whatever the number of awards."""

import hashlib
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageViewRestriction

from initiatives import geography, roles
from initiatives.data_fragments import cached_html
from initiatives.listings import lazy_parts, published_sheets
from initiatives.models import CollectivityKind, Enjeu
from initiatives.models.collectivity import parse_member_codes
from search import facets
from search.cache import cached_answer

from .models import Award, LabelEditionPage, Mention, Participation
from .models.awards import LEVELS

KIND_FILTERS = [
    (CollectivityKind.VILLAGE, _("Villages")),
    (CollectivityKind.VILLE, _("Villes")),
    (CollectivityKind.INTERCOMMUNALITE, _("Intercommunalités")),
]


def edition_participations(edition, *, preview=False):
    """The edition's dossiers a visitor may count: none before the ceremony, unless an
    editor previews them."""
    participations = Participation.objects.all() if preview else Participation.objects.public()
    return participations.filter(edition_id=edition.pk)


def edition_awards(edition, *, preview=False):
    awards = Award.objects.all() if preview else Award.objects.public()
    return awards.filter(participation__edition_id=edition.pk)


def figures(participations) -> dict:
    """Key figures of a set of dossiers (one edition): three queries."""
    totals = participations.aggregate(
        dossiers=Count("pk"),
        villages=Count("pk", filter=Q(collectivity__kind=CollectivityKind.VILLAGE)),
        villes=Count("pk", filter=Q(collectivity__kind=CollectivityKind.VILLE)),
        intercommunalites=Count(
            "pk", filter=Q(collectivity__kind=CollectivityKind.INTERCOMMUNALITE)
        ),
        # A collectivity has one dossier per edition: each population is counted once.
        inhabitants=Sum("collectivity__population"),
    )
    members = participations.filter(
        collectivity__kind=CollectivityKind.INTERCOMMUNALITE
    ).values_list("collectivity__members", flat=True)
    # Joined rather than ``IN (every public sheet)``: the subquery read all sheets.
    put_forward = Participation.sheets.through.objects.filter(
        participation__in=participations.values("pk"), actionsheetpage__live=True
    )
    for restricted_path in PageViewRestriction.objects.values_list("page__path", flat=True):
        put_forward = put_forward.exclude(actionsheetpage__path__startswith=restricted_path)
    sheets = put_forward.values("actionsheetpage_id").distinct().count()
    return {
        "dossiers": totals["dossiers"],
        "villages": totals["villages"],
        "villes": totals["villes"],
        "intercommunalites": totals["intercommunalites"],
        "communes_in_intercommunalites": sum(len(parse_member_codes(raw)) for raw in members),
        "sheets": sheets,
        "inhabitants": totals["inhabitants"] or 0,
    }


def award_statistics(awards) -> dict:
    """Awards per arobase level, distinctions and mentions: two queries."""
    totals = awards.aggregate(
        excellence=Count("pk", filter=Q(excellence=True)),
        **{f"level_{level}": Count("pk", filter=Q(arobases=level)) for level in LEVELS},
    )
    # Only the mentions given in these awards: one created for an edition still under
    # embargo must not show, even with 0, in the figures of an earlier one.
    mentions = (
        Mention.objects.annotate(
            award_count=Count("awards", filter=Q(awards__in=awards.values("pk")))
        )
        .filter(award_count__gt=0)
        .order_by("sort_order", "name")
    )
    return {
        "arobases": {level: totals[f"level_{level}"] for level in LEVELS},
        "excellence": totals["excellence"],
        "mentions": list(mentions),
    }


def edition_summary(edition) -> dict:
    """The public JSON of an edition (/api/labels/<year>/)."""
    statistics = award_statistics(edition_awards(edition))
    return {
        "year": edition.year,
        "edition": edition.number,
        "title": edition.title,
        "ceremony": timezone.localtime(edition.ceremony_at).isoformat(),
        "ceremony_place": edition.ceremony_place,
        "figures": figures(edition_participations(edition)),
        "arobases": {str(level): count for level, count in statistics["arobases"].items()},
        "excellence": statistics["excellence"],
        "mentions": {mention.slug: mention.award_count for mention in statistics["mentions"]},
    }


@dataclass
class Filters:
    arobases: int | None = None
    kind: str = ""
    region: str = ""
    mention: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        """Unknown or malformed values are ignored rather than answered with an error."""
        level = query.get("arobases", "")
        kind = query.get("type", "")
        region = query.get("region", "")
        return cls(
            arobases=int(level) if level in {str(value) for value in LEVELS} else None,
            kind=kind if kind in CollectivityKind.values else "",
            region=region if geography.region_name(region) else "",
            mention=query.get("mention", "")[:80],
        )

    @property
    def active(self) -> bool:
        return bool(self.arobases or self.kind or self.region or self.mention)

    def apply(self, awards):
        if self.arobases:
            awards = awards.filter(arobases=self.arobases)
        if self.kind:
            awards = awards.filter(participation__collectivity__kind=self.kind)
        if self.region:
            awards = awards.filter(participation__collectivity__region=self.region)
        if self.mention:
            awards = awards.filter(
                pk__in=Award.mentions.through.objects.filter(mention__slug=self.mention).values(
                    "award_id"
                )
            )
        return awards


def awarded_collectivities(awards, filters: Filters, base_url: str) -> list[dict]:
    """The filtered awards grouped by level, highest first, as plain rows read as values
    (two queries): the palmarès lists hundreds of them, and building page models for each
    collectivity took most of the page's time."""
    awards = (
        filters.apply(awards)
        .order_by("-arobases", "-excellence", "participation__collectivity__title")
        .values(
            "pk",
            "arobases",
            "excellence",
            "participation__collectivity__title",
            "participation__collectivity__slug",
            "participation__collectivity__kind",
            "participation__collectivity__departement",
        )
    )
    awards = list(awards)
    mentions: dict[int, list[str]] = {}
    for award_id, name in (
        Award.mentions.through.objects.filter(award_id__in=[award["pk"] for award in awards])
        .order_by("mention__sort_order", "mention__name")
        .values_list("award_id", "mention__name")
    ):
        mentions.setdefault(award_id, []).append(name)
    kinds = dict(CollectivityKind.choices)
    groups: list[dict] = []
    for award in awards:
        if not groups or groups[-1]["level"] != award["arobases"]:
            groups.append({"level": award["arobases"], "rows": []})
        departement = award["participation__collectivity__departement"]
        groups[-1]["rows"].append(
            {
                "title": award["participation__collectivity__title"],
                "url": f"{base_url}{award['participation__collectivity__slug']}/",
                "kind": kinds.get(award["participation__collectivity__kind"], ""),
                "place": geography.departement_name(departement) or departement,
                "departement": departement,
                "excellence": award["excellence"],
                "mentions": mentions.get(award["pk"], []),
            }
        )
    return groups


def agent_dossier_url(edition, request) -> str:
    """While applications are open, a signed-in agent is shown the way to their dossier."""
    user = getattr(request, "user", None)
    if edition.pk is None or user is None or not user.is_authenticated:
        return ""
    if not edition.campaign.is_open or not roles.agent_collectivities(user).exists():
        return ""
    return reverse("labels_dossier", args=[edition.year])


def edition_context(edition, request) -> dict:
    preview = edition.shows_embargoed_palmares(request)
    revealed = preview or (edition.pk is not None and edition.is_revealed())
    context = {
        "revealed": revealed,
        "embargo_preview": preview and edition.ceremony_at > timezone.now(),
        "jury_members": list(edition.jury_members.all()),
        "campaign": edition.campaign,
        "dossier_url": agent_dossier_url(edition, request),
        "palmares_key": None,  # set below for the public palmarès only: nothing else is kept
    }
    if not revealed:
        return context
    filters = Filters.from_query(request.GET)
    base_url = edition.get_url(request) if edition.pk else ""
    if preview:  # an editor's preview may show embargoed awards: never cached
        context.update(palmares_context(edition, filters, base_url, preview=True))
    else:
        # Read only if the template renders the palmarès: its part of the page is kept per
        # state of the data under the same key (``published_fragment``).
        key = palmares_key(edition, filters, base_url)
        context.update(
            lazy_parts(
                lambda: cached_answer(
                    key, lambda: palmares_context(edition, filters, base_url, preview=False)
                ),
                PALMARES_NAMES,
            )
        )
        context["palmares_key"] = key
    return context


# What palmares_context gives the template.
PALMARES_NAMES = (
    "figures",
    "levels",
    "awarded_total",
    "excellence",
    "mentions",
    "award_list",
    "listed",
    "map_counts",
    "filters",
    "level_choices",
    "kind_choices",
    "region_choices",
    "base_url",
)


def palmares_key(edition, filters: Filters, base_url: str) -> str:
    """The public palmarès of one edition, filtered, in one state of the data: awards,
    dossiers, sheets and collectivities all bump the search data version when they change."""
    ceremony = int(edition.ceremony_at.timestamp())
    digest = hashlib.sha256(f"{base_url}|{ceremony}|{filters}".encode()).hexdigest()[:32]
    return f"atlaas:palmares:{facets.version_token()}:{edition.pk}:{digest}"


def palmares_context(edition, filters: Filters, base_url: str, *, preview: bool) -> dict:
    """Figures, statistics and the rendered list of awards. The list is rendered here, as
    HTML kept with the figures: at thousands of awards its template took most of the page."""
    awards = edition_awards(edition, preview=preview)
    statistics = award_statistics(awards)
    regions = awards.values_list("participation__collectivity__region", flat=True).distinct()
    total = sum(statistics["arobases"].values())
    # Bars are drawn relative to the most frequent level, which fills the width.
    highest = max(statistics["arobases"].values())
    groups = awarded_collectivities(awards, filters, base_url)
    return {
        "figures": figures(edition_participations(edition, preview=preview)),
        "levels": [
            {
                "level": level,
                "count": statistics["arobases"][level],
                "share": round(100 * statistics["arobases"][level] / highest) if total else 0,
            }
            for level in reversed(LEVELS)
        ],
        "awarded_total": total,
        "excellence": statistics["excellence"],
        "mentions": statistics["mentions"],
        "award_list": render_to_string(
            "labels/includes/award_list.html", {"award_groups": groups, "filters": filters}
        ),
        "listed": sum(len(group["rows"]) for group in groups),
        # Where the awarded collectivities listed are, for the map of départements.
        "map_counts": dict(
            Counter(row["departement"] for group in groups for row in group["rows"])
        ),
        "filters": filters,
        "level_choices": list(reversed(LEVELS)),
        "kind_choices": KIND_FILTERS,
        "region_choices": sorted(
            ((code, geography.region_name(code)) for code in set(regions) if code),
            key=lambda item: item[1],
        ),
        "base_url": base_url,
    }


def award_context(edition, request, slug: str) -> dict | None:
    """The award page of one collectivity in an edition, or None (404): unknown, or still
    under embargo for this visitor."""
    preview = edition.shows_embargoed_palmares(request)
    award = (
        edition_awards(edition, preview=preview)
        .filter(participation__collectivity__slug=slug)
        .select_related("participation__collectivity")
        .prefetch_related("mentions")
        .first()
    )
    if award is None:
        return None
    collectivity = award.participation.collectivity
    return {
        "award": award,
        "collectivity": collectivity,
        "collectivity_url": collectivity.get_url(request) if collectivity.live else "",
        "mentions": list(award.mentions.all()),
        "embargo_preview": preview and edition.ceremony_at > timezone.now(),
        "levels": LEVELS,
        "award_sheets": award_sheets_html(edition, award, request, preview=preview),
    }


def award_sheets_html(edition, award, request, *, preview: bool) -> str:
    """The enjeux covered and the sheets put forward of an award page, rendered once per
    state of the data for a public award (the sheets, the référentiel and the award change
    the data version); under embargo, for the one user allowed to see it, never kept."""

    def render():
        return render_to_string(
            "labels/includes/award_sheets.html", award_sheets_context(edition, award), request
        )

    if preview:
        return render()
    return cached_html("award-sheets", (award.pk,), request, render)


def award_sheets_context(edition, award) -> dict:
    put_forward = Participation.sheets.through.objects.filter(
        participation_id=award.participation_id
    ).values("actionsheetpage_id")
    sheets = list(published_sheets().filter(pk__in=put_forward))
    enjeux = list(Enjeu.objects.select_related("category"))
    by_enjeu: dict[int, list] = {}
    for sheet in sheets:
        for enjeu_id in {service.enjeu_id for service in sheet.services.all()}:
            by_enjeu.setdefault(enjeu_id, []).append(sheet)
    counts = Counter({enjeu_id: len(group) for enjeu_id, group in by_enjeu.items()})
    mosaic, groups = [], []
    for enjeu in enjeux:
        mosaic.append({"enjeu": enjeu, "count": counts[enjeu.pk]})
        if enjeu.pk in by_enjeu:
            groups.append({"enjeu": enjeu, "sheets": by_enjeu[enjeu.pk]})
    return {
        "page": edition,
        "award": award,
        "sheets": sheets,
        "mosaic": _by_category(mosaic),
        "covered_enjeux": [cell["enjeu"] for cell in mosaic if cell["count"]],
        "enjeu_total": len(enjeux),
        "sheet_groups": groups,
    }


def _by_category(cells: list[dict]) -> list[dict]:
    rows: list[dict] = []
    for cell in cells:
        category = cell["enjeu"].category
        if not rows or rows[-1]["category"].pk != category.pk:
            rows.append({"category": category, "cells": []})
        rows[-1]["cells"].append(cell)
    return rows


def index_context(index_page, request) -> dict:
    """The editions, latest first, with their number of dossiers once the palmarès is public."""
    now = timezone.now()
    editions = list(LabelEditionPage.objects.child_of(index_page).live().public().order_by("-year"))
    dossiers = dict(
        Participation.objects.public(now)
        .values_list("edition_id")
        .annotate(count=Count("pk"))
        .values_list("edition_id", "count")
    )
    awarded = dict(
        Award.objects.public(now)
        .values_list("participation__edition_id")
        .annotate(count=Count("pk"))
        .values_list("participation__edition_id", "count")
    )
    return {
        "editions": [
            {
                "page": edition,
                "revealed": edition.ceremony_at <= now,
                "dossiers": dossiers.get(edition.pk, 0),
                "awarded": awarded.get(edition.pk, 0),
            }
            for edition in editions
        ]
    }


def collectivity_timeline(collectivity, request=None) -> list[dict]:
    """A collectivity's public awards, oldest edition first, each with its page's address."""
    awards = (
        Award.objects.public()
        .filter(participation__collectivity_id=collectivity.pk)
        .select_related("participation__edition")
        .prefetch_related(Prefetch("mentions", queryset=Mention.objects.all()))
        .order_by("participation__edition__year")
    )
    timeline = []
    for award in awards:
        edition = award.participation.edition
        timeline.append(
            {
                "award": award,
                "edition": edition,
                "url": edition.award_url(collectivity.slug, request),
            }
        )
    return timeline
