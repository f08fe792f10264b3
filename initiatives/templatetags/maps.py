from django import template

from initiatives.departement_map import CREDIT, legend, map_areas

register = template.Library()


@register.inclusion_tag("components/departement_map.html")
def departement_map(counts, links=None, selected=(), caption="", unit="", map_id="carte"):
    """The départements map: ``counts`` by code, ``links`` by code (optional)."""
    links = links or {}
    areas = map_areas(counts, href_for=links.get)
    for area in areas:
        area.selected = area.code in selected
    table = sorted((a for a in areas if a.count), key=lambda a: (-a.count, a.code))
    return {
        "areas": areas,
        "legend": legend(counts),
        "table": table,
        "caption": caption,
        "unit": unit,
        "credit": CREDIT,
        "map_id": map_id,
    }
