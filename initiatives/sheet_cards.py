"""The cards of a list of sheets (home, enjeu, service, collection, collectivity, a sheet's
« autres fiches »), rendered once per state of the data and list, and read back as one piece.

Rendering 24 cards (a template each: address, dates, chips) and reading their sheets took
about half of an enjeu or a service page. What a card shows is the published sheet, its
collectivity's name and its classification, all of which change only through a publication
or an edit of the référentiel, which change the search data version: the cards are kept
under that version and the sheets' ids (``initiatives.data_fragments``). They hold nothing
personal (the same for every visitor), and only lists read through
``listings.published_sheets`` (``SheetsById``: live sheets outside any restricted section)
are kept: any other list (a preview, a hand-made list) is rendered and never stored, so no
draft or private sheet can enter the cache.
"""

from .data_fragments import cached_html

TEMPLATE = "components/sheet_cards.html"


def rendered_cards(context, sheets, hide_collectivity=False) -> str:
    """The ``<li>`` of every card, from the cache when this list was rendered already for
    the current state of the data."""
    from .listings import SheetsById

    def render():
        template = context.template.engine.get_template(TEMPLATE)
        return template.render(
            context.new({"sheets": sheets, "hide_collectivity": hide_collectivity})
        )

    if not isinstance(sheets, SheetsById):
        return render()
    parts = (tuple(sheets.ids), hide_collectivity)
    return cached_html("sheet-cards", parts, context.get("request"), render)
