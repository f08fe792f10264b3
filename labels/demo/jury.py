"""The demo's edition in deliberation: the next label, its applications closed three weeks
ago, its jury (16 demo people, clearly fictional) meeting today, their proposals on the
deposited dossiers, the ceremony six weeks ahead.

Dates are relative to the day of the first seeding (an edition "in deliberation" must be,
whenever the demo is built); what exists is kept, so a rerun changes nothing.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from initiatives.models import ActionSheetPage, CollectivityPage

from ..jury.roles import attach_juror
from ..models import (
    Award,
    DossierStatus,
    Juror,
    JuryProposal,
    LabelEditionPage,
    LabelIndexPage,
    Participation,
)
from ..models.awards import LEVELS
from .plan import EDITIONS, PARIS

# Fictional people: the surnames say so. The first presides.
JURORS = (
    ("Ada", "Exemple"),
    ("Basile", "Fictif"),
    ("Capucine", "Imaginaire"),
    ("Désiré", "Démo"),
    ("Eulalie", "Exemple"),
    ("Fulbert", "Fictif"),
    ("Gaëlle", "Imaginaire"),
    ("Hector", "Démo"),
    ("Inès", "Exemple"),
    ("Jules", "Fictif"),
    ("Karima", "Imaginaire"),
    ("Lucien", "Démo"),
    ("Maëlys", "Exemple"),
    ("Nestor", "Fictif"),
    ("Odile", "Imaginaire"),
    ("Prosper", "Démo"),
)
JUROR_DOMAIN = "jury.demo.example"
PRESIDENT_INDEX = 0
# The juror whose account `create_demo_accounts` prints: they have dossiers left to study.
DEMO_JUROR_INDEX = 1
DEMO_JUROR_PENDING = 3
MAX_DOSSIERS = 30
MAX_SHEETS_PER_DOSSIER = 15
COMMENTS = (
    "Dossier solide, des actions bien documentées.",
    "Beaucoup de fiches, mais peu de résultats mesurés.",
    "La médiation numérique est exemplaire pour une collectivité de cette taille.",
    "Il manque une vision d'ensemble ; les actions restent isolées.",
    "Les habitants sont associés à chaque étape : à saluer.",
    "Progression nette depuis la dernière édition.",
)


def juror_email(first: str, last: str) -> str:
    ascii_name = f"{first}.{last}".lower()
    for accented, plain in (("é", "e"), ("ë", "e"), ("è", "e")):
        ascii_name = ascii_name.replace(accented, plain)
    return f"{ascii_name}@{JUROR_DOMAIN}"


@dataclass
class JuryReport:
    edition_created: bool = False
    dossiers_created: int = 0
    proposals_created: int = 0


def deliberation_year(today: datetime.date) -> int:
    """The next label: its ceremony comes early next year."""
    return today.year + 1


@transaction.atomic
def seed_jury(codes: list[str], *, seed: int) -> JuryReport:
    report = JuryReport()
    _mark_history_notified()
    today = timezone.localdate()
    year = deliberation_year(today)
    edition = LabelEditionPage.objects.filter(year=year).first()
    if edition is None:
        edition = _create_edition(year, today)
        report.edition_created = True
    seats = _ensure_jurors(edition)
    dossiers = _ensure_dossiers(edition, codes, seed, report)
    report.proposals_created = _ensure_proposals(edition, seats, dossiers, seed)
    return report


def _mark_history_notified() -> None:
    """The demo's past editions were announced long ago: ``notify_laureates`` must not
    e-mail their laureates now."""
    for plan in EDITIONS:
        Award.objects.filter(
            participation__edition__year=plan.year, laureate_notified_at__isnull=True
        ).update(laureate_notified_at=plan.ceremony_at)


def _create_edition(year: int, today: datetime.date) -> LabelEditionPage:
    index = LabelIndexPage.objects.get()
    ceremony_day = today + datetime.timedelta(days=45)
    page = LabelEditionPage(
        title=f"Label {year}",
        slug=str(year),
        year=year,
        number=year - 1999,
        applications_open=today - datetime.timedelta(days=150),
        applications_close=today - datetime.timedelta(days=21),
        jury_date=today,
        ceremony_at=datetime.datetime.combine(ceremony_day, datetime.time(14, 30), tzinfo=PARIS),
        ceremony_place="Lyon",
        excellence_five_labels_required=2,
        introduction=(
            f"<p>La {year - 1999}e édition du label : le jury délibère, le palmarès sera "
            "dévoilé à la cérémonie.</p>"
        ),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _ensure_jurors(edition) -> list[Juror]:
    seats = []
    for number, (first, last) in enumerate(JURORS):
        seat, _created = attach_juror(
            juror_email(first, last), edition, president=number == PRESIDENT_INDEX
        )
        user = seat.user
        if (user.first_name, user.last_name) != (first, last):
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
        seats.append(seat)
    return seats


def _ensure_dossiers(edition, codes, seed, report) -> list[Participation]:
    rng = random.Random(f"{seed}:jury:dossiers")  # noqa: S311 (reproducible demo data)
    chosen = sorted(codes)
    rng.shuffle(chosen)
    chosen = sorted(chosen[:MAX_DOSSIERS])
    collectivities = CollectivityPage.objects.filter(code__in=chosen).order_by("code")
    existing = set(
        Participation.objects.filter(edition=edition).values_list("collectivity_id", flat=True)
    )
    deposited = timezone.now() - datetime.timedelta(days=25)
    for collectivity in collectivities:
        if collectivity.pk in existing:
            continue
        sheets = list(
            ActionSheetPage.objects.live()
            .filter(collectivity=collectivity, date__lte=edition.applications_close)
            .order_by("-date", "pk")[:MAX_SHEETS_PER_DOSSIER]
        )
        participation = Participation(
            edition=edition,
            collectivity=collectivity,
            status=DossierStatus.DEPOSITED,
            deposited_at=deposited,
        )
        participation.sheets = sheets
        participation.save()
        report.dossiers_created += 1
    return list(
        Participation.objects.filter(edition=edition, status=DossierStatus.DEPOSITED)
        .select_related("collectivity")
        .order_by("collectivity__code")
    )


def _earlier_fives(edition) -> dict[int, int]:
    counts: dict[int, int] = {}
    for collectivity_id in Award.objects.filter(
        arobases=LEVELS[-1], participation__edition__year__lt=edition.year
    ).values_list("participation__collectivity_id", flat=True):
        counts[collectivity_id] = counts.get(collectivity_id, 0) + 1
    return counts


def _ensure_proposals(edition, seats, dossiers, seed) -> int:
    """Every juror proposes on every dossier, around a level of its own, except the demo
    juror who has a few dossiers left (to try it). Some dossiers are disputed."""
    if JuryProposal.objects.filter(participation__edition=edition).exists():
        return 0
    fives = _earlier_fives(edition)
    pending = {dossier.pk for dossier in dossiers[-DEMO_JUROR_PENDING:]}
    rows = []
    for dossier in dossiers:
        rng = random.Random(f"{seed}:jury:{dossier.collectivity.code}")  # noqa: S311
        level = rng.choice((2, 3, 3, 4, 4, 5))
        disputed = rng.random() < 0.25
        qualifies = fives.get(dossier.collectivity_id, 0) >= edition.excellence_five_labels_required
        for number, seat in enumerate(seats):
            if number == DEMO_JUROR_INDEX and dossier.pk in pending:
                continue
            spread = rng.choice((-2, -1, 0, 1, 2)) if disputed else rng.choice((-1, 0, 0, 0, 1))
            proposed = min(LEVELS[-1], max(LEVELS[0], level + spread))
            rows.append(
                JuryProposal(
                    participation=dossier,
                    juror=seat,
                    arobases=proposed,
                    excellence=qualifies and proposed == LEVELS[-1] and rng.random() < 0.5,
                    private_comment=rng.choice(COMMENTS) if rng.random() < 0.3 else "",
                )
            )
    JuryProposal.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
