"""Template tags of the label: the collectivity's timeline, the navigation link, the badge."""

from django import template
from django.utils import formats

from initiatives.section_indexes import index_url
from labels.models import LabelIndexPage
from labels.models.awards import LEVELS
from labels.palmares import collectivity_timeline

register = template.Library()

# A place an editor wrote with its own preposition ("en ligne", "au Sénat") is said as it is.
PLACE_PREPOSITIONS = ("à ", "au ", "aux ", "en ", "dans ", "sur ", "chez ")


@register.filter
def at_place(place: str) -> str:
    """« à Albi », but « en ligne » and « au Sénat »: never « à en ligne »."""
    place = (place or "").strip()
    if not place:
        return ""
    if place.lower().startswith(PLACE_PREPOSITIONS):
        return place
    return f"à {place}"


@register.inclusion_tag("labels/includes/timeline.html", takes_context=True)
def label_timeline(context, collectivity):
    """The collectivity page's label history: public awards only (the embargo applies)."""
    request = context.get("request")
    return {"timeline": collectivity_timeline(collectivity, request), "request": request}


@register.inclusion_tag("labels/includes/arobases.html")
def arobases_badge(level, size=""):
    """Five arobases, ``level`` of them lit, with a text alternative ("4 arobases sur 5")."""
    return {
        "level": level,
        "marks": [number <= level for number in LEVELS],
        "total": len(LEVELS),
        "size": size,
    }


@register.simple_tag(takes_context=True)
def label_nav(context):
    """The address of the label section for the site's navigation ("" when there is none),
    and whether the current page belongs to it. Looked up once per request."""
    request = context.get("request")
    cached = getattr(request, "_label_nav", None)
    if cached is not None:
        return cached
    url = index_url(LabelIndexPage, request) or ""
    nav = {"url": url, "current": bool(url and request and request.path.startswith(url))}
    if request is not None:
        request._label_nav = nav
    return nav


@register.filter
def millions(value):
    """5 012 345 → "5,0" (millions), for the key figures; small numbers are left alone."""
    if not isinstance(value, int) or value < 1_000_000:
        return value
    # Rounded first: number_format cuts the decimals (4 999 533 would read "4,9").
    return formats.number_format(round(value / 1_000_000, 1), decimal_pos=1)
