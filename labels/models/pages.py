"""The label's pages: the "Label" section and one page per edition, whose palmarès it shows."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from initiatives.editing import LabelledInlinePanel
from initiatives.models.restricted_sections import (
    PublicSectionsPageManager,
    PublicSectionsQuerySet,
    ViewRestrictionsMixin,
)
from initiatives.models.rich_text import RICH_TEXT_FEATURES
from labels.access import LabelSectionPageMixin, may_see_embargoed_palmares
from labels.campaign import CampaignStatus, campaign_state


class LabelIndexPage(LabelSectionPageMixin, ViewRestrictionsMixin, Page):
    """/label/: the editions of the label, latest first."""

    introduction = RichTextField(_("présentation"), blank=True, features=RICH_TEXT_FEATURES)

    max_count = 1
    objects = PublicSectionsPageManager()

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


class LabelEditionQuerySet(PublicSectionsQuerySet):
    def revealed(self, now=None):
        """Editions whose palmarès the public may see: published, outside any private
        section, and whose ceremony has begun. Every public page, feed, API, export and
        count of awards goes through this one rule (Award.objects.public())."""
        return self.live().public().filter(ceremony_at__lte=now or timezone.now())

    def upcoming(self, now=None):
        """Published editions whose palmarès is still under embargo."""
        return self.live().filter(ceremony_at__gt=now or timezone.now())


class LabelEditionPage(LabelSectionPageMixin, RoutablePageMixin, ViewRestrictionsMixin, Page):
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
    excellence_five_labels_required = models.PositiveSmallIntegerField(
        _("labels 5 @ antérieurs requis pour l'excellence"),
        default=3,
        validators=[MaxValueValidator(30)],
        help_text=_(
            "Le jury ne peut proposer « Territoire d'excellence numérique » qu'à une "
            "collectivité labellisée 5 @ au moins ce nombre de fois lors des éditions "
            "précédentes."
        ),
    )
    introduction = RichTextField(_("présentation"), blank=True, features=RICH_TEXT_FEATURES)

    objects = PublicSectionsPageManager.from_queryset(LabelEditionQuerySet)()

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
        FieldPanel("excellence_five_labels_required"),
        LabelledInlinePanel(
            "jury_members",
            heading=_("Jury"),
            label=_("membre du jury"),
            add_label=_("Ajouter un membre du jury"),
        ),
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

    def with_content_json(self, content):
        # Closing the deliberation is the jury's act, not an edit of the page: publishing a
        # revision written before it (or before a reopening) must not undo it.
        page = super().with_content_json(content)
        page.deliberation_closed_at = self.deliberation_closed_at
        return page

    @property
    def campaign(self) -> CampaignStatus:
        """Where this edition's campaign stands now (see labels/campaign.py)."""
        return CampaignStatus(campaign_state(self), self)

    def is_revealed(self, now=None) -> bool:
        return type(self).objects.revealed(now).filter(pk=self.pk).exists()

    def shows_embargoed_palmares(self, request) -> bool:
        """Before the ceremony, the palmarès is shown in Wagtail's preview (whose views
        let in only those who may edit the page) and on the site to the users of
        ``may_see_embargoed_palmares``. Never the public."""
        if getattr(request, "is_preview", False):
            return True
        return may_see_embargoed_palmares(getattr(request, "user", None), self)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.ceremony_at > timezone.now() and self.shows_embargoed_palmares(request):
            # A palmarès under embargo, shown to one user: no shared cache may keep it.
            patch_cache_control(response, private=True)
        return response

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
        base = self.award_url(slug, request)
        context["kit_urls"] = {"badge": base + "badge/", "certificate": base + "diplome/"}
        context["kit_alt"] = _("Badge du label %(year)s de %(name)s : %(level)s arobases sur 5") % {
            "year": self.year,
            "name": found["collectivity"].title,
            "level": found["award"].arobases,
        }
        return TemplateResponse(request, "labels/award_page.html", context)

    @path("<slug:slug>/badge/", name="award_badge")
    def award_badge(self, request, slug):
        from labels.ceremony.kit import badge_response

        return badge_response(self, request, slug)

    @path("<slug:slug>/diplome/", name="award_certificate")
    def award_certificate(self, request, slug):
        from labels.ceremony.kit import certificate_response

        return certificate_response(self, request, slug)

    # Wagtail serves paths of words and slashes only: no ".png" in it.
    @path("<slug:slug>/image-de-partage/", name="award_image")
    def award_image(self, request, slug):
        """The picture shared with the award page (Open Graph): public awards only."""
        from django.http import HttpResponse

        from labels.palmares import edition_awards
        from labels.share_image import award_image

        award = (
            edition_awards(self)
            .filter(participation__collectivity__slug=slug)
            .select_related("participation__collectivity", "participation__edition")
            .first()
        )
        if award is None:
            raise Http404
        response = HttpResponse(award_image(award), content_type="image/png")
        # Social networks fetch it again and again; the award rarely changes.
        response["Cache-Control"] = "public, max-age=86400"
        return response

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
