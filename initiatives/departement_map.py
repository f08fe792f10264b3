"""France's départements as an SVG map shaded by counts.

The outlines live in one static file (static/maps/departements.svg, built by
``manage.py build_map_geometry`` from svg-maps by Victor Cazanave, CC BY 4.0, metropolitan
only), referenced with <use>: a page carries only the shades, links and names. Overseas
départements are drawn as labelled boxes, and Paris with its inner suburbs — a few pixels
wide on the map — again, enlarged, in an Île-de-France inset.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import geography, map_geometry

OVERSEAS = ["971", "972", "973", "974", "976"]
OVERSEAS_BOX = {"x": 4, "top": 300, "width": 80, "height": 44, "gap": 12}
# Paris and its inner suburbs, enlarged in the free corner above Brittany.
INSET_CODES = ["75", "92", "93", "94"]
INSET_BOX = {"x": 4, "y": 4, "width": 128, "height": 132, "scale": 5.2}
SHADES = 5
CREDIT = "Carte : svg-maps (Victor Cazanave), CC BY 4.0"


def count_phrase(count: int, counted: str) -> str:
    """« 1 fiche », « 3 collectivités »: what a number on the map counts."""
    if counted == "collectivites":
        return ngettext("%(count)s collectivité", "%(count)s collectivités", count) % {
            "count": count
        }
    return ngettext("%(count)s fiche", "%(count)s fiches", count) % {"count": count}


@dataclass
class MapArea:
    code: str
    name: str
    count: int
    shade: int  # 0 (none) to SHADES
    href: str | None
    counted: str = "fiches"
    selected: bool = False
    in_inset: bool = False  # drawn again, enlarged: the small copy is left out of the tab order

    @property
    def label(self) -> str:
        """« Guadeloupe (971) : 0 fiche »: contains what the overseas box shows (the name,
        then « (971) : 0 »), so the link's name contains its visible label (WCAG 2.5.3)."""
        return _("%(name)s (%(code)s) : %(phrase)s") % {
            "name": self.name,
            "code": self.code,
            "phrase": count_phrase(self.count, self.counted),
        }


    @property
    def inset_label(self) -> str:
        """« Paris, 75 : 2 fiches »: the inset shows the code alone, and checkers (axe) look
        for the visible label outside parentheses."""
        return _("%(name)s, %(code)s : %(phrase)s") % {
            "name": self.name,
            "code": self.code,
            "phrase": count_phrase(self.count, self.counted),
        }


def _shade(count: int, highest: int) -> int:
    if count <= 0 or highest <= 0:
        return 0
    return max(1, min(SHADES, -(-count * SHADES // highest)))


def _area(code, counts, highest, href_for, counted, selected) -> MapArea:
    count = counts.get(code, 0)
    return MapArea(
        code,
        geography.departement_name(code) or code,
        count,
        _shade(count, highest),
        href_for(code) if href_for else None,
        counted=counted,
        selected=code in selected,
        in_inset=code in INSET_CODES,
    )


def map_layout(counts: dict[str, int], href_for=None, counted="fiches", selected=()) -> dict:
    """The areas of the map: metropolitan, overseas boxes (with their position) and the
    Île-de-France inset (with the transform that enlarges it and where its codes go)."""
    highest = max(counts.values(), default=0)

    def area(code):
        return _area(code, counts, highest, href_for, counted, selected)

    metropolitan = [area(code) for code in map_geometry.metropolitan_codes()]
    overseas = []
    box = OVERSEAS_BOX
    for index, code in enumerate(OVERSEAS):
        overseas.append(
            {
                "area": area(code),
                "x": box["x"],
                "y": box["top"] + index * (box["height"] + box["gap"]),
                "center": box["x"] + box["width"] // 2,
            }
        )
    return {
        "metropolitan": metropolitan,
        "overseas": overseas,
        "overseas_box": box,
        "inset": _inset([a for a in metropolitan if a.code in INSET_CODES]),
    }


def _inset(areas: list[MapArea]) -> dict:
    box = INSET_BOX
    left, top, right, bottom = map_geometry.bounding_box(INSET_CODES)
    scale = box["scale"]
    # Centred in the box, under its title.
    offset_x = box["x"] + (box["width"] - (right - left) * scale) / 2
    offset_y = box["y"] + 22 + (box["height"] - 22 - (bottom - top) * scale) / 2
    points = map_geometry.label_points()

    def place(x, y):
        return round(offset_x + (x - left) * scale, 1), round(offset_y + (y - top) * scale, 1)

    return {
        "box": box,
        "transform": (
            f"translate({offset_x:.1f} {offset_y:.1f}) scale({scale}) "
            f"translate({-left:.1f} {-top:.1f})"
        ),
        "areas": [{"area": area, "label": place(*points[area.code])} for area in areas],
        "title_x": box["x"] + box["width"] // 2,
        "title_y": box["y"] + 15,
    }


def legend(counts: dict[str, int]) -> list[dict]:
    highest = max(counts.values(), default=0)
    steps = []
    for shade in range(1, SHADES + 1):
        low = (shade - 1) * highest // SHADES + 1
        high = shade * highest // SHADES
        if high >= low:
            steps.append({"shade": shade, "low": low, "high": high})
    return steps
