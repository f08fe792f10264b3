"""A collectivity (village, ville, intercommunalité): the parent page of its action sheets."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

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
from wagtail.models import Page
from wagtail.search import index

from initiatives import geography
from initiatives.api_serializers import ImageSummarySerializer
from initiatives.editing import promotion_tab, settings_tab, with_publishing
from initiatives.slugs import FrenchSlugMixin, FrenchSlugPageForm

from .restricted_sections import PublicSectionsPageManager, ViewRestrictionsMixin
from .rich_text import RICH_TEXT_FEATURES


class CollectivityKind(models.TextChoices):
    VILLAGE = "village", _("Village")
    VILLE = "ville", _("Ville")
    INTERCOMMUNALITE = "intercommunalite", _("Intercommunalité")


class CollectivityPage(FrenchSlugMixin, ViewRestrictionsMixin, Page):
    kind = models.CharField(
        _("type de collectivité"), max_length=20, choices=CollectivityKind.choices
    )
    code = models.CharField(
        _("code officiel"),
        max_length=9,
        unique=True,
        help_text=_(
            "Code INSEE de la commune (ex. 35288, 2A004) ou SIREN à 9 chiffres de "
            "l'intercommunalité. Saisir le code remplit le nom, la population, le "
            "département et la région, qui restent modifiables."
        ),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    departement = models.CharField(_("département (code)"), max_length=3, blank=True)
    # Overseas collectivities have three-character codes (975, 977, 984, 986-989).
    region = models.CharField(_("région (code INSEE)"), max_length=3, blank=True)
    website = models.URLField(_("site internet"), max_length=500, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.TextField(
        _("communes membres"),
        blank=True,
        help_text=_(
            "Pour une intercommunalité : codes INSEE des communes membres, séparés par des "
            "virgules. Laissé vide, il est rempli d'après le code officiel géographique."
        ),
    )
    introduction = RichTextField(_("présentation"), blank=True, features=RICH_TEXT_FEATURES)

    objects = PublicSectionsPageManager()

    parent_page_types = ["home.HomePage"]
    subpage_types = ["initiatives.ActionSheetPage"]

    content_panels = [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("kind"),
                TitleFieldPanel("title"),
                FieldRowPanel(
                    [FieldPanel("population"), FieldPanel("departement"), FieldPanel("region")]
                ),
                FieldPanel("members"),
            ],
            heading=_("Identité"),
        ),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("introduction"),
    ]
    base_form_class = FrenchSlugPageForm
    edit_handler = TabbedInterface(
        [
            ObjectList(with_publishing(content_panels), heading=_("Contenu")),
            promotion_tab(),
            settings_tab(),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("code"),
        index.FilterField("departement"),
        index.FilterField("region"),
        index.FilterField("population"),
    ]

    api_fields = [
        APIField("kind"),
        APIField("code"),
        APIField("population"),
        APIField("departement"),
        APIField("departement_name"),
        APIField("region"),
        APIField("region_name"),
        APIField("website"),
        APIField("logo", serializer=ImageSummarySerializer(read_only=True)),
        APIField("introduction"),
        APIField("member_codes"),
    ]

    class Meta:
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")

    @property
    def member_codes(self) -> list[str]:
        return parse_member_codes(self.members)

    @property
    def departement_name(self) -> str:
        return geography.departement_name(self.departement)

    @property
    def region_name(self) -> str:
        return geography.region_name(self.region)

    def clean(self):
        super().clean()
        apply_official_geography(self)

    def get_context(self, request, *args, **kwargs):
        from initiatives.listings import collectivity_page_context  # listings imports models

        context = super().get_context(request, *args, **kwargs)
        context.update(collectivity_page_context(self, request))
        return context


def parse_member_codes(raw: str) -> list[str]:
    tokens = (geography.normalize_code(token) for token in raw.replace(";", ",").split(","))
    return [token for token in tokens if token]


def apply_official_geography(collectivity) -> None:
    """Validates the code against the COG and fills what the user left empty.

    Raises ValidationError with one message per field, in French, so the admin form and the
    importers report the same reasons.
    """
    errors = {}
    collectivity.code = geography.normalize_code(collectivity.code)
    place = geography.lookup(collectivity.code)
    is_interco = collectivity.kind == CollectivityKind.INTERCOMMUNALITE
    if place is None:
        if is_interco or geography.SIREN_RE.match(collectivity.code):
            errors["code"] = _(
                "« %(code)s » n'est le SIREN d'aucune intercommunalité du code officiel "
                "géographique (9 chiffres attendus)."
            ) % {"code": collectivity.code}
        else:
            errors["code"] = _(
                "« %(code)s » n'est le code INSEE d'aucune commune du code officiel "
                "géographique (5 caractères, ex. 35288 ou 2A004)."
            ) % {"code": collectivity.code}
        raise ValidationError(errors)

    if not collectivity.kind:
        collectivity.kind = place.kind
    elif is_interco != (place.kind == CollectivityKind.INTERCOMMUNALITE):
        errors["kind"] = (
            _("Un code SIREN désigne une intercommunalité.")
            if place.kind == CollectivityKind.INTERCOMMUNALITE
            else _("Une intercommunalité se désigne par son SIREN à 9 chiffres, pas un code INSEE.")
        )
    if not collectivity.title:
        collectivity.title = place.name
    if collectivity.population is None:
        collectivity.population = place.population
    if not collectivity.departement:
        collectivity.departement = place.departement
    if not collectivity.region:
        collectivity.region = place.region
    if is_interco and not collectivity.members.strip():
        collectivity.members = ", ".join(place.members)

    if collectivity.departement and not geography.departement_name(collectivity.departement):
        errors["departement"] = _("Département inconnu : « %(code)s ».") % {
            "code": collectivity.departement
        }
    if collectivity.region and not geography.region_name(collectivity.region):
        errors["region"] = _("Région inconnue : « %(code)s ».") % {"code": collectivity.region}
    members = parse_member_codes(collectivity.members)
    unknown = [code for code in members if code not in geography.communes()]
    if unknown:
        errors["members"] = _("Codes INSEE inconnus : %(codes)s.") % {"codes": ", ".join(unknown)}
    elif members and not is_interco:
        errors["members"] = _("Seule une intercommunalité a des communes membres.")
    else:
        collectivity.members = ", ".join(members)
    if errors:
        raise ValidationError(errors)
