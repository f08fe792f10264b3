"""The fiche action: one initiative of a collectivity, classed in the référentiel."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from initiatives.api_serializers import (
    ContactSerializer,
    EnjeuSerializer,
    LinkSerializer,
    ServiceSerializer,
    SheetDocumentSerializer,
    SheetImageSerializer,
    TagNamesField,
)
from initiatives.editing import (
    PLUMBING_CODENAME,
    PLUMBING_PERMISSION,
    LabelledInlinePanel,
    SheetChecklistPanel,
    promotion_tab,
    settings_tab,
    with_publishing,
)
from initiatives.inspiration import InspirationLinksField, SheetForm
from initiatives.one_line import has_line_break
from initiatives.slugs import FrenchSlugMixin
from initiatives.term_picker import TermPicker, service_groups
from search.analysis import flatten_texts, folded_twin, strip_html

from .collectivity import CollectivityPage
from .referentiel import Enjeu
from .restricted_sections import PublicSectionsPageManager, ViewRestrictionsMixin
from .rich_text import RICH_TEXT_FEATURES

# What save() derives from the other fields (``ActionSheetPage.derive_fields``).
DERIVED_FIELDS = ("plain_text", "plain_text_twin")
# The rich texts a search result quotes, after the chapô (``ActionSheetPage.plain_text``).
RICH_TEXTS_QUOTED = ("synthese", "actions", "resultats")


def new_external_id() -> str:
    return f"atlaas-{uuid.uuid4().hex[:16]}"


class ActionStatus(models.TextChoices):
    """Where the action itself stands: a sheet describes something that lives on."""

    PLANNED = "planned", _("en projet")
    RUNNING = "running", _("en cours")
    DONE = "done", _("terminée")
    ABANDONED = "abandoned", _("abandonnée")


class ActionSheetTag(TaggedItemBase):
    content_object = ParentalKey(
        "initiatives.ActionSheetPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ActionSheetPage(FrenchSlugMixin, ViewRestrictionsMixin, Page):
    external_id = models.CharField(
        _("identifiant d'import"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Clé stable de la fiche pour l'import et l'export ; générée si vide."),
    )
    # Denormalised from the parent page so that listings and search filters join directly.
    collectivity = models.ForeignKey(
        CollectivityPage,
        on_delete=models.SET_NULL,
        related_name="action_sheets",
        null=True,
        editable=False,
    )
    subtitle = models.CharField(
        _("chapô"),
        max_length=300,
        blank=True,
        help_text=_("Deux lignes au plus : ce que la fiche apporte au lecteur."),
    )
    # The chapô, synthèse, actions and résultats as one line of plain text, what search
    # results quote: derived by save() (``derive_fields``), so that a search reads it
    # rather than strip three rich texts per result (0.5–0.7 ms of a cold search).
    plain_text = models.TextField(blank=True, default="", editable=False)
    # Its folded twin (``search.analysis.folded_twin``): where the query's words may start
    # is found in it by substring searches rather than word by word.
    plain_text_twin = models.TextField(blank=True, default="", editable=False)
    date = models.DateField(
        _("date"), help_text=_("Date de mise en œuvre de l'action (ou de son lancement).")
    )
    action_status = models.CharField(
        _("état de l'action"),
        max_length=16,
        choices=ActionStatus.choices,
        default=ActionStatus.RUNNING,
        # Not required in forms: a form that leaves it out keeps the stored status.
        blank=True,
        help_text=_("Une action en cours reste présentable au label, quelle que soit sa date."),
    )
    # The day an agent last said the status still holds (their dashboard asks for it when a
    # campaign opens); empty until then, the publication date standing in for it.
    status_confirmed_on = models.DateField(_("état confirmé le"), null=True, blank=True)
    actions = RichTextField(
        _("actions"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Ce qui a été fait, de manière factuelle : étapes, moyens, calendrier, publics."
        ),
    )
    synthese = RichTextField(
        _("synthèse"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("L'essentiel en quelques phrases, pour un lecteur pressé."),
    )
    outils = models.TextField(
        _("outils"), blank=True, help_text=_("Outils, logiciels et matériels utilisés.")
    )
    prestataires = models.TextField(
        _("prestataires"), blank=True, help_text=_("Partenaires et prestataires de l'action.")
    )
    recommandations = RichTextField(
        _("recommandations"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Ce que vous conseilleriez à une collectivité qui voudrait s'en inspirer."),
    )
    resultats = RichTextField(
        _("résultats"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Résultats mesurés : usages, chiffres, retours des habitants."),
    )
    services = ParentalManyToManyField(
        "initiatives.Service",
        related_name="action_sheets",
        verbose_name=_("services"),
        help_text=_("Au moins un service du référentiel ; les enjeux en découlent."),
    )
    tags = ClusterTaggableManager(through=ActionSheetTag, blank=True, verbose_name=_("mots-clés"))

    objects = PublicSectionsPageManager()

    parent_page_types = ["initiatives.CollectivityPage"]
    subpage_types = []
    # A copy gets a new import id, and the collectivity of the page it is copied under.
    exclude_fields_in_copy = ["external_id", "collectivity"]

    base_form_class = SheetForm
    content_panels = [
        SheetChecklistPanel(),
        TitleFieldPanel(
            "title",
            placeholder=_("Titre de la fiche*"),
            help_text=_(
                "Le titre de la fiche, tel que les agents des autres collectivités le liront."
            ),
        ),
        FieldPanel("subtitle"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("action_status")]),
        FieldPanel("synthese"),
    ]
    results_panels = [
        FieldPanel("actions"),
        FieldPanel("resultats"),
        FieldPanel("recommandations"),
        FieldRowPanel([FieldPanel("outils"), FieldPanel("prestataires")]),
    ]
    inspiration_panels = [
        LabelledInlinePanel(
            "inspirations",
            heading=_("Inspirée de"),
            label=_("fiche"),
            add_label=_("Ajouter une fiche qui vous a inspiré"),
            help_text=_(
                "Facultatif : la fiche publiée d'une autre collectivité qui vous a donné l'idée. "
                "Elle affichera qu'elle vous a inspiré."
            ),
        )
    ]
    classification_panels = [
        FieldPanel(
            "services",
            widget=TermPicker(
                grouping=service_groups,
                search_label=_("Rechercher un service (par son nom, son enjeu ou sa catégorie)"),
                chosen_label=_("Services choisis :"),
            ),
        ),
        FieldPanel("tags"),
        *inspiration_panels,
    ]
    contact_panels = [
        LabelledInlinePanel(
            "contacts",
            heading=_("Contacts"),
            label=_("contact"),
            add_label=_("Ajouter un contact"),
        ),
        LabelledInlinePanel(
            "links", heading=_("Liens"), label=_("lien"), add_label=_("Ajouter un lien")
        ),
    ]
    media_panels = [
        LabelledInlinePanel(
            "images", heading=_("Images"), label=_("image"), add_label=_("Ajouter une image")
        ),
        LabelledInlinePanel(
            "documents",
            heading=_("Documents"),
            label=_("document"),
            add_label=_("Ajouter un document"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(with_publishing(content_panels), heading=_("Description")),
            ObjectList(results_panels, heading=_("Actions et résultats")),
            ObjectList(classification_panels, heading=_("Classement")),
            ObjectList(contact_panels, heading=_("Contacts et liens")),
            ObjectList(media_panels, heading=_("Médias")),
            promotion_tab(),
            settings_tab(
                MultiFieldPanel(
                    [FieldPanel("external_id", permission=PLUMBING_PERMISSION)],
                    heading=_("Import"),
                )
            ),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("synthese"),
        index.SearchField("actions"),
        index.SearchField("resultats"),
        index.SearchField("recommandations"),
        index.SearchField("outils"),
        index.SearchField("prestataires"),
        index.AutocompleteField("title"),
        index.RelatedFields("services", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("collectivity_id"),
        index.FilterField("date"),
        index.FilterField("external_id"),
    ]

    # The public API (/api/v2/): what the page shows, never a hidden contact address.
    api_fields = [
        APIField("external_id"),
        APIField("subtitle"),
        APIField("date"),
        APIField("action_status"),
        APIField("status_confirmed_on"),
        APIField("collectivity"),
        APIField("synthese"),
        APIField("actions"),
        APIField("resultats"),
        APIField("recommandations"),
        APIField("outils"),
        APIField("prestataires"),
        APIField("enjeux", serializer=EnjeuSerializer(many=True, read_only=True)),
        APIField("services", serializer=ServiceSerializer(many=True, read_only=True)),
        APIField("tags", serializer=TagNamesField()),
        APIField("contacts", serializer=ContactSerializer(many=True, read_only=True)),
        APIField("links", serializer=LinkSerializer(many=True, read_only=True)),
        APIField("images", serializer=SheetImageSerializer(many=True, read_only=True)),
        APIField("documents", serializer=SheetDocumentSerializer(many=True, read_only=True)),
        APIField("inspired_by", serializer=InspirationLinksField()),
        APIField("inspired", serializer=InspirationLinksField()),
    ]

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches actions")
        permissions = [
            (
                PLUMBING_CODENAME,
                "Can edit the address, menus, SEO and import id of pages",
            )
        ]
        indexes = [
            # A collectivity's sheets, most recent first (its page, "other sheets" on a
            # sheet): read in order instead of sorting every sheet of the site.
            models.Index(
                fields=["collectivity", "-date", "-page_ptr"], name="sheet_collectivity_date"
            ),
            # Every list of sheets, most recent first (the home page's latest, an enjeu's, a
            # service's, a collection's): read in order until the page is full instead of
            # sorting every published sheet (170 ms at 15,000 sheets on SQLite).
            models.Index(fields=["-date", "-page_ptr"], name="sheet_date"),
        ]

    @classmethod
    def get_indexed_objects(cls):
        # update_index otherwise runs several queries per sheet for its relations.
        return super().get_indexed_objects().prefetch_related("services", "tags")

    def serializable_data(self):
        # Revisions keep what an agent wrote, not the texts derived from it (2 KB a sheet).
        data = super().serializable_data()
        for name in DERIVED_FIELDS:
            data.pop(name, None)
        return data

    def with_content_json(self, content):
        # A revision saved before a move must not bring back the old collectivity.
        obj = super().with_content_json(content)
        obj.collectivity_id = self.collectivity_id
        obj.derive_fields()  # not in the revision (above)
        return obj

    def derive_fields(self) -> None:
        """What save() computes from the other fields (also called by bulk inserts)."""
        self.plain_text = flatten_texts(
            [self.subtitle, *(strip_html(getattr(self, name) or "") for name in RICH_TEXTS_QUOTED)]
        )
        self.plain_text_twin = folded_twin(self.plain_text)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.derive_fields()
        elif {"subtitle", *RICH_TEXTS_QUOTED} & set(update_fields):
            self.derive_fields()
            kwargs["update_fields"] = {*update_fields, *DERIVED_FIELDS}
        if not self.external_id:
            self.external_id = new_external_id()
        if self.collectivity_id is None and self.depth:
            parent = self.get_parent()
            if parent is not None:
                self.collectivity_id = parent.id
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        single_line = {
            name: _("Ce texte doit tenir sur une ligne : retirez le retour à la ligne.")
            for name in ("title", "subtitle")
            if has_line_break(getattr(self, name))
        }
        if single_line:
            raise ValidationError(single_line)
        if not self.action_status:
            self.action_status = ActionStatus.RUNNING
        if self.external_id:
            clash = ActionSheetPage.objects.filter(external_id=self.external_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"external_id": _("Une autre fiche porte déjà cet identifiant d'import.")}
                )

    def get_context(self, request, *args, **kwargs):
        from initiatives.listings import action_sheet_page_context  # listings imports models

        context = super().get_context(request, *args, **kwargs)
        context.update(action_sheet_page_context(self, request))
        return context

    @property
    def inspired_by(self) -> list["ActionSheetPage"]:
        """The published sheets of other collectivities this one names as its inspiration."""
        from initiatives.inspiration import inspiring_sheets

        return inspiring_sheets(self)

    @property
    def inspired(self) -> list["ActionSheetPage"]:
        """The published sheets that name this one as their inspiration."""
        from initiatives.inspiration import inspired_sheets

        return inspired_sheets(self)

    @property
    def status_updated_on(self):
        """« mise à jour le … »: the last confirmation of the status, else the last
        publication."""
        if self.status_confirmed_on:
            return self.status_confirmed_on
        published = self.last_published_at or self.first_published_at
        return published.date() if published else None

    @property
    def enjeux(self) -> list[Enjeu]:
        """The distinct enjeux of the sheet's services, in référentiel order."""
        seen = {}
        for service in self.services.all():
            seen.setdefault(service.enjeu_id, service.enjeu)
        return sorted(seen.values(), key=lambda enjeu: (enjeu.sort_order, enjeu.name))


class SheetInspiration(Orderable):
    """« Inspirée de » : a published sheet of another collectivity that gave the idea."""

    page = ParentalKey(ActionSheetPage, on_delete=models.CASCADE, related_name="inspirations")
    source = models.ForeignKey(
        ActionSheetPage,
        on_delete=models.CASCADE,
        related_name="inspired_items",
        verbose_name=_("fiche d'une autre collectivité"),
    )

    panels = [FieldPanel("source")]

    class Meta(Orderable.Meta):
        verbose_name = _("inspiration")
        verbose_name_plural = _("inspirations")

    def __str__(self):
        return str(self.source_id)


class SheetLink(Orderable):
    page = ParentalKey(ActionSheetPage, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("adresse"), max_length=500)
    title = models.CharField(_("libellé"), max_length=255, blank=True)

    panels = [FieldPanel("url"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("lien")
        verbose_name_plural = _("liens")

    def __str__(self):
        return self.title or self.url


class SheetContact(Orderable):
    page = ParentalKey(ActionSheetPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=255)
    role = models.CharField(_("fonction"), max_length=255, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    show_email = models.BooleanField(
        _("afficher le courriel publiquement"),
        default=False,
        help_text=_("Par défaut, le courriel n'est pas affiché sur le site."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("show_email")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class SheetImage(Orderable):
    page = ParentalKey(ActionSheetPage, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("légende"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class SheetDocument(Orderable):
    page = ParentalKey(ActionSheetPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
