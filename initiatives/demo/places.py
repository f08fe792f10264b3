"""Which real collectivities the demo shows, and how many sheets each of them publishes.

Places come from the code officiel géographique (``initiatives.geography``) with their real
codes, names, populations and members. The ``press-2023`` scale reproduces the figures the
2023 label announced to the press; other scales keep its proportions.
"""

import bisect
from dataclasses import dataclass

from initiatives import geography
from initiatives.geography import Place

# A labelled "ville" is rarely one of the very largest cities; they would also swallow the
# population budget of the press figures on their own.
MAX_VILLE_POPULATION = 300_000
MIN_VILLAGE_POPULATION = 200
EPCI_TYPES = ("CC", "CA")
EPCI_MEMBERS = (3, 60)
# Bigger towns publish more, less than proportionally: a city of 300,000 writes about twenty
# times what a village of 2,000 writes, not 150 times.
SIZE_EXPONENT = 0.6


class PlanError(ValueError):
    """A size the demo cannot honour; the message is French and says why."""


@dataclass(frozen=True)
class Scale:
    name: str
    villages: int
    villes: int
    intercommunalites: int
    sheets: int  # published sheets; drafts come on top
    draft_share: float = 0.05
    member_total: int | None = None  # exact sum of the intercommunalités' member communes
    population: tuple[int, int] | None = None  # bounds of the collectivities' summed population

    @property
    def collectivities(self) -> int:
        return self.villages + self.villes + self.intercommunalites

    @property
    def drafts(self) -> int:
        return round(self.sheets * self.draft_share)


DEFAULT = Scale("demo", villages=9, villes=28, intercommunalites=3, sheets=400)
PRESS_2023 = Scale(
    "press-2023",
    villages=60,
    villes=184,
    intercommunalites=13,
    sheets=15_275,
    member_total=273,
    population=(4_950_000, 5_050_000),
)
SCALES = {scale.name: scale for scale in (DEFAULT, PRESS_2023)}


@dataclass(frozen=True)
class PlannedCollectivity:
    place: Place
    published: int
    drafts: int


def custom_scale(sheets: int, collectivities: int) -> Scale:
    """A scale of any size, with the press figures' mix of villages, villes and EPCIs."""
    if collectivities < 1 or sheets < 1:
        raise PlanError("Il faut au moins une collectivité et une fiche.")
    if sheets < collectivities:
        raise PlanError(
            f"{sheets} fiches ne suffisent pas pour {collectivities} collectivités : chaque "
            "collectivité publie au moins une fiche."
        )
    villes_pool, villages_pool, epci_pool = _pools()
    epcis = min(round(collectivities * 13 / 257), len(epci_pool))
    villes = min(round(collectivities * 184 / 257), len(villes_pool))
    villages = collectivities - epcis - villes
    if villages > len(villages_pool):
        largest = len(villes_pool) + len(villages_pool) + len(epci_pool)
        raise PlanError(
            f"Le code officiel géographique ne compte pas assez de collectivités pour en "
            f"choisir {collectivities} (au plus {largest})."
        )
    return Scale("custom", villages, villes, epcis, sheets)


def plan(scale: Scale, rng) -> list[PlannedCollectivity]:
    """The collectivities to create, largest first, with their share of the sheets."""
    villes_pool, villages_pool, epci_pool = _pools()
    rng.shuffle(epci_pool)
    if scale.member_total is None:
        epcis = epci_pool[: scale.intercommunalites]
    else:
        epcis = _subset_with_total(epci_pool, scale.intercommunalites, scale.member_total)
    villages = rng.sample(villages_pool, scale.villages)
    villes = _weighted_sample(rng, villes_pool, scale.villes)
    if scale.population:
        low, high = scale.population
        others = sum(p.population for p in villages + epcis)
        villes = _adjust_population(rng, villes, villes_pool, (low - others, high - others))
    places = sorted(villes + villages + epcis, key=lambda p: (-p.population, p.code))

    weights = [max(p.population, 50) ** SIZE_EXPONENT * rng.lognormvariate(0, 0.5) for p in places]
    published = share_out(scale.sheets, weights, minimum=1)
    drafts = share_out(scale.drafts, weights, minimum=0)
    return [
        PlannedCollectivity(place, count, draft)
        for place, count, draft in zip(places, published, drafts, strict=True)
    ]


def share_out(total: int, weights: list[float], minimum: int) -> list[int]:
    """Splits ``total`` in proportion to ``weights`` (largest remainders), ``minimum`` each."""
    rest = total - minimum * len(weights)
    scale = rest / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: rest - sum(counts)]:
        counts[i] += 1
    return [minimum + count for count in counts]


def _pools() -> tuple[list[Place], list[Place], list[Place]]:
    communes = geography.communes()
    villes, villages = [], []
    for place in sorted(communes.values(), key=lambda p: p.code):
        if not _in_a_region(place):
            continue
        if geography.VILLAGE_MAX_POPULATION <= place.population <= MAX_VILLE_POPULATION:
            villes.append(place)
        elif MIN_VILLAGE_POPULATION <= place.population < geography.VILLAGE_MAX_POPULATION:
            villages.append(place)
    low, high = EPCI_MEMBERS
    epcis = [
        place
        for place in sorted(geography.intercommunalites().values(), key=lambda p: p.code)
        if place.epci_type in EPCI_TYPES
        and low <= len(place.members) <= high
        and place.population > 0
        and _in_a_region(place)
        and all(code in communes for code in place.members)
    ]
    return villes, villages, epcis


def _in_a_region(place: Place) -> bool:
    # Overseas collectivities outside any région (Saint-Pierre-et-Miquelon, Polynésie...)
    # carry a three-character code where the collectivity's région takes an INSEE région.
    return len(place.region) == 2 and bool(geography.region_name(place.region))


def _weighted_sample(rng, pool: list[Place], count: int) -> list[Place]:
    """Larger towns more likely (weight √population), without replacement (Efraimidis)."""
    keys = [(rng.random() ** (1 / place.population**0.5), i) for i, place in enumerate(pool)]
    return [pool[i] for _key, i in sorted(keys, reverse=True)[:count]]


def _subset_with_total(pool: list[Place], count: int, total: int) -> list[Place]:
    """The first ``count`` places of ``pool`` (in its order) whose members sum to ``total``."""
    sizes = [len(place.members) for place in pool]
    smallest, largest = min(sizes), max(sizes)
    chosen: list[int] = []

    def search(start: int, left: int, remaining: int) -> bool:
        if left == 0:
            return remaining == 0
        for i in range(start, len(pool)):
            after = remaining - sizes[i]
            if not (left - 1) * smallest <= after <= (left - 1) * largest:
                continue
            chosen.append(i)
            if search(i + 1, left - 1, after):
                return True
            chosen.pop()
        return False

    if not search(0, count, total):
        raise PlanError(
            f"Aucun ensemble de {count} intercommunalités ne compte exactement {total} communes."
        )
    return [pool[i] for i in chosen]


def _adjust_population(rng, chosen: list[Place], pool: list[Place], bounds) -> list[Place]:
    """Swaps towns for others until the chosen ones' population falls within ``bounds``."""
    low, high = bounds
    target = (low + high) // 2
    chosen = list(chosen)
    taken = {place.code for place in chosen}
    spare = sorted((p.population, p.code, p) for p in pool if p.code not in taken)
    spare_keys = [(population, code) for population, code, _place in spare]
    total = sum(place.population for place in chosen)
    for _attempt in range(10_000):
        if low <= total <= high and abs(total - target) < (high - low) // 10:
            return chosen
        index = rng.randrange(len(chosen))
        outgoing = chosen[index]
        wanted = outgoing.population + target - total
        position = bisect.bisect_left(spare_keys, (wanted, ""))
        candidates = [i for i in (position - 1, position) if 0 <= i < len(spare)]
        best = min(candidates, key=lambda i: abs(spare[i][0] - wanted), default=None)
        if best is None:
            continue
        incoming = spare[best][2]
        if abs(total - outgoing.population + incoming.population - target) >= abs(total - target):
            continue
        del spare[best], spare_keys[best]
        entry = (outgoing.population, outgoing.code, outgoing)
        at = bisect.bisect_left(spare_keys, entry[:2])
        spare.insert(at, entry)
        spare_keys.insert(at, entry[:2])
        chosen[index] = incoming
        total += incoming.population - outgoing.population
    if not low <= total <= high:
        raise PlanError("Impossible d'atteindre la population demandée avec ces villes.")
    return chosen
