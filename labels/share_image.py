"""The picture a laureate's award page shows when it is shared (Open Graph, cards): the
collectivity, its arobases and the year, drawn by the server with Pillow and cached.

The font ships with the code (DejaVu Sans Bold, free licence in labels/fonts/), so that every
machine draws the same picture, accents included, without fonts installed."""

import functools
import hashlib
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from django.core.cache import cache

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = (14, 92, 99)  # the site's theme colour
TEXT = (255, 255, 255)
FADED = (112, 160, 165)
ACCENT = (255, 209, 102)
NAME_SIZES = (80, 68, 58, 48, 40)
CACHE_SECONDS = 30 * 24 * 3600
# Bumped when the drawing changes, so that no cached picture of the old design is served.
DESIGN_VERSION = 1


FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-Bold.ttf"


@functools.cache
def _font(size: int):
    return ImageFont.truetype(str(FONT), size=size)


def _wrap(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Lines of ``text`` no wider than ``width``, the last one ellipsised if needed."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while draw.textlength(lines[-1] + "…", font=font) > width and " " in lines[-1]:
            lines[-1] = lines[-1].rsplit(" ", 1)[0]
        lines[-1] += "…"
    return lines


def _fitting_name(draw, name: str, width: int):
    """The largest size at which the name holds on two lines, no word cut."""
    for size in NAME_SIZES:
        font = _font(size)
        lines = _wrap(draw, name, font, width, max_lines=2)
        widest = max(draw.textlength(line, font=font) for line in lines)
        if widest <= width and not lines[-1].endswith("…"):
            return font, lines
    return font, lines


def draw_award_image(
    *, collectivity: str, arobases: int, total: int, year: int, excellence: bool
) -> bytes:
    """A 1200×630 PNG: the edition, the collectivity's name, its arobases out of ``total``."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN

    draw.text(
        (MARGIN, MARGIN),
        f"Label Territoires, Villes et Villages Internet {year}",
        font=_font(34),
        fill=TEXT,
    )
    name_font, lines = _fitting_name(draw, collectivity, width)
    y = 160
    for line in lines:
        draw.text((MARGIN, y), line, font=name_font, fill=TEXT)
        y += int(name_font.size * 1.2)

    at_font = _font(96)
    x = MARGIN
    for number in range(1, total + 1):
        draw.text((x, 370), "@", font=at_font, fill=TEXT if number <= arobases else FADED)
        x += int(draw.textlength("@", font=at_font)) + 12
    if excellence:
        draw.text((x + 24, 400), "Excellence", font=_font(44), fill=ACCENT)

    draw.text((MARGIN, HEIGHT - MARGIN - 30), "ATLAAS — Villes Internet", font=_font(30), fill=TEXT)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def award_image(award) -> bytes:
    """The award's picture, drawn once per state of what it shows and then read from the
    cache (Redis when configured: every worker shares it)."""
    from labels.models.awards import LEVELS

    participation = award.participation
    collectivity = participation.collectivity.title
    year = participation.edition.year
    shown = f"{DESIGN_VERSION}|{award.pk}|{collectivity}|{award.arobases}|{award.excellence}|{year}"
    key = "award-image:" + hashlib.sha256(shown.encode()).hexdigest()[:32]
    png = cache.get(key)
    if png is None:
        png = draw_award_image(
            collectivity=collectivity,
            arobases=award.arobases,
            total=len(LEVELS),
            year=year,
            excellence=award.excellence,
        )
        cache.set(key, png, CACHE_SECONDS)
    return png
