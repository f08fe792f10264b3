from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from initiatives.listings import home_page_context
from initiatives.models.restricted_sections import PublicSectionsPageManager, ViewRestrictionsMixin
from initiatives.thematic import featured_collections

from .blocks import SitePageStreamBlock


class HomePage(ViewRestrictionsMixin, Page):
    heading = models.CharField(
        _("accroche"),
        max_length=255,
        blank=True,
        default="Les initiatives numériques des territoires, partagées",
    )
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "initiatives.CollectivityPage",
        "labels.LabelIndexPage",
        "initiatives.ThematicCollectionIndexPage",
        "home.SitePage",
    ]

    content_panels = [*Page.content_panels, FieldPanel("heading"), FieldPanel("introduction")]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(self))
        context["featured_collections"] = featured_collections()
        return context


class SitePage(ViewRestrictionsMixin, Page):
    """A page editors compose from blocks: mentions légales, accessibility statement,
    personal data, contact, site map. "Afficher dans les menus" puts it in the footer."""

    introduction = models.TextField(_("chapô"), blank=True)
    body = StreamField(SitePageStreamBlock(), verbose_name=_("contenu"), blank=True)

    objects = PublicSectionsPageManager()

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    class Meta:
        verbose_name = _("page du site")
        verbose_name_plural = _("pages du site")
