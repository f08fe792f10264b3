"""The admin of the référentiel and of the initiatives: menus, listings, filters, editor
script, and what each role sees (agent dashboard, page chooser, collectivity agents)."""

import django_filters

from django import forms
from django.db.models import Count, Max
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from search.viewsets import GlossaryEntryViewSet

from . import (
    admin_branding,
    admin_views,
    agent_admin,
    geography,
    page_chooser,
    roles,
    unfinished_drafts,
)
from .dashboard import AgentCollectivityPanel
from .models import ActionSheetPage, Category, CollectivityKind, CollectivityPage, Enjeu, Service


class TaxonomyCreateView(CreateView):
    def save_instance(self):
        # A new term goes last rather than first: the model's default order is 0.
        if not self.form.instance.sort_order:
            highest = self.model.objects.aggregate(highest=Max("sort_order"))["highest"]
            self.form.instance.sort_order = 0 if highest is None else highest + 1
        return super().save_instance()


class TaxonomyViewSet(SnippetViewSet):
    """Terms are few and ordered by hand: drag and drop in the listing sets their order."""

    add_view_class = TaxonomyCreateView
    sort_order_field = "sort_order"
    ordering = "sort_order"
    # The ORM is enough for a few hundred terms, and never lags behind an import.
    search_backend_name = None
    search_fields = ["name", "slug"]
    copy_view_enabled = False
    inspect_view_enabled = False


class CategoryViewSet(TaxonomyViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Catégories")
    list_display = [
        "name",
        "slug",
        Column("enjeu_count", label=_("Enjeux"), sort_key="enjeu_count"),
    ]

    def get_queryset(self, request):
        return Category.objects.annotate(enjeu_count=Count("enjeux"))


class EnjeuViewSet(TaxonomyViewSet):
    model = Enjeu
    icon = "folder-inverse"
    menu_label = _("Enjeux")
    list_display = ["name", "slug", "category"]
    list_filter = ["category"]

    def get_queryset(self, request):
        return Enjeu.objects.select_related("category")


class ServiceViewSet(TaxonomyViewSet):
    model = Service
    icon = "tag"
    menu_label = _("Services")
    list_display = ["name", "slug", "enjeu"]
    list_filter = ["enjeu", "enjeu__category"]

    def get_queryset(self, request):
        return Service.objects.select_related("enjeu")


class ReferentielViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Référentiel")
    menu_icon = "list-ul"
    menu_order = 210
    items = (CategoryViewSet, EnjeuViewSet, ServiceViewSet, GlossaryEntryViewSet)


class CollectivityFilterSet(PageFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Type de collectivité"),
        choices=CollectivityKind.choices,
        empty_label=_("Tous"),
        widget=forms.RadioSelect,
    )
    region = django_filters.ChoiceFilter(
        label=_("Région"),
        choices=lambda: sorted(geography.regions().items(), key=lambda item: item[1]),
        empty_label=_("Toutes"),
    )

    class Meta:
        model = CollectivityPage
        fields = []


class CollectivityViewSet(PageListingViewSet):
    model = CollectivityPage
    icon = "site"
    menu_label = _("Collectivités")
    filterset_class = CollectivityFilterSet
    ordering = "title"
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Titre"), sort_key="title", classname="title"),
        Column("kind", label=_("Type"), accessor="get_kind_display", sort_key="kind"),
        Column("code", label=_("Code officiel"), sort_key="code"),
        NumberColumn("population", label=_("Population"), sort_key="population"),
        Column(
            "departement",
            label=_("Département"),
            accessor=lambda page: f"{page.departement} {page.departement_name}".strip(),
            sort_key="departement",
        ),
        PageStatusColumn("status", label=_("Statut"), sort_key="live"),
    ]


class LiveFilter(django_filters.ChoiceFilter):
    def filter(self, qs, value):
        if value in ("true", "false"):
            return qs.filter(live=value == "true")
        return qs


class ActionSheetFilterSet(PageFilterSet):
    live = LiveFilter(
        label=_("Statut"),
        choices=[("true", _("Publiée")), ("false", _("Brouillon"))],
        empty_label=_("Toutes"),
        widget=forms.RadioSelect,
    )
    enjeu = django_filters.ModelChoiceFilter(
        label=_("Enjeu"),
        queryset=Enjeu.objects.all(),
        field_name="services__enjeu",
        distinct=True,
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Service"),
        queryset=Service.objects.all(),
        field_name="services",
        distinct=True,
    )
    date = django_filters.DateFromToRangeFilter(
        label=_("Date de l'action"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ActionSheetPage
        fields = []


class ActionSheetIndexView(PageIndexView):
    def get_base_queryset(self):
        # The collectivity column would otherwise cost one query per row.
        return (
            super().get_base_queryset().select_related("collectivity", for_specific_subqueries=True)
        )


class ActionSheetViewSet(PageListingViewSet):
    model = ActionSheetPage
    index_view_class = ActionSheetIndexView
    icon = "doc-full-inverse"
    menu_label = _("Fiches actions")
    filterset_class = ActionSheetFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label=_("Titre"), sort_key="title", classname="title"),
        Column("collectivity", label=_("Collectivité"), sort_key="collectivity__title"),
        DateColumn("date", label=_("Date"), sort_key="date"),
        PageStatusColumn("status", label=_("Statut"), sort_key="live"),
    ]


class InitiativesViewSetGroup(ViewSetGroup):
    menu_label = _("Initiatives")
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (
        CollectivityViewSet("collectivites"),
        ActionSheetViewSet(admin_views.SHEET_LISTING_NAME),
    )


register_snippet(ReferentielViewSetGroup)


@hooks.register("register_admin_viewset")
def register_initiatives_viewsets():
    return InitiativesViewSetGroup()


@hooks.register("register_admin_urls")
def register_geography_url():
    return [
        path(
            "atlaas/geo/<str:code>/",
            admin_views.geography_lookup,
            name="atlaas_geography_lookup",
        )
    ]


@hooks.register("insert_editor_js")
def collectivity_geography_js():
    # The script only acts on a form with a code field (the collectivity editor).
    return format_html(
        '<script src="{}" data-lookup-url="{}" data-unavailable="{}" defer></script>',
        static("js/admin-geo.js"),
        reverse("atlaas_geography_lookup", args=["__code__"]),
        _("Le code officiel géographique n'a pas pu être consulté."),
    )


hooks.register("before_delete_snippet", admin_views.refuse_deleting_terms_in_use)
hooks.register("before_create_page", unfinished_drafts.mention_unfinished_drafts)


# --- ATLAAS rather than Wagtail: help menu, guide, admin style sheet ------------------------

hooks.register("register_help_menu_item", admin_branding.guide_menu_item)
hooks.register("construct_help_menu", admin_branding.keep_atlaas_help)
hooks.register("insert_global_admin_css", admin_branding.admin_css)
hooks.register("insert_editor_js", admin_branding.editor_js)


@hooks.register("register_admin_urls")
def register_guide_url():
    return [
        path(
            "atlaas/guide/",
            admin_branding.AgentGuideView.as_view(),
            name=admin_branding.GUIDE_URL_NAME,
        )
    ]


# --- roles: the agent's dashboard, what choosers show, giving access to a collectivity ------


@hooks.register("construct_homepage_panels")
def agent_dashboard_panel(request, panels):
    collectivities = list(roles.agent_collectivities(request.user))
    if collectivities:
        panels.append(AgentCollectivityPanel(collectivities, request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_from_other_sections(pages, request):
    """Outside the pages a user may edit, the page chooser lists only published ones."""
    return page_chooser.visible_pages(pages, request.user)


@hooks.register("register_admin_urls")
def register_agent_urls():
    return [
        path(
            "atlaas/collectivites/<int:pk>/agents/",
            agent_admin.CollectivityAgentsView.as_view(),
            name=agent_admin.URL_NAME,
        )
    ]


def _agents_button(page, user):
    if page.specific_class is CollectivityPage and agent_admin.can_manage_agents(user):
        yield Button(
            _("Agents"),
            reverse(agent_admin.URL_NAME, args=[page.pk]),
            icon_name="group",
            priority=45,
        )


@hooks.register("register_page_listing_more_buttons")
def collectivity_agents_listing_button(page, user, next_url=None):
    yield from _agents_button(page, user)


@hooks.register("register_page_header_buttons")
def collectivity_agents_header_button(page, user, view_name, next_url=None):
    yield from _agents_button(page, user)
