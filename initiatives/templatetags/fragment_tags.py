"""``{% published_fragment "name" key … %}…{% endpublished_fragment %}``: a part of a public
page that every visitor sees alike, rendered once per state of the published data
(``initiatives.data_fragments``).

The part is kept only when the page served is live and outside any restricted section (or
the view says it lists only published, public pages: ``published_only``) and the request
is not a preview: a draft, a preview of an unpublished revision or a page behind a
password or a login is always rendered for its request and never stored. Values
the part alone needs can be given lazily (``listings.lazy``): on a cache hit they are never
read. A part that resolves to None or to nothing (the view gave no key) means « render, do
not keep ».
"""

from django import template

from initiatives.data_fragments import cached_html

register = template.Library()


def may_keep(context) -> bool:
    request = context.get("request")
    page = context.get("page")
    if request is None or getattr(request, "is_preview", False):
        return False
    if page is None:
        # A view of its own (not a Wagtail page) that lists only published, public pages
        # says so (the directory of collectivities).
        return context.get("published_only", False) is True
    if not getattr(page, "live", False):
        return False
    return not page.get_view_restrictions().exists()


class PublishedFragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        if not may_keep(context):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        if any(part is None or part == "" for part in parts):
            # The view gave no key (a missing variable reads as ""): this request sees what
            # others may not (an editor's view of a palmarès under embargo).
            return self.nodelist.render(context)
        return cached_html(
            f"fragment-{name}", parts, context.get("request"), lambda: self.nodelist.render(context)
        )


@register.tag
def published_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("published_fragment needs a name")
    nodelist = parser.parse(("endpublished_fragment",))
    parser.delete_first_token()
    return PublishedFragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
