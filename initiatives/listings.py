"""Querysets and contexts behind the public pages: only live, public sheets, prefetched for
listing, so that the number of queries of a page does not grow with the data."""

import functools

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Func, IntegerField, Prefetch, Q

from . import geography
from .data_fragments import cached_value
from .inspiration import inspired_collectivity_count, inspired_sheets, inspiring_sheets
from .models import (
    ActionSheetPage,
    Category,
    CollectivityKind,
    CollectivityPage,
    Enjeu,
    Service,
)
from .published_figures import published_figures

SHEETS_PER_PAGE = 24
OTHER_SHEETS_OF_COLLECTIVITY = 3


def paginate(request, queryset, per_page=SHEETS_PER_PAGE):
    # get_page() turns a missing, non-numeric or out-of-range page into a valid one.
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def first_published(model):
    """The first live, public page of a model with a page or two (an index every page links
    to), read from the model's own table first: joined from the page table in path order,
    both databases walked every page (15 ms at 15,000 sheets on PostgreSQL)."""
    ids = list(model.objects.order_by().values_list("pk", flat=True)[:10])
    if not ids:
        return None
    return model.objects.filter(pk__in=ids).live().public().order_by("path").first()


def published_sheets():
    """Live sheets outside any view restriction, ready to list without extra queries."""
    return (
        ActionSheetPage.objects.live()
        .public()
        .select_related("collectivity")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.select_related("enjeu__category"))
        )
        .order_by("-date", "-pk")
    )


class NewestFirst:
    """Published sheets, newest first, read a page at a time in two queries: the page's ids
    from narrow rows (date, id), then those sheets whole. Sorted whole, with their texts,
    the thousands of sheets of an enjeu or a service took 60–100 ms at 15,000 sheets before
    24 were kept. Paginator reads it as it reads a queryset (``count``, slices)."""

    def __init__(self, sheets, count=None):
        self.sheets = sheets
        self._count = count

    def count(self) -> int:
        if self._count is None:
            query = self.sheets.order_by().values("pk")
            self._count = _per_data_version("sheet-count", query, self.sheets.count)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        query = self.sheets.values_list("pk", flat=True)[index]
        # Kept per state of the data: at 100,000 sheets the demo's 5,000 drafts, all newest,
        # sit at the head of the date index and every list stepped over them (15–50 ms).
        return SheetsById(_per_data_version("sheet-ids", query, lambda: list(query)))


def _per_data_version(name, queryset, compute):
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (no service chosen…)
        return compute()
    return cached_value(name, (sql, *map(str, params)), compute)


class SheetsById:
    """A page of published sheets known by their ids, read only when something iterates
    them: the card grid (``initiatives.sheet_cards``) finds the cards of these ids already
    rendered for the current state of the data, and then reads no sheet at all."""

    def __init__(self, ids):
        self.ids = ids
        self._sheets = None

    def _load(self):
        if self._sheets is None:
            # Read by id alone: the list's own filters, evaluated again, cost as much as the ids.
            by_id = published_sheets().order_by().in_bulk(self.ids)
            self._sheets = [by_id[pk] for pk in self.ids if pk in by_id]
        return self._sheets

    def __iter__(self):
        return iter(self._load())

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self._load()[index]


def published_collectivities():
    return CollectivityPage.objects.live().public()


class Unindexed(Func):
    """The value of a column, written so that no index matches it (unary plus)."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def among(sheets, *matching_ids):
    """``sheets`` restricted to those in any of ``matching_ids`` (subqueries of sheet ids
    read from link tables, never from the sheets' wide rows), still read newest first
    through the date index: SQLite otherwise starts from the matching ids and sorts them
    all before keeping a page (17–27 ms for an enjeu at 15,000 sheets, growing with the
    data), where walking the index stops once the page is full (about 1 ms)."""
    matching = Q()
    for ids in matching_ids:
        matching |= Q(sheet_id__in=ids)
    return sheets.alias(sheet_id=Unindexed("pk")).filter(matching)


def _service_links():
    return ActionSheetPage.services.through.objects


def sheets_classed_under(*, enjeux=(), services=(), tags=()) -> list:
    """Subqueries of the ids of sheets classed under any of these enjeux, services or
    mots-clés, for ``among``."""
    subqueries = []
    if enjeux:
        links = _service_links().filter(service__enjeu__in=enjeux)
        subqueries.append(links.values("actionsheetpage_id"))
    if services:
        subqueries.append(
            _service_links().filter(service__in=services).values("actionsheetpage_id")
        )
    if tags:
        tagged = ActionSheetPage.tags.through.objects.filter(tag__in=tags)
        subqueries.append(tagged.values("content_object_id"))
    return subqueries


def sheets_of_enjeu(enjeu: Enjeu):
    # A subquery rather than a join, so a sheet with two services of the enjeu is listed once.
    matching = _service_links().filter(service__enjeu=enjeu).values("actionsheetpage_id")
    return among(published_sheets(), matching)


def sheets_of_service(service: Service):
    matching = _service_links().filter(service=service).values("actionsheetpage_id")
    return among(published_sheets(), matching)


def enjeux_with_counts() -> list[Enjeu]:
    """Enjeux with the number of published sheets classed under one of their services."""
    figures = published_figures()
    enjeux = list(Enjeu.objects.select_related("category"))
    for enjeu in enjeux:
        enjeu.sheet_count = figures.of_enjeu(enjeu.pk)
    return enjeux


def enjeux_by_category() -> list[dict]:
    """[{"category": Category, "enjeux": [Enjeu with sheet_count, ...]}, ...] in order."""
    enjeux = enjeux_with_counts()
    categories = []
    for category in Category.objects.all():
        members = [enjeu for enjeu in enjeux if enjeu.category_id == category.pk]
        if members:
            categories.append({"category": category, "enjeux": members})
    return categories


def home_page_context(home_page) -> dict:
    categories = enjeux_by_category()
    figures = published_figures()
    return {
        "categories": categories,
        "enjeu_count": sum(len(group["enjeux"]) for group in categories),
        "latest_sheets": NewestFirst(published_sheets())[:6],
        "sheet_count": figures.sheets,
        "collectivity_count": figures.collectivities,
    }


def enjeu_context(request, enjeu: Enjeu) -> dict:
    figures = published_figures()
    services = list(enjeu.services.all())
    for service in services:
        service.sheet_count = figures.of_service(service.pk)
    return {
        "enjeu": enjeu,
        "services": services,
        "page_obj": paginate(
            request, NewestFirst(sheets_of_enjeu(enjeu), figures.of_enjeu(enjeu.pk))
        ),
    }


def service_context(request, service: Service) -> dict:
    count = published_figures().of_service(service.pk)
    return {
        "service": service,
        "page_obj": paginate(request, NewestFirst(sheets_of_service(service), count)),
    }


def member_communes(collectivity: CollectivityPage) -> list[dict]:
    """Names of an intercommunalité's member communes, from the code officiel géographique."""
    communes = geography.communes()
    members = []
    for code in collectivity.member_codes:
        place = communes.get(code)
        members.append({"code": code, "name": place.name if place else code})
    return sorted(members, key=lambda member: member["name"])


def collectivity_page_context(collectivity: CollectivityPage, request) -> dict:
    """What CollectivityPage.get_context adds: the profile's place names and its sheets."""
    is_interco = collectivity.kind == CollectivityKind.INTERCOMMUNALITE
    return {
        "collectivity": collectivity,
        "is_intercommunalite": is_interco,
        "member_communes": member_communes(collectivity) if is_interco else [],
        "page_obj": paginate(
            request, NewestFirst(published_sheets().filter(collectivity_id=collectivity.pk))
        ),
    }


def public_contacts(sheet: ActionSheetPage) -> list[dict]:
    """The sheet's contacts, with the e-mail only when its owner chose to show it: a hidden
    address never reaches the template, so no template can leak it."""
    return [
        {
            "name": contact.name,
            "role": contact.role,
            "email": contact.email if contact.show_email else "",
            # Reached through the contact form only: the page says so instead of an address.
            "by_form_only": bool(contact.email) and not contact.show_email,
        }
        for contact in sheet.contacts.all()
    ]


def addresses_shown(contacts: list[dict]) -> str:
    """Among the contacts the form writes to: "none", "some" or "all" show their address, so
    that the form promises only what the page does."""
    reachable = [c for c in contacts if c["email"] or c["by_form_only"]]
    shown = sum(1 for c in reachable if c["email"])
    if not shown:
        return "none"
    return "all" if shown == len(reachable) else "some"


def lazy(compute):
    """A value of a page's context computed only if the template reads it, once: a template
    calls what it finds callable. The parts of a page kept per state of the data
    (``fragment_tags``) then read nothing when they come from the cache."""
    return functools.cache(compute)


def lazy_parts(compute, names) -> dict:
    """The ``names`` of the dictionary ``compute()`` returns, each ``lazy``: the dictionary
    is computed once, when the template reads the first of them."""
    whole = lazy(compute)
    return {name: lazy(lambda name=name: whole()[name]) for name in names}


def action_sheet_page_context(sheet: ActionSheetPage, request) -> dict:
    """What ActionSheetPage.get_context adds: its relations, each loaded in one query, and
    only when the page's template reads them (its parts are kept per state of the data)."""
    collectivity = sheet.collectivity
    if collectivity is None:
        collectivity = CollectivityPage.objects.filter(pk=sheet.get_parent().pk).first()
    services = lazy(lambda: list(sheet.services.select_related("enjeu__category")))
    contacts = lazy(lambda: public_contacts(sheet))
    inspired = lazy(lambda: inspired_sheets(sheet))

    def enjeux():
        found = {}
        for service in services():
            found.setdefault(service.enjeu_id, service.enjeu)
        return sorted(found.values(), key=lambda enjeu: (enjeu.sort_order, enjeu.name))

    def other_sheets():
        if collectivity is None:
            return []
        others = published_sheets().filter(collectivity_id=collectivity.pk).exclude(pk=sheet.pk)
        return NewestFirst(others)[:OTHER_SHEETS_OF_COLLECTIVITY]

    return {
        "collectivity": collectivity,
        "services": services,
        "enjeux": lazy(enjeux),
        "tags": lazy(lambda: list(sheet.tags.all())),
        # Through the relation managers, so that a preview shows the unsaved revision.
        "images": lazy(
            lambda: list(sheet.images.select_related("image").prefetch_related("image__renditions"))
        ),
        "documents": lazy(lambda: list(sheet.documents.select_related("document"))),
        "links": lazy(lambda: list(sheet.links.all())),
        "contacts": contacts,
        "contact_addresses_shown": lazy(lambda: addresses_shown(contacts())),
        "inspired_by": lazy(lambda: inspiring_sheets(sheet)),
        "inspired": inspired,
        "inspired_collectivities": lazy(lambda: inspired_collectivity_count(inspired())),
        "other_sheets": lazy(other_sheets),
    }
