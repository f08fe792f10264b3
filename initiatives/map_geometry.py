"""The départements' outlines, simplified once into one static SVG that every map page
references with <use> (cached by the browser under a hashed name), instead of carrying
120 KB of path data inline on each page.

``manage.py build_map_geometry`` writes static/maps/departements.svg from the source
static/maps/france-departements.svg (svg-maps by Victor Cazanave, CC BY 4.0), whose paths
are made of relative ``m`` moves, implicit relative line-tos and ``z``.
"""

import re
from functools import cache
from pathlib import Path

from django.conf import settings

SOURCE_FILE = Path(settings.BASE_DIR) / "static" / "maps" / "france-departements.svg"
GEOMETRY_FILE = Path(settings.BASE_DIR) / "static" / "maps" / "departements.svg"
GEOMETRY_STATIC_PATH = "maps/departements.svg"
VIEWBOX = (613, 585)
# Half a map unit is under a pixel wherever the map is shown (613 units, at most ~900 px).
TOLERANCE = 0.5

_SOURCE_PATH_RE = re.compile(r'<path\s+id="([^"]+)"\s+aria-label="([^"]*)"\s+d="([^"]+)"', re.S)
_GEOMETRY_PATH_RE = re.compile(r'<path id="d-([^"]+)" d="([^"]+)"')
# Commands and numbers, whether or not spaces separate them ("m1.5-2 .4.5" is valid SVG).
_PATH_TOKEN_RE = re.compile(r"[mMzZ]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

Point = tuple[float, float]


def rings_from_relative_path(d: str) -> list[list[Point]]:
    """The closed rings of a path written with relative moves and line-tos only."""
    tokens = _PATH_TOKEN_RE.findall(d)
    rings: list[list[Point]] = []
    position = start = (0.0, 0.0)
    index = 0
    while index < len(tokens):
        command = tokens[index]
        if command in ("m", "M"):
            x, y = float(tokens[index + 1]), float(tokens[index + 2])
            index += 3
            position = (x, y) if command == "M" else (position[0] + x, position[1] + y)
            start = position
            rings.append([position])
        elif command in ("z", "Z"):
            position = start
            index += 1
        else:
            x, y = float(tokens[index]), float(tokens[index + 1])
            index += 2
            position = (position[0] + x, position[1] + y)
            rings[-1].append(position)
    return rings


def simplify(points: list[Point], tolerance: float = TOLERANCE) -> list[Point]:
    """Douglas–Peucker: drops the points closer than ``tolerance`` to the simplified line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            # A closed ring ends where it starts: distance to that point, not to a line.
            if length > 1e-6:
                gap = abs(dy * px - dx * py + bx * ay - by * ax) / length
            else:
                gap = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if gap > distance:
                farthest, distance = index, gap
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    # SVG reads ".4" and "-.4": a byte saved on most numbers of the file.
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def ring_path(rings: list[list[Point]]) -> str:
    """Absolute first move, then relative steps between points rounded to a tenth, so
    rounding never drifts along a ring."""
    parts = []
    previous = (0.0, 0.0)
    for ring in rings:
        rounded = [(round(x, 1), round(y, 1)) for x, y in ring]
        steps = []
        for x, y in rounded:
            steps.append(f"{_number(x - previous[0])} {_number(y - previous[1])}")
            previous = (x, y)
        parts.append("m" + " ".join(steps) + "z")
        previous = rounded[0]
    return "".join(parts).replace(" -", "-")


def build_geometry(source: Path = SOURCE_FILE) -> str:
    """The text of the simplified geometry file: one <path id="d-CODE"> per département."""
    lines = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}">'.format(*VIEWBOX),
        "<!-- svg-maps (Victor Cazanave), CC BY 4.0; simplified by manage.py "
        "build_map_geometry -->",
    ]
    for code, _name, d in _SOURCE_PATH_RE.findall(source.read_text(encoding="utf-8")):
        rings = [simplify(ring) for ring in rings_from_relative_path(d)]
        rings = [ring for ring in rings if len(ring) >= 3]
        lines.append(f'<path id="d-{code}" d="{ring_path(rings)}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


@cache
def metropolitan_codes() -> list[str]:
    return [code for code, _d in _GEOMETRY_PATH_RE.findall(GEOMETRY_FILE.read_text())]


@cache
def label_points() -> dict[str, Point]:
    """Where to write each département's code: the centroid of its largest ring."""
    points = {}
    for code, d in _GEOMETRY_PATH_RE.findall(GEOMETRY_FILE.read_text()):
        ring = max(rings_from_relative_path(d), key=lambda ring: abs(_area(ring)))
        points[code] = _centroid(ring)
    return points


def bounding_box(codes) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for code, d in _GEOMETRY_PATH_RE.findall(GEOMETRY_FILE.read_text()):
        if code in codes:
            for ring in rings_from_relative_path(d):
                xs += [x for x, _y in ring]
                ys += [y for _x, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _area(ring: list[Point]) -> float:
    return (
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _centroid(ring: list[Point]) -> Point:
    area = _area(ring)
    if not area:
        return ring[0]
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)
