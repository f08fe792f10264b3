"""The "Label" admin menu: dossiers with their award, and the jury's mentions.

Edition pages live in the page tree (Accueil → Label → Label 2023) and are previewed there:
the preview shows the palmarès before the ceremony, the public site does not.
"""

import django_filters

from django import forms
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, NumberColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from initiatives.models import CollectivityKind
from initiatives.wagtail_hooks import TaxonomyViewSet

from .forms import ParticipationForm
from .jury import urls as jury_urls
from .jury.menu import JurorPanel, jury_menu_item
from .jury.roles import juror_editions
from .models import Award, LabelEditionPage, Mention, Participation


class MentionViewSet(TaxonomyViewSet):
    model = Mention
    icon = "pick"
    menu_label = _("Mentions")
    list_display = ["name", "slug", Column("award_count", label=_("Distinctions"))]

    def get_queryset(self, request):
        return Mention.objects.annotate(award_count=Count("awards"))


class ParticipationFilterSet(WagtailFilterSet):
    edition = django_filters.ModelChoiceFilter(
        label=_("Édition"),
        queryset=LabelEditionPage.objects.order_by("-year"),
        empty_label=_("Toutes"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type de collectivité"),
        field_name="collectivity__kind",
        choices=CollectivityKind.choices,
        empty_label=_("Tous"),
        widget=forms.RadioSelect,
    )
    arobases = django_filters.ChoiceFilter(
        label=_("Arobases"),
        field_name="awards__arobases",
        choices=[(level, f"{level} @") for level in range(1, 6)],
        empty_label=_("Tous"),
    )

    class Meta:
        model = Participation
        fields = []


class ParticipationViewSet(SnippetViewSet):
    model = Participation
    icon = "trophy"
    menu_label = _("Dossiers et distinctions")
    filterset_class = ParticipationFilterSet
    search_backend_name = None
    search_fields = ["collectivity__title", "collectivity__code"]
    ordering = ["-edition__year", "collectivity__title"]
    copy_view_enabled = False
    list_display = [
        "collectivity",
        "edition",
        Column(
            "kind",
            label=_("Type"),
            accessor=lambda participation: participation.collectivity.get_kind_display(),
            sort_key="collectivity__kind",
        ),
        NumberColumn("arobases", label=_("Arobases"), sort_key="arobases"),
        BooleanColumn("excellence", label=_("Excellence")),
        NumberColumn("sheet_count", label=_("Fiches présentées"), sort_key="sheet_count"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("edition"),
            FieldPanel("collectivity"),
            FieldPanel("sheets"),
            InlinePanel(
                "awards",
                heading=_("Décision du jury"),
                label=_("distinction"),
                max_num=1,
                help_text=_(
                    "Une fois le jury réuni : arobases, distinction et mentions. Rien n'en est "
                    "public avant la cérémonie de l'édition."
                ),
            ),
        ],
        base_form_class=ParticipationForm,
    )

    def get_queryset(self, request):
        award = Award.objects.filter(participation=OuterRef("pk"))
        sheets = (
            Participation.sheets.through.objects.filter(participation=OuterRef("pk"))
            .values("participation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            Participation.objects.select_related("collectivity", "edition")
            .annotate(
                arobases=Subquery(award.values("arobases")[:1]),
                excellence=Subquery(award.values("excellence")[:1]),
                sheet_count=Subquery(sheets),
            )
            .order_by(*self.ordering)
        )


class LabelViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Label")
    menu_icon = "trophy"
    menu_order = 220
    items = (ParticipationViewSet, MentionViewSet)


register_snippet(LabelViewSetGroup)


@hooks.register("before_delete_snippet")
def refuse_deleting_mentions_in_use(request, instances):
    """A mention the jury gave is kept: deleting it would silently change a palmarès."""
    in_use = [m for m in instances if isinstance(m, Mention) and m.awards.exists()]
    if not in_use:
        return None
    for mention in in_use:
        count = mention.awards.count()
        messages.error(
            request,
            ngettext(
                "La mention « %(name)s » n'a pas été supprimée : %(count)s distinction la "
                "porte. Renommez-la plutôt.",
                "La mention « %(name)s » n'a pas été supprimée : %(count)s distinctions la "
                "portent. Renommez-la plutôt.",
                count,
            )
            % {"name": mention.name, "count": count},
        )
    return redirect(Mention.snippet_viewset.get_url_name("list"))


# --- the jury's workspace (labels/jury/) ----------------------------------------------------


@hooks.register("register_admin_urls")
def register_jury_urls():
    return [path("label/", include(jury_urls))]


@hooks.register("register_admin_menu_item")
def register_jury_menu_item():
    return jury_menu_item()


@hooks.register("construct_homepage_panels")
def juror_dashboard_panel(request, panels):
    editions = list(juror_editions(request.user))
    if editions:
        panels.append(JurorPanel(editions))
