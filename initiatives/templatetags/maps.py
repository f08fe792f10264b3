from django import template

from initiatives.departement_map import CREDIT, legend, map_layout
from initiatives.map_geometry import GEOMETRY_STATIC_PATH

register = template.Library()


@register.inclusion_tag("components/departement_map.html")
def departement_map(
    counts, links=None, selected=(), caption="", unit="", map_id="carte", counted="fiches"
):
    """The départements map: ``counts`` by code, ``links`` by code (optional); ``counted``
    says what the numbers count (« fiches » or « collectivites ») in each area's name."""
    links = links or {}
    layout = map_layout(counts, href_for=links.get, counted=counted, selected=selected)
    areas = layout["metropolitan"] + [box["area"] for box in layout["overseas"]]
    table = sorted((a for a in areas if a.count), key=lambda a: (-a.count, a.code))
    return {
        **layout,
        "geometry": GEOMETRY_STATIC_PATH,
        "legend": legend(counts),
        "table": table,
        "caption": caption,
        "unit": unit,
        "credit": CREDIT,
        "map_id": map_id,
    }
