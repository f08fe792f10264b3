"""The label's pages: the "Label" section and one page per edition, whose palmarès it shows."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet

from initiatives.models.rich_text import RICH_TEXT_FEATURES
from labels.campaign import CampaignStatus, campaign_state


class LabelIndexPage(Page):
    """/label/: the editions of the label, latest first."""

    introduction = RichTextField(_("présentation"), blank=True, features=RICH_TEXT_FEATURES)

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["labels.LabelEditionPage"]

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("rubrique du label")
        verbose_name_plural = _("rubriques du label")

    def get_context(self, request, *args, **kwargs):
        from labels.palmares import index_context  # palmares imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class LabelEditionQuerySet(PageQuerySet):
    def revealed(self, now=None):
        """Editions whose palmarès the public may see: published, outside any private
        section, and whose ceremony has begun. Every public page, feed, API, export and
        count of awards goes through this one rule (Award.objects.public())."""
        return self.live().public().filter(ceremony_at__lte=now or timezone.now())

    def upcoming(self, now=None):
        """Published editions whose palmarès is still under embargo."""
        return self.live().filter(ceremony_at__gt=now or timezone.now())


class LabelEditionPage(RoutablePageMixin, Page):
    year = models.PositiveSmallIntegerField(
        _("année"),
        unique=True,
        validators=[MinValueValidator(1999), MaxValueValidator(2100)],
        help_text=_("L'année du label : « Label 2023 » pour l'édition 2023."),
    )
    number = models.PositiveSmallIntegerField(
        _("numéro de l'édition"),
        validators=[MinValueValidator(1)],
        help_text=_("L'édition 2023 est la 24e."),
    )
    applications_open = models.DateField(_("ouverture des candidatures"))
    applications_close = models.DateField(_("clôture des candidatures"))
    jury_date = models.DateField(_("date du jury"), null=True, blank=True)
    ceremony_at = models.DateTimeField(
        _("date et heure de la cérémonie"),
        help_text=_(
            "Le palmarès reste confidentiel jusqu'à ce moment : avant, seuls les éditeurs le "
            "voient, en aperçu."
        ),
    )
    ceremony_place = models.CharField(_("lieu de la cérémonie"), max_length=255, blank=True)
    # Set when the jury's president closes the deliberation: decisions are then frozen.
    deliberation_closed_at = models.DateTimeField(
        _("délibéré clos le"), null=True, blank=True, editable=False
    )
    introduction = RichTextField(_("présentation"), blank=True, features=RICH_TEXT_FEATURES)

    objects = PageManager.from_queryset(LabelEditionQuerySet)()

    parent_page_types = ["labels.LabelIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("year"), FieldPanel("number")]),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("applications_open"), FieldPanel("applications_close")]),
                FieldPanel("jury_date"),
                FieldRowPanel([FieldPanel("ceremony_at"), FieldPanel("ceremony_place")]),
            ],
            heading=_("Calendrier"),
        ),
        InlinePanel("jury_members", heading=_("Jury"), label=_("membre du jury")),
    ]

    class Meta:
        verbose_name = _("édition du label")
        verbose_name_plural = _("éditions du label")

    def clean(self):
        super().clean()
        if (
            self.applications_open
            and self.applications_close
            and self.applications_close < self.applications_open
        ):
            raise ValidationError(
                {
                    "applications_close": _(
                        "La clôture des candidatures ne peut précéder leur ouverture."
                    )
                }
            )

    @property
    def campaign(self) -> CampaignStatus:
        """Where this edition's campaign stands now (see labels/campaign.py)."""
        return CampaignStatus(campaign_state(self), self)

    def is_revealed(self, now=None) -> bool:
        return type(self).objects.revealed(now).filter(pk=self.pk).exists()

    def shows_embargoed_palmares(self, request) -> bool:
        """Before the ceremony, editors see the palmarès they prepare: in Wagtail's preview,
        and on the site when they may edit this page. Never the public."""
        if getattr(request, "is_preview", False):
            return True
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self.pk is None:
            return False
        return self.permissions_for_user(user).can_edit()

    def get_context(self, request, *args, **kwargs):
        from labels.palmares import edition_context  # palmares imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(edition_context(self, request))
        return context

    @path("<slug:slug>/", name="award")
    def award(self, request, slug):
        from labels.palmares import award_context

        context = Page.get_context(self, request)
        found = award_context(self, request, slug)
        if found is None:
            raise Http404
        context.update(found)
        return TemplateResponse(request, "labels/award_page.html", context)

    def award_url(self, collectivity_slug: str, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("award", args=[collectivity_slug])


class JuryMember(Orderable):
    page = ParentalKey(LabelEditionPage, on_delete=models.CASCADE, related_name="jury_members")
    name = models.CharField(_("nom"), max_length=255)
    role = models.CharField(_("qualité"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("membre du jury")
        verbose_name_plural = _("membres du jury")

    def __str__(self):
        return self.name
