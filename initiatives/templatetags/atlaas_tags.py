"""Presentation helpers of the public site: French dates, category colours, page links."""

import datetime

from django import template
from django.http import QueryDict
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.models import Page

from atlaas.site_address import absolute_url
from initiatives.models import ActionSheetPage, CollectivityPage

register = template.Library()

CATEGORY_TONES = 4
# Filters that select different content; anything else (tracking, typos) is left out.
CANONICAL_PARAMETERS = ("type", "region", "departement")


@register.filter
def long_date(value):
    """12 mai 2023; the first of the month is "1er" in French."""
    if not isinstance(value, datetime.date):
        return ""
    text = formats.date_format(value, "j F Y")
    if value.day == 1 and (get_language() or "").startswith("fr"):
        text = "1er" + text[1:]
    return text


@register.filter
def category_tone(category):
    """One of four colour tones (1 to 4) for a catégorie, following the référentiel order."""
    sort_order = getattr(category, "sort_order", 0) or 0
    return sort_order % CATEGORY_TONES + 1


@register.simple_tag(takes_context=True)
def url_with_page(context, number):
    """The current URL's query string with another page number, other filters kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def nav_section(context):
    """Which entry of the main navigation the current page belongs to."""
    page = context.get("page")
    path = context["request"].path
    if isinstance(page, CollectivityPage | ActionSheetPage) or path.startswith("/collectivites/"):
        return "collectivites"
    if path.startswith(("/enjeux/", "/services/")):
        return "enjeux"
    if path.startswith("/recherche/"):
        return "recherche"
    if path == "/" or (isinstance(page, Page) and page.depth == 2):
        return "accueil"
    return ""


class CaptureNode(template.Node):
    # Blocks inside stay overridable by child templates (Django finds them through this).
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # Rendered (and so escaped) once here; set where the whole page sees it.
        context.dicts[0][self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: renders its content into ``name`` instead of
    the page, so that one block (the title, the description) feeds several tags."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(name="site_url")
def site_url_tag(path="/"):
    """``path`` on the configured site address (SITE_URL), whatever host was requested."""
    return absolute_url(path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute address, keeping only the parameters that change its content."""
    request = context["request"]
    url = absolute_url(request.path)
    query = QueryDict(mutable=True)
    match = getattr(request, "resolver_match", None)
    # ?type=, ?region=, ?departement= change the list of collectivities only; elsewhere noise.
    keep = (
        CANONICAL_PARAMETERS if match and match.view_name == "initiatives:collectivity_list" else ()
    )
    for name in keep:
        if request.GET.get(name):
            query[name] = request.GET[name]
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        query["page"] = page_obj.number
    return f"{url}?{query.urlencode()}" if query else url


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, None standing for the elided stretches."""
    numbers = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    return [number if isinstance(number, int) else None for number in numbers]


@register.simple_tag(takes_context=True)
def sheet_cards(context, sheets, hide_collectivity=False):
    """The cards of ``sheets``, rendered once per state of the data (initiatives.sheet_cards)."""
    from initiatives.sheet_cards import rendered_cards

    return rendered_cards(context, sheets, bool(hide_collectivity))
