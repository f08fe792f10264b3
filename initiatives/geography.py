"""The code officiel géographique (INSEE, via Etalab): communes, EPCI, départements, régions.

Loaded once per process from the CSV files shipped in ``initiatives/data/geo``. Collectivities
keep their own stored values; this data only validates codes and pre-fills fields.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent / "data" / "geo"

COMMUNE_CODE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
SIREN_RE = re.compile(r"^\d{9}$")

# Under this population a commune is proposed as a "village" rather than a "ville".
VILLAGE_MAX_POPULATION = 3500


@dataclass(frozen=True)
class Place:
    """A commune or an intercommunalité as the COG describes it."""

    code: str
    name: str
    kind: str  # "village", "ville" or "intercommunalite"
    population: int
    departement: str
    region: str
    members: tuple[str, ...] = ()
    epci_type: str = ""


def normalize_code(raw) -> str:
    """'2a004 ' -> '2A004', '35 288' -> '35288', 200 000 172 -> '200000172'."""
    return re.sub(r"\s+", "", str(raw or "")).upper()


def commune_kind(population: int) -> str:
    return "village" if population < VILLAGE_MAX_POPULATION else "ville"


def _read(name: str) -> list[dict]:
    with open(GEO_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def communes() -> dict[str, Place]:
    places = {}
    for row in _read("communes.csv"):
        population = int(row["population"] or 0)
        places[row["code"]] = Place(
            code=row["code"],
            name=row["nom"],
            kind=commune_kind(population),
            population=population,
            departement=row["departement"],
            region=row["region"],
        )
    return places


@cache
def departements() -> dict[str, dict]:
    return {row["code"]: row for row in _read("departements.csv")}


@cache
def regions() -> dict[str, str]:
    return {row["code"]: row["nom"] for row in _read("regions.csv")}


@cache
def intercommunalites() -> dict[str, Place]:
    commune_index = communes()
    places = {}
    for row in _read("epci.csv"):
        members = tuple(code for code in row["membres"].split(";") if code)
        # An EPCI may straddle départements: it is placed where most of its people live.
        weights: dict[str, int] = {}
        for code in members:
            commune = commune_index.get(code)
            if commune:
                weights[commune.departement] = weights.get(commune.departement, 0) + max(
                    commune.population, 1
                )
        departement = max(weights, key=weights.get) if weights else ""
        places[row["siren"]] = Place(
            code=row["siren"],
            name=row["nom"],
            kind="intercommunalite",
            population=int(row["population"] or 0),
            departement=departement,
            region=departements().get(departement, {}).get("region", ""),
            members=members,
            epci_type=row["type"],
        )
    return places


def lookup(code) -> Place | None:
    """The commune (INSEE code) or intercommunalité (SIREN) with this code, if it exists."""
    code = normalize_code(code)
    if COMMUNE_CODE_RE.match(code):
        return communes().get(code)
    if SIREN_RE.match(code):
        return intercommunalites().get(code)
    return None


def departement_name(code: str) -> str:
    return departements().get(code, {}).get("nom", "")


def region_name(code: str) -> str:
    return regions().get(code, "")
