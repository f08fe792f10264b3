"""The admin's page chooser (internal links, collection sheets) as each role may see it.

Wagtail's chooser browses and searches the whole tree and shows each page's admin title,
which is the title of its latest draft. Outside the pages a user may edit, it must show only
published pages, under their published title: an agent never reads another collectivity's
draft, not even a draft title of a published sheet. ``visible_pages`` filters the listings
(``construct_page_chooser_queryset``); the views below, served at Wagtail's own addresses
(``atlaas/urls.py``), also hide a draft parent and show live titles.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from wagtail.admin.views import chooser
from wagtail.models import Page
from wagtail.permissions import policy_registry


def visible_pages(pages, user):
    """Published pages, plus the pages the user may explore (edit, or on the way to them)."""
    if user.is_superuser:
        return pages
    policy = policy_registry.get_by_type(Page)
    visible = Q(live=True)
    if policy.instances_with_direct_explore_permission(user):
        visible |= Q(pk__in=policy.explorable_instances(user).values("pk"))
    return pages.filter(visible)


def may_edit(page, user) -> bool:
    """Wagtail's "change" rule (a grant on an ancestor, or "add" on one for its owner),
    checked against the user's cached grants: no query per listed page."""
    if user.is_superuser:
        return True
    policy = policy_registry.get_by_type(Page)
    for grant in policy.get_cached_permissions_for_user(user):
        if not page.path.startswith(grant.page.path):
            continue
        codename = grant.permission.codename
        if codename == "change_page" or (codename == "add_page" and page.owner_id == user.pk):
            return True
    return False


def show_live_title(page, user):
    """The page, its draft title replaced in memory by its published one unless the user may
    edit it (the chooser's templates read ``get_admin_display_title``). Never saved."""
    if page is not None and page.live and not may_edit(page, user):
        page.draft_title = page.title
    return page


class LiveTitleColumn(chooser.PageTitleColumn):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_cell_context_data(self, instance, parent_context):
        show_live_title(instance, self.user)
        return super().get_cell_context_data(instance, parent_context)


class LiveParentColumn(chooser.ParentPageColumn):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_value(self, instance):
        return show_live_title(super().get_value(instance), self.user)


def _with_live_titles(columns, user):
    replaced = []
    for column in columns:
        if type(column) is chooser.PageTitleColumn:
            column = LiveTitleColumn(
                column.name,
                label=column.label,
                is_multiple_choice=column.is_multiple_choice,
                user=user,
            )
        elif type(column) is chooser.ParentPageColumn:
            column = LiveParentColumn(column.name, label=column.label, user=user)
        replaced.append(column)
    return replaced


class BrowseView(chooser.BrowseView):
    @property
    def columns(self):
        return _with_live_titles(super().columns, self.request.user)

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            # Browsing "into" a draft the user may not see would show its title as parent.
            get_object_or_404(visible_pages(Page.objects.all(), request.user), pk=parent_page_id)
        return super().get(request, parent_page_id)


class SearchView(chooser.SearchView):
    @property
    def columns(self):
        return _with_live_titles(super().columns, self.request.user)


class ChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        pks = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        pages = visible_pages(Page.objects.filter(pk__in=pks), request.user).specific()
        result = []
        for page in pages:
            show_live_title(page, request.user)
            result.append(
                {
                    "id": page.pk,
                    "parentId": page.get_parent().pk,
                    "adminTitle": page.get_admin_display_title(),
                    "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                    "url": page.url,
                }
            )
        return self.render_chosen_response(result)
