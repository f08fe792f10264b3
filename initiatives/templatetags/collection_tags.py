"""The "Collections" entry of the public navigation."""

from django import template

from initiatives.models import ThematicCollectionIndexPage, ThematicCollectionPage
from initiatives.section_indexes import index_url

register = template.Library()


@register.simple_tag(takes_context=True)
def collections_nav(context):
    """{"url", "current"} for the published collections index, or None when there is none
    (the link then stays out of the menu rather than leading nowhere)."""
    url = index_url(ThematicCollectionIndexPage, context.get("request"))
    if url is None:
        return None
    page = context.get("page")
    return {
        "url": url,
        "current": isinstance(page, ThematicCollectionIndexPage | ThematicCollectionPage),
    }
