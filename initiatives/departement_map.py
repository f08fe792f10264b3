"""France's départements as a server-rendered SVG map shaded by counts.

The outlines come from static/maps/france-departements.svg (svg-maps by Victor Cazanave,
CC BY 4.0, metropolitan only); overseas départements are drawn as labelled insets.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import geography

MAP_FILE = Path(settings.BASE_DIR) / "static" / "maps" / "france-departements.svg"
_PATH_RE = re.compile(r'<path\s+id="([^"]+)"\s+aria-label="([^"]*)"\s+d="([^"]+)"', re.S)
OVERSEAS = ["971", "972", "973", "974", "976"]
SHADES = 5
CREDIT = "Carte : svg-maps (Victor Cazanave), CC BY 4.0"


@dataclass
class MapArea:
    code: str
    name: str
    count: int
    shade: int  # 0 (none) to SHADES
    href: str | None
    path: str = ""
    inset: tuple[int, int] | None = None  # top-left corner of an overseas inset box

    @property
    def label(self) -> str:
        return _("%(name)s (%(code)s) : %(count)s") % {
            "name": self.name,
            "code": self.code,
            "count": self.count,
        }


@cache
def metropolitan_paths() -> list[tuple[str, str]]:
    text = MAP_FILE.read_text(encoding="utf-8")
    return [(code, " ".join(d.split())) for code, _name, d in _PATH_RE.findall(text)]


def _shade(count: int, highest: int) -> int:
    if count <= 0 or highest <= 0:
        return 0
    return max(1, min(SHADES, -(-count * SHADES // highest)))


def map_areas(counts: dict[str, int], href_for=None) -> list[MapArea]:
    """Every département with its count, shade and link (``href_for(code)``)."""
    highest = max(counts.values(), default=0)
    areas = []
    for code, path in metropolitan_paths():
        count = counts.get(code, 0)
        areas.append(
            MapArea(
                code,
                geography.departement_name(code) or code,
                count,
                _shade(count, highest),
                href_for(code) if href_for else None,
                path=path,
            )
        )
    for index, code in enumerate(OVERSEAS):
        count = counts.get(code, 0)
        areas.append(
            MapArea(
                code,
                geography.departement_name(code) or code,
                count,
                _shade(count, highest),
                href_for(code) if href_for else None,
                inset=(8, 300 + index * 56),
            )
        )
    return areas


def legend(counts: dict[str, int]) -> list[dict]:
    highest = max(counts.values(), default=0)
    steps = []
    for shade in range(1, SHADES + 1):
        low = (shade - 1) * highest // SHADES + 1
        high = shade * highest // SHADES
        if high >= low:
            steps.append({"shade": shade, "low": low, "high": high})
    return steps
