"""The jury's calendar and the deliberation: what jurors study, what their proposals add up
to, and the president's decisions, which become the edition's awards."""

import statistics
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from initiatives.models import CollectivityKind

from ..decision_freeze import ensure_may_change
from ..models import Award, DeliberationReopening, Juror, JuryProposal, Participation
from ..models.awards import LEVELS, SUBMITTED_STATUSES


def jury_is_open(edition, today=None) -> bool:
    """Jurors study the dossiers from the day after the applications close: until the end
    of the closing day the agents may still amend them."""
    return (today or timezone.localdate()) > edition.applications_close


def may_close(edition, today=None) -> bool:
    """The president closes the deliberation once the jury has met (its date has come)."""
    today = today or timezone.localdate()
    if edition.jury_date is None:
        return jury_is_open(edition, today)
    return today >= edition.jury_date


def is_closed(edition) -> bool:
    return edition.deliberation_closed_at is not None


def submitted_dossiers(edition):
    """The dossiers the jury studies: deposited, whatever an editor later noted."""
    return Participation.objects.filter(edition_id=edition.pk, status__in=SUBMITTED_STATUSES)


def dossier_by_code(edition, code: str) -> Participation | None:
    return (
        submitted_dossiers(edition)
        .filter(collectivity__code=code)
        .select_related("collectivity", "edition")
        .first()
    )


def earlier_five_labels(collectivity, edition) -> int:
    """How many times the collectivity was labelled 5 @ in the editions before this one."""
    return Award.objects.filter(
        participation__collectivity_id=collectivity.pk,
        participation__edition__year__lt=edition.year,
        arobases=LEVELS[-1],
    ).count()


def qualifies_for_excellence(collectivity, edition) -> bool:
    return earlier_five_labels(collectivity, edition) >= edition.excellence_five_labels_required


def badge_kind_label(kind: str) -> str:
    """« Ville Internet », « Village Internet » or « Territoire Internet »: the label's name
    for each kind of collectivity (not translated: it is the label's brand)."""
    return {
        CollectivityKind.VILLAGE: "Village Internet",
        CollectivityKind.INTERCOMMUNALITE: "Territoire Internet",
    }.get(kind, "Ville Internet")


@dataclass
class DossierRow:
    """One line of the deliberation table."""

    participation: Participation
    levels: list[int] = field(default_factory=list)
    excellence_votes: int = 0
    award: Award | None = None

    @property
    def count(self) -> int:
        return len(self.levels)

    @property
    def median(self):
        return statistics.median(self.levels) if self.levels else None

    @property
    def low(self):
        return min(self.levels) if self.levels else None

    @property
    def high(self):
        return max(self.levels) if self.levels else None

    @property
    def spread(self) -> int:
        return (self.high - self.low) if self.levels else 0

    @property
    def deviation(self) -> float:
        return statistics.pstdev(self.levels) if len(self.levels) > 1 else 0.0


def deliberation_rows(edition) -> list[DossierRow]:
    """Every submitted dossier with its proposals, the most disputed first (widest range,
    then the most scattered), in three queries whatever the number of dossiers."""
    dossiers = list(
        submitted_dossiers(edition)
        .select_related("collectivity")
        .prefetch_related("awards")
        .order_by("collectivity__title")
    )
    rows = {dossier.pk: DossierRow(dossier, award=dossier.award) for dossier in dossiers}
    for participation_id, level, excellence in JuryProposal.objects.filter(
        participation_id__in=rows
    ).values_list("participation_id", "arobases", "excellence"):
        rows[participation_id].levels.append(level)
        rows[participation_id].excellence_votes += excellence
    return sorted(
        rows.values(),
        key=lambda row: (-row.spread, -row.deviation, row.participation.collectivity.title),
    )


def progress(edition) -> dict:
    """How far the jury has gone: dossiers, proposals, decisions."""
    dossiers = submitted_dossiers(edition)
    return {
        "dossiers": dossiers.count(),
        "jurors": Juror.objects.filter(edition_id=edition.pk).count(),
        "proposals": JuryProposal.objects.filter(participation__in=dossiers).count(),
        "decided": Award.objects.filter(participation__in=dossiers).count(),
    }


def proposals_for(participation):
    return (
        JuryProposal.objects.filter(participation=participation)
        .select_related("juror__user")
        .prefetch_related("mentions")
        .order_by("juror__user__last_name", "juror__user__username")
    )


def juror_progress(seat) -> dict[int, JuryProposal]:
    """The seat's own proposals, by dossier id."""
    return {
        proposal.participation_id: proposal for proposal in JuryProposal.objects.filter(juror=seat)
    }


@transaction.atomic
def record_decision(participation, *, arobases, excellence, mentions, jury_comment) -> Award:
    ensure_may_change(participation.edition)  # the views say it first, in their own words
    award = participation.award or Award(participation=participation)
    award.arobases = arobases
    award.excellence = excellence
    award.jury_comment = jury_comment
    award.mentions = list(mentions)
    award.save()
    return award


def close_deliberation(edition) -> None:
    edition.deliberation_closed_at = timezone.now()
    # Not a new revision of the page: a fact of the jury, not an edit of its text.
    type(edition).objects.filter(pk=edition.pk).update(
        deliberation_closed_at=edition.deliberation_closed_at
    )


@transaction.atomic
def reopen_deliberation(edition, user, reason: str) -> DeliberationReopening:
    record = DeliberationReopening.objects.create(
        edition=edition, user=user, reason=reason, closed_at=edition.deliberation_closed_at
    )
    edition.deliberation_closed_at = None
    type(edition).objects.filter(pk=edition.pk).update(deliberation_closed_at=None)
    return record


def undecided(edition):
    return submitted_dossiers(edition).filter(~Q(pk__in=Award.objects.values("participation_id")))


def excellence_counts(edition) -> dict[int, int]:
    """Earlier 5 @ labels of each collectivity with a submitted dossier (one query)."""
    return dict(
        Award.objects.filter(
            arobases=LEVELS[-1],
            participation__edition__year__lt=edition.year,
            participation__collectivity__in=submitted_dossiers(edition).values("collectivity"),
        )
        .values_list("participation__collectivity_id")
        .annotate(count=Count("pk"))
        .values_list("participation__collectivity_id", "count")
    )
