"""The "Collections" entry of the public navigation."""

from django import template

from initiatives.models import ThematicCollectionIndexPage, ThematicCollectionPage
from initiatives.thematic import collections_index

register = template.Library()


@register.simple_tag(takes_context=True)
def collections_nav(context):
    """{"url", "current"} for the published collections index, or None when there is none
    (the link then stays out of the menu rather than leading nowhere)."""
    index = collections_index()
    if index is None:
        return None
    page = context.get("page")
    return {
        "url": index.get_url(context.get("request")),
        "current": isinstance(page, ThematicCollectionIndexPage | ThematicCollectionPage),
    }
