"""The demo label, decided without the database: editions, who took part, who got what.

Every collectivity of the demo takes part in the 2023 edition (the press figures: 257
dossiers); fewer took part in earlier ones, at levels that rise over the years. The same
seed always gives the same palmarès.
"""

import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

# Share of each level in the latest edition, highest first: more 3@ and 4@ than 1@ or 5@.
LEVEL_SHARES = ((5, 0.12), (4, 0.31), (3, 0.34), (2, 0.16), (1, 0.07))
EXCELLENCE_SHARE = 0.3  # of the 5@
MENTION_CHANCE = 0.16
COMMENT_CHANCE = 0.35

# The mention the jury gives for a collectivity's strongest enjeu, when there is one.
MENTION_FOR_ENJEU = {
    "democratie-locale": "democratie-locale",
    "mediation": "mediation-numerique",
    "education": "numerique-educatif",
    "transition-ecologique": "arobase-verte",
    "solidarites": "inclusion-numerique",
    "cohesion-sociale": "inclusion-numerique",
    "services-publics": "donnees-publiques",
    "culture-et-patrimoine": "culture-et-patrimoine",
    "cooperation": "cooperation-territoriale",
}


@dataclass(frozen=True)
class EditionPlan:
    year: int
    number: int
    applications_open: datetime.date
    applications_close: datetime.date
    jury_date: datetime.date
    ceremony_at: datetime.datetime
    ceremony_place: str
    share: float  # of the demo's collectivities taking part
    # True: every published sheet is put forward (the 2023 press figures count them all);
    # False: the sheets dated up to the close of applications.
    all_sheets: bool = False

    @property
    def title(self) -> str:
        return f"Label {self.year}"


def _ceremony(year, month, day, hour, minute) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


EDITIONS = (
    EditionPlan(
        2020,
        21,
        datetime.date(2019, 6, 3),
        datetime.date(2019, 10, 31),
        datetime.date(2019, 12, 5),
        _ceremony(2020, 2, 4, 14, 30),
        "Paris",
        share=0.45,
    ),
    EditionPlan(
        2021,
        22,
        datetime.date(2020, 6, 2),
        datetime.date(2020, 11, 6),
        datetime.date(2020, 12, 10),
        _ceremony(2021, 2, 9, 10, 0),
        "en ligne",
        share=0.55,
    ),
    EditionPlan(
        2022,
        23,
        datetime.date(2021, 6, 1),
        datetime.date(2021, 10, 29),
        datetime.date(2021, 12, 9),
        _ceremony(2022, 2, 3, 14, 30),
        "Paris",
        share=0.7,
    ),
    EditionPlan(
        2023,
        24,
        datetime.date(2022, 6, 1),
        datetime.date(2022, 10, 28),
        datetime.date(2022, 12, 8),
        _ceremony(2023, 2, 2, 14, 30),
        "Albi",
        share=1.0,
        all_sheets=True,
    ),
)
LATEST = EDITIONS[-1]

JURY = (
    ("Camille Martin", "Présidente du jury, Villes Internet"),
    ("Olivier Dubois", "Maire d'une commune labellisée 5 @"),
    ("Nadia Benali", "Chercheuse en sciences de l'information"),
    ("Laurent Fournier", "Directeur des systèmes d'information d'une métropole"),
    ("Sophie Le Gall", "Médiatrice numérique"),
    ("Yannick Moreau", "Journaliste spécialisé dans les territoires"),
)

COMMENTS = (
    "Une politique numérique cohérente, portée par {sheets} fiches actions et une attention "
    "constante aux habitants les plus éloignés du numérique.",
    "Le jury salue la continuité des actions et la qualité des retours d'expérience "
    "partagés, en particulier en matière de {enjeu}.",
    "Des projets concrets, bien documentés, qui montrent qu'une petite équipe peut beaucoup "
    "quand les élus s'engagent.",
    "Une démarche exemplaire : les usagers sont associés à chaque étape, et les résultats "
    "sont mesurés.",
    "Le jury encourage la collectivité à poursuivre sur la voie engagée, notamment en "
    "matière de {enjeu}.",
)


@dataclass(frozen=True)
class Participant:
    """What the plan needs to know of a demo collectivity."""

    code: str
    sheets: int  # published sheets
    top_enjeu: str = ""  # slug of the enjeu most of its sheets serve
    top_enjeu_name: str = ""


@dataclass(frozen=True)
class AwardPlan:
    year: int
    code: str
    arobases: int
    excellence: bool = False
    mentions: tuple[str, ...] = field(default_factory=tuple)
    jury_comment: str = ""


def _rng(key) -> random.Random:
    # Reproducible demo data wants a seeded generator; nothing here is secret.
    return random.Random(key)  # noqa: S311


def latest_levels(participants: list[Participant], seed: int) -> dict[str, int]:
    """Levels in the latest edition: shares by rank of a score that favours the collectivities
    that publish most, with enough chance that a small village can reach 5 @."""
    scores = []
    for participant in participants:
        rng = _rng(f"{seed}:label-score:{participant.code}")
        scores.append(
            (max(participant.sheets, 1) ** 0.35 * rng.lognormvariate(0, 0.6), participant)
        )
    ranked = [p for _score, p in sorted(scores, key=lambda item: (-item[0], item[1].code))]
    levels, start = {}, 0
    for rank, (level, share) in enumerate(LEVEL_SHARES):
        end = len(ranked) if rank == len(LEVEL_SHARES) - 1 else start + round(share * len(ranked))
        for participant in ranked[start:end]:
            levels[participant.code] = level
        start = end
    return levels


def plan_awards(participants: list[Participant], seed: int) -> list[AwardPlan]:
    """Every edition's awards, oldest edition first."""
    latest = latest_levels(participants, seed)
    fives = sorted(
        (p for p in participants if latest[p.code] == 5),
        key=lambda p: (-p.sheets, p.code),
    )
    excellent = {p.code for p in fives[: max(1, round(len(fives) * EXCELLENCE_SHARE))]}
    plans = []
    for participant in participants:
        rng = _rng(f"{seed}:label:{participant.code}")
        level = latest[participant.code]
        for edition in reversed(EDITIONS):
            if edition is not LATEST:
                # Levels rise over the years: one step back now and then, never below 1.
                level = max(1, level - (rng.random() < 0.35))
            takes_part = edition is LATEST or rng.random() < edition.share
            if not takes_part:
                continue
            mention = MENTION_FOR_ENJEU.get(participant.top_enjeu)
            mentions = (mention,) if mention and rng.random() < MENTION_CHANCE else ()
            comment = ""
            if level == 5 or rng.random() < COMMENT_CHANCE:
                comment = rng.choice(COMMENTS).format(
                    sheets=participant.sheets,
                    enjeu=(participant.top_enjeu_name or "services publics").lower(),
                )
            plans.append(
                AwardPlan(
                    year=edition.year,
                    code=participant.code,
                    arobases=level,
                    excellence=(
                        level == 5
                        and participant.code in excellent
                        and (edition is LATEST or rng.random() < 0.5)
                    ),
                    mentions=mentions,
                    jury_comment=comment,
                )
            )
    return sorted(plans, key=lambda plan: (plan.year, plan.code))
