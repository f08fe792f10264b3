"""Thematic collections: action sheets gathered by the editors around a theme.

A collection has a hand-picked, ordered part (each sheet with an optional editorial note)
and, optionally, an automatic part: the newest published sheets matching chosen enjeux,
services or mots-clés. Both are computed when the page is served, so a sheet published
later joins the automatic part, and an unpublished one leaves every collection.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from initiatives.editing import (
    LabelledInlinePanel,
    promotion_tab,
    settings_tab,
    with_publishing,
)
from initiatives.slugs import FrenchSlugMixin, FrenchSlugPageForm
from initiatives.term_picker import TermPicker, enjeu_groups, service_groups

from .restricted_sections import PublicSectionsPageManager, ViewRestrictionsMixin
from .rich_text import RICH_TEXT_FEATURES

DEFAULT_AUTOMATIC_LIMIT = 12
MAX_AUTOMATIC_LIMIT = 60


class ThematicCollectionIndexPage(ViewRestrictionsMixin, Page):
    """The single "Collections" page under the home page; it lists the collections."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    max_count = 1
    objects = PublicSectionsPageManager()

    parent_page_types = ["home.HomePage"]
    subpage_types = ["initiatives.ThematicCollectionPage"]

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("index des collections thématiques")
        verbose_name_plural = _("index des collections thématiques")

    def get_context(self, request, *args, **kwargs):
        from initiatives.thematic import collection_index_context  # thematic imports models

        context = super().get_context(request, *args, **kwargs)
        context.update(collection_index_context(self))
        return context


class ThematicCollectionTag(TaggedItemBase):
    content_object = ParentalKey(
        "initiatives.ThematicCollectionPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class ThematicCollectionPage(FrenchSlugMixin, ViewRestrictionsMixin, Page):
    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Pourquoi ces fiches ensemble : le fil conducteur de la collection."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = models.BooleanField(
        _("à la une"),
        default=False,
        help_text=_("Présenter cette collection sur la page d'accueil."),
    )
    auto_enjeux = ParentalManyToManyField(
        "initiatives.Enjeu",
        blank=True,
        related_name="+",
        verbose_name=_("enjeux"),
    )
    auto_services = ParentalManyToManyField(
        "initiatives.Service",
        blank=True,
        related_name="+",
        verbose_name=_("services"),
    )
    auto_tags = ClusterTaggableManager(
        through=ThematicCollectionTag, blank=True, verbose_name=_("mots-clés")
    )
    auto_limit = models.PositiveSmallIntegerField(
        _("nombre maximal de fiches ajoutées automatiquement"),
        default=DEFAULT_AUTOMATIC_LIMIT,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_AUTOMATIC_LIMIT)],
    )

    objects = PublicSectionsPageManager()

    parent_page_types = ["initiatives.ThematicCollectionIndexPage"]
    subpage_types = []

    base_form_class = FrenchSlugPageForm
    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("introduction"),
        FieldPanel("cover_image"),
        FieldPanel("featured"),
    ]
    selection_panels = [
        LabelledInlinePanel(
            "sheet_items",
            heading=_("Fiches choisies"),
            label=_("fiche"),
            add_label=_("Ajouter une fiche"),
            help_text=_(
                "Dans l'ordre où elles apparaîtront. Seules les fiches publiées sont "
                "affichées : une fiche dépubliée disparaît de la collection sans la casser."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "auto_enjeux",
                    widget=TermPicker(
                        grouping=enjeu_groups,
                        search_label=_("Rechercher un enjeu"),
                        chosen_label=_("Enjeux choisis :"),
                    ),
                ),
                FieldPanel(
                    "auto_services",
                    widget=TermPicker(
                        grouping=service_groups,
                        search_label=_("Rechercher un service"),
                        chosen_label=_("Services choisis :"),
                    ),
                ),
                FieldPanel("auto_tags"),
                FieldPanel("auto_limit"),
            ],
            heading=_("Fiches ajoutées automatiquement"),
            help_text=_(
                "Facultatif. Les fiches publiées qui relèvent d'au moins un de ces enjeux, "
                "services ou mots-clés suivent les fiches choisies, les plus récentes "
                "d'abord ; une fiche publiée plus tard s'y ajoute d'elle-même."
            ),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(with_publishing(content_panels), heading=_("Présentation")),
            ObjectList(selection_panels, heading=_("Fiches")),
            promotion_tab(),
            settings_tab(),
        ]
    )

    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("collection thématique")
        verbose_name_plural = _("collections thématiques")

    def get_context(self, request, *args, **kwargs):
        from initiatives.thematic import lazy_collection_page_context  # thematic imports models

        context = super().get_context(request, *args, **kwargs)
        context.update(lazy_collection_page_context(self))
        return context


class ThematicCollectionSheet(Orderable):
    """One hand-picked sheet of a collection, with what the editors want to say about it."""

    collection = ParentalKey(
        ThematicCollectionPage, on_delete=models.CASCADE, related_name="sheet_items"
    )
    sheet = models.ForeignKey(
        "initiatives.ActionSheetPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("fiche action"),
    )
    note = models.TextField(
        _("note de la rédaction"),
        blank=True,
        max_length=600,
        help_text=_(
            "Facultatif : ce que cette fiche apporte à la collection, en une ou deux phrases."
        ),
    )

    panels = [FieldPanel("sheet"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("fiche choisie")
        verbose_name_plural = _("fiches choisies")

    def __str__(self):
        return str(self.sheet_id)
