"""The addresses of the section indexes every page's header and footer link to (the
collections, the label), found once per state of the data rather than on every page.

Finding the published, public index of a section took three queries per section on every
page of the site (its id, the page, the view restrictions). The address is kept in this
process for the current search data version (``search.facets.version_token``), which every
publication, unpublication, move and restriction changes, so that the next request after an
index is unpublished or restricted no longer links to it.
"""

from wagtail.models import Site

from search.per_data_state import PerDataState

from .listings import first_published

_remembered = PerDataState()  # (model, site id) -> address or None


def index_url(model, request) -> str | None:
    """The address of the first live, public page of ``model`` as this request's site
    writes it, or None when there is none."""
    from search.facets import version_token  # search's models import this app's

    site = Site.find_for_request(request) if request is not None else None

    def address():
        page = first_published(model)
        return page.get_url(request) if page is not None else None

    return _remembered.get(version_token(), address, key=(model._meta.label, site and site.pk))
