"""Writes the demo label to the database: the Label section, its editions, and for the demo's
collectivities their dossiers, sheets put forward and awards.

What exists is kept, what is missing is created, all in one transaction: a rerun changes
nothing. Dossiers, awards and their links go in with bulk inserts (15,275 sheet links at the
press-2023 scale); the few pages go through Wagtail's tree API and are published.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from wagtail.models import Page

from initiatives.models import ActionSheetPage, CollectivityPage
from initiatives.signals import pages_bulk_changed

from ..models import (
    Award,
    DossierStatus,
    JuryMember,
    LabelEditionPage,
    LabelIndexPage,
    Mention,
    Participation,
)
from .plan import EDITIONS, JURY, EditionPlan, Participant, plan_awards

BATCH_SIZE = 2000
INDEX_INTRODUCTION = (
    "<p>Depuis 1999, le label Territoires, Villes et Villages Internet distingue chaque année "
    "de une à cinq arobases les collectivités qui mettent le numérique au service de leurs "
    "habitants. Chaque dossier s'appuie sur les fiches actions publiées dans ATLAAS.</p>"
)


@dataclass
class LabelReport:
    editions_created: int = 0
    participations_created: int = 0
    awards_created: int = 0
    sheet_links_created: int = 0


@transaction.atomic
def seed_label(codes: list[str], *, seed: int) -> LabelReport:
    """Seeds the label for the collectivities with these official codes (all of them take
    part in the latest edition)."""
    report = LabelReport()
    collectivities = {c.code: c for c in CollectivityPage.objects.filter(code__in=codes)}
    editions = _ensure_editions(report)
    participants = _participants(collectivities)
    plans = plan_awards(participants, seed)

    existing = set(
        Participation.objects.filter(edition__in=editions.values()).values_list(
            "collectivity_id", "edition_id"
        )
    )
    new = [
        Participation(
            edition=editions[plan.year],
            collectivity=collectivities[plan.code],
            status=DossierStatus.DEPOSITED,
        )
        for plan in plans
        if (collectivities[plan.code].pk, editions[plan.year].pk) not in existing
    ]
    Participation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    report.participations_created = len(new)

    by_key = {
        (p.collectivity_id, p.edition_id): p
        for p in Participation.objects.filter(edition__in=editions.values())
    }
    participations = {
        (plan.year, plan.code): by_key[(collectivities[plan.code].pk, editions[plan.year].pk)]
        for plan in plans
    }
    report.awards_created = _ensure_awards(plans, participations)
    report.sheet_links_created = _ensure_sheet_links(plans, participations)

    # Bulk inserts send no signal: tell search that label data changed.
    for model in (Participation, Award):
        pages_bulk_changed.send(sender=model, model=model, pks=[])
    return report


def _participants(collectivities: dict[str, CollectivityPage]) -> list[Participant]:
    """Each collectivity with its number of published sheets and its strongest enjeu."""
    sheets = dict(
        ActionSheetPage.objects.live()
        .filter(collectivity__in=collectivities.values())
        .values_list("collectivity_id")
        .annotate(count=Count("pk"))
        .values_list("collectivity_id", "count")
    )
    strongest: dict[int, Counter] = defaultdict(Counter)
    names = {}
    rows = (
        ActionSheetPage.services.through.objects.filter(
            actionsheetpage__live=True,
            actionsheetpage__collectivity__in=collectivities.values(),
        )
        .values_list(
            "actionsheetpage__collectivity_id", "service__enjeu__slug", "service__enjeu__name"
        )
        .annotate(count=Count("pk"))
    )
    for collectivity_id, slug, name, count in rows:
        strongest[collectivity_id][slug] += count
        names[slug] = name
    participants = []
    for code in sorted(collectivities):
        collectivity = collectivities[code]
        ranked = sorted(strongest[collectivity.pk].items(), key=lambda item: (-item[1], item[0]))
        top = ranked[0][0] if ranked else ""
        participants.append(
            Participant(code, sheets.get(collectivity.pk, 0), top, names.get(top, ""))
        )
    return participants


def _ensure_editions(report: LabelReport) -> dict[int, LabelEditionPage]:
    index = LabelIndexPage.objects.first()
    if index is None:
        (home_model,) = LabelIndexPage.allowed_parent_page_models()
        home = home_model.objects.first()
        index = LabelIndexPage(title="Le label", slug="label", introduction=INDEX_INTRODUCTION)
        home.add_child(instance=index)
        index.save_revision().publish()
    found = {edition.year: edition for edition in LabelEditionPage.objects.all()}
    for plan in EDITIONS:
        if plan.year not in found:
            found[plan.year] = _create_edition(index, plan)
            report.editions_created += 1
    return {plan.year: found[plan.year] for plan in EDITIONS}


def _create_edition(index: Page, plan: EditionPlan) -> LabelEditionPage:
    page = LabelEditionPage(
        title=plan.title,
        slug=str(plan.year),
        year=plan.year,
        number=plan.number,
        applications_open=plan.applications_open,
        applications_close=plan.applications_close,
        jury_date=plan.jury_date,
        ceremony_at=plan.ceremony_at,
        ceremony_place=plan.ceremony_place,
        introduction=(
            f"<p>La {plan.number}e édition du label a réuni des villages, des villes et des "
            "intercommunalités de toute la France. Voici son palmarès, calculé à partir des "
            "dossiers et des fiches actions présentées au jury.</p>"
        ),
    )
    page.jury_members = [JuryMember(name=name, role=role) for name, role in JURY]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _ensure_awards(plans, participations) -> int:
    with_award = set(Award.objects.values_list("participation_id", flat=True))
    new = [
        Award(
            participation=participations[(plan.year, plan.code)],
            arobases=plan.arobases,
            excellence=plan.excellence,
            jury_comment=plan.jury_comment,
        )
        for plan in plans
        if participations[(plan.year, plan.code)].pk not in with_award
    ]
    Award.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if not new:
        return 0
    mentions = dict(Mention.objects.values_list("slug", "pk"))
    award_ids = dict(
        Award.objects.filter(participation__in=[award.participation for award in new]).values_list(
            "participation_id", "pk"
        )
    )
    links = [
        Award.mentions.through(
            award_id=award_ids[participations[(plan.year, plan.code)].pk], mention_id=mentions[slug]
        )
        for plan in plans
        if participations[(plan.year, plan.code)].pk in award_ids
        for slug in plan.mentions
        if slug in mentions
    ]
    Award.mentions.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return len(new)


def _ensure_sheet_links(plans, participations) -> int:
    """Puts forward the sheets the plan gives each dossier, adding only the missing links."""
    through = Participation.sheets.through
    ids = [participation.pk for participation in participations.values()]
    existing = set(
        through.objects.filter(participation_id__in=ids).values_list(
            "participation_id", "actionsheetpage_id"
        )
    )
    sheets = defaultdict(list)
    for collectivity_id, sheet_id, date in (
        ActionSheetPage.objects.live()
        .filter(collectivity_id__in={p.collectivity_id for p in participations.values()})
        .values_list("collectivity_id", "pk", "date")
    ):
        sheets[collectivity_id].append((sheet_id, date))
    by_year = {plan.year: plan for plan in EDITIONS}
    rows = []
    for plan in plans:
        participation = participations[(plan.year, plan.code)]
        edition = by_year[plan.year]
        for sheet_id, date in sheets[participation.collectivity_id]:
            if not edition.all_sheets and date > edition.applications_close:
                continue
            # No jury saw an action dated after it met.
            if date > edition.jury_date:
                continue
            if (participation.pk, sheet_id) not in existing:
                rows.append(through(participation_id=participation.pk, actionsheetpage_id=sheet_id))
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
