"""The small world the browser journeys walk through: three Breton collectivities, a few
published sheets on médiation and démocratie locale, and the 2023 label's palmarès."""

import datetime
import struct
import zlib
from dataclasses import dataclass, field

from initiatives.models import Enjeu, Service
from initiatives.referentiel_import import import_referentiel_file, shipped_referentiel_path

from ..factories import make_collectivity, make_sheet
from ..test_labels_models import make_award, make_edition, mention


@dataclass
class World:
    saint_malo: object
    brest: object
    amanlis: object
    services: dict
    sheets: dict = field(default_factory=dict)
    edition: object = None


def service(slug) -> Service:
    return Service.objects.get(slug=slug)


def build_world(*, label=False) -> World:
    import_referentiel_file(shipped_referentiel_path())
    services = {
        "epn": service("espace-public-numerique-epn"),
        "conseiller": service("conseiller-numerique-france-services"),
        "video": service("video-des-conseils-municipaux"),
    }
    world = World(
        saint_malo=make_collectivity("35288", "Saint-Malo"),
        brest=make_collectivity("29019", "Brest"),
        amanlis=make_collectivity("35002", "Amanlis", kind="village"),
        services=services,
    )
    world.sheets = {
        "marche": make_sheet(
            world.saint_malo,
            "Médiation numérique au marché",
            [services["epn"], services["conseiller"]],
            subtitle="Des conseillers numériques tiennent un stand chaque samedi.",
            synthese="<p>Un stand de médiation numérique au cœur du marché.</p>",
            date=datetime.date(2023, 4, 1),
        ),
        "bibliotheque": make_sheet(
            world.brest,
            "Ateliers de médiation numérique en bibliothèque",
            [services["epn"]],
            subtitle="Des ateliers hebdomadaires pour apprendre les démarches en ligne.",
            date=datetime.date(2022, 10, 3),
        ),
        "itinerant": make_sheet(
            world.amanlis,
            "Un conseiller numérique itinérant",
            [services["conseiller"]],
            subtitle="La médiation numérique vient aux habitants des hameaux.",
            date=datetime.date(2022, 6, 20),
        ),
        "conseil": make_sheet(
            world.saint_malo,
            "Conseils municipaux en vidéo",
            [services["video"]],
            date=datetime.date(2022, 9, 1),
        ),
    }
    if label:
        world.edition = make_edition()
        make_award(
            world.edition,
            world.saint_malo,
            5,
            excellence=True,
            mentions=[mention("democratie-locale")],
            sheets=[world.sheets["marche"], world.sheets["conseil"]],
            comment="Une médiation au plus près des habitants.",
        )
        make_award(world.edition, world.brest, 4, sheets=[world.sheets["bibliotheque"]])
        make_award(world.edition, world.amanlis, 3, sheets=[world.sheets["itinerant"]])
    return world


def enjeu(slug) -> Enjeu:
    return Enjeu.objects.get(slug=slug)


def png_bytes(width=8, height=6, rgb=(14, 92, 99)) -> bytes:
    """A small valid PNG, made here so the test needs no fixture file."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )
