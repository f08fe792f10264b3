"""Registers the report of visitors' queries (the glossary is in the référentiel menu,
see initiatives.wagtail_hooks)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .viewsets import VisitorQueriesView


@hooks.register("register_admin_urls")
def register_visitor_queries_url():
    return [
        path(
            "recherches-des-visiteurs/",
            VisitorQueriesView.as_view(),
            name="search_visitor_queries",
        )
    ]


class VisitorQueriesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_visitorqueryday")


@hooks.register("register_reports_menu_item")
def register_visitor_queries_menu_item():
    return VisitorQueriesMenuItem(
        _("Recherches des visiteurs"),
        reverse("search_visitor_queries"),
        icon_name="search",
        order=900,
    )
