"""The "Label" admin menu: editions, every collectivity's dossier (with its award), and the
jury's mentions. Registered from wagtail_hooks.py.

Edition pages live in the page tree (Accueil → Label → Label 2023) and are previewed there:
the preview shows the palmarès before the ceremony, the public site does not.
"""

import django_filters

from django import forms
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from initiatives import geography
from initiatives.editing import LabelledInlinePanel
from initiatives.models import CollectivityKind
from initiatives.spreadsheet import spreadsheet_safe
from initiatives.wagtail_hooks import TaxonomyViewSet

from .forms import ParticipationForm
from .models import Award, DossierStatus, LabelEditionPage, Mention, Participation


class MentionViewSet(TaxonomyViewSet):
    model = Mention
    icon = "pick"
    menu_label = _("Mentions")
    list_display = ["name", "slug", Column("award_count", label=_("Distinctions"))]

    def get_queryset(self, request):
        return Mention.objects.annotate(award_count=Count("awards"))


class LabelEditionViewSet(PageListingViewSet):
    """« Éditions »: each edition with where its campaign stands and a link to its dossiers."""

    model = LabelEditionPage
    icon = "date"
    menu_label = _("Éditions")
    ordering = "-year"
    columns = [
        TitleColumn(
            "title",
            label=_("Édition"),
            url_name="wagtailadmin_pages:edit",
            sort_key="year",
            classname="title",
        ),
        Column("campaign", label=_("Campagne"), accessor=lambda page: page.campaign.label),
        DateColumn("applications_close", label=_("Clôture des candidatures")),
        TitleColumn(
            "dossiers",
            label=_("Dossiers"),
            accessor=lambda page: _("Voir les dossiers"),
            get_url=lambda page: dossiers_url(page),
        ),
    ]

    @cached_property
    def menu_item_class(self):
        # Agents hold page permissions too (on their collectivity): Wagtail would show them
        # this entry. It belongs to those who run the label.
        class EditionsMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm("labels.view_participation")

        return EditionsMenuItem


def dossiers_url(edition) -> str:
    return reverse(Participation.snippet_viewset.get_url_name("list")) + f"?edition={edition.pk}"


def _regions():
    return sorted(geography.regions().items(), key=lambda item: item[1])


def _departements():
    return [
        (code, f"{row['nom']} ({code})") for code, row in sorted(geography.departements().items())
    ]


class ParticipationFilterSet(WagtailFilterSet):
    edition = django_filters.ModelChoiceFilter(
        label=_("Édition"),
        queryset=LabelEditionPage.objects.order_by("-year"),
        empty_label=_("Toutes"),
    )
    status = django_filters.ChoiceFilter(
        label=_("État du dossier"),
        choices=DossierStatus.choices,
        empty_label=_("Tous"),
        widget=forms.RadioSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type de collectivité"),
        field_name="collectivity__kind",
        choices=CollectivityKind.choices,
        empty_label=_("Tous"),
        widget=forms.RadioSelect,
    )
    region = django_filters.ChoiceFilter(
        label=_("Région"),
        field_name="collectivity__region",
        choices=_regions,
        empty_label=_("Toutes"),
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département"),
        field_name="collectivity__departement",
        choices=_departements,
        empty_label=_("Tous"),
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


class ParticipationIndexView(IndexView):
    # Wagtail's « Ajouter un(e) dossier de candidature » pushed the title off the header.
    add_item_label = _("Nouveau dossier")

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                name: spreadsheet_safe(self.preprocess_field_value(name, value, self.FORMAT_CSV))
                for name, value in row_dict.items()
            }
        )


def _arobases(participation) -> str:
    return f"{participation.arobases} @" if participation.arobases else "—"


def _excellence(participation) -> str:
    # Shown only where it was given: a red ✗ on every other row read like an error.
    return _("★ Excellence") if participation.excellence else ""


class ParticipationViewSet(SnippetViewSet):
    model = Participation
    index_view_class = ParticipationIndexView
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
        Column("status", label=_("État"), accessor="get_status_display", sort_key="status"),
        DateColumn("deposited_at", label=_("Déposé le"), sort_key="deposited_at"),
        NumberColumn("sheet_count", label=_("Fiches présentées"), sort_key="sheet_count"),
        # « None » (Python's word) was shown for a dossier the jury has not decided yet.
        Column("arobases", label=_("Arobases"), accessor=_arobases, sort_key="arobases"),
        Column("excellence", label=_("Distinction"), accessor=_excellence),
    ]
    list_export = [
        "number",
        "edition.year",
        "collectivity.code",
        "collectivity.title",
        "collectivity.get_kind_display",
        "collectivity.departement",
        "collectivity.region",
        "get_status_display",
        "deposited_at",
        "official_name",
        "official_role",
        "contact_name",
        "contact_email",
        "sheet_count",
    ]
    export_headings = {
        "number": _("Numéro"),
        "edition.year": _("Édition"),
        "collectivity.code": _("Code officiel"),
        "collectivity.title": _("Collectivité"),
        "collectivity.get_kind_display": _("Type"),
        "collectivity.departement": _("Département"),
        "collectivity.region": _("Région"),
        "get_status_display": _("État"),
        "deposited_at": _("Déposé le"),
        "official_name": _("Élu"),
        "official_role": _("Fonction de l'élu"),
        "contact_name": _("Agent référent"),
        "contact_email": _("Courriel de l'agent référent"),
        "sheet_count": _("Fiches présentées"),
    }
    export_filename = "dossiers"
    edit_handler = ObjectList(
        [
            FieldPanel("edition"),
            FieldPanel("collectivity"),
            FieldPanel("status"),
            FieldPanel("official_name"),
            FieldPanel("official_role"),
            FieldPanel("contact_name"),
            FieldPanel("contact_email"),
            FieldPanel("presentation"),
            FieldPanel("sheets"),
            LabelledInlinePanel(
                "awards",
                heading=_("Décision du jury"),
                label=_("distinction"),
                add_label=_("Ajouter une distinction"),
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
                # A dossier without sheets showed « None »: zero is what it has.
                sheet_count=Coalesce(Subquery(sheets), 0),
            )
            .order_by(*self.ordering)
        )


class LabelViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Label")
    menu_icon = "trophy"
    menu_order = 220
    items = (LabelEditionViewSet("editions"), ParticipationViewSet, MentionViewSet)
