"""``.public()`` and ``get_view_restrictions()`` of the public page types, with the
restricted sections read once per state of the data instead of once per call.

Wagtail's ``PageQuerySet.public()`` reads every PageViewRestriction (with its page) each
time it is called: a sheet page called it seven times, each a query and the building of
one, for a list that changes only when an editor restricts a section; and Wagtail checks
every page it serves through ``get_view_restrictions()`` (two queries), the sheet's
contact form once more. The list of
restricted paths is kept in this process for the current search data version
(``search.facets.version_token``), which every change of a restriction, and every
publication, unpublication or move, changes: the next request after such a change reads
the list again, so a page restricted a moment ago never shows in a public list.
"""

import dataclasses

from django.db.models import Q

from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from search.per_data_state import PerDataState


@dataclasses.dataclass(frozen=True)
class Restrictions:
    paths: tuple[str, ...]  # of the pages that carry a restriction (their subtrees are private)
    aliased: bool  # some page is an alias of a restricted page (Wagtail then reads the source's)


_remembered = PerDataState()


def current_restrictions() -> Restrictions:
    from search.facets import version_token  # search's models import this app's

    return _remembered.get(version_token(), _read_restrictions)


def _read_restrictions() -> Restrictions:
    restricted = PageViewRestriction.objects.order_by().values("page_id")
    paths = tuple(Page.objects.filter(pk__in=restricted).order_by().values_list("path", flat=True))
    aliased = bool(paths) and Page.objects.filter(alias_of__in=restricted).exists()
    return Restrictions(paths, aliased)


def restricted_paths() -> tuple[str, ...]:
    return current_restrictions().paths


class PublicSectionsQuerySet(PageQuerySet):
    def private_q(self):
        q = Q()
        for path in restricted_paths():
            # The section's page and its descendants (Wagtail's descendant_of, inclusive).
            q |= Q(path__startswith=path)
        # No private section: match no page, as Wagtail does.
        return q if q else Q(pk__in=[])


PublicSectionsPageManager = PageManager.from_queryset(PublicSectionsQuerySet)


class ViewRestrictionsMixin:
    """Answers Wagtail's « which restrictions apply to this page? » without a query when no
    restricted section contains the page, which is what Wagtail's own query would find: it
    reads the restrictions of the page and its ancestors (of their sources, for aliases).
    Otherwise, or when aliases of a restricted page exist, Wagtail's own answer."""

    def get_view_restrictions(self):
        restrictions = current_restrictions()
        inside = any(self.path.startswith(path) for path in restrictions.paths)
        if self.alias_of_id is None and not restrictions.aliased and not inside:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
