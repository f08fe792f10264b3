"""The référentiel: 4 catégories → 16 enjeux → 139 services, each with a slug and an order."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class Taxonomy(models.Model):
    """A term of a controlled vocabulary: a stable slug, a French name, a position."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=255)
    sort_order = models.PositiveIntegerField(_("ordre"), default=0, db_index=True)

    # Not in the search index: a few hundred names are matched in memory (search app) and
    # searched with the ORM in the admin.
    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Category(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")


class Enjeu(Taxonomy):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="enjeux", verbose_name=_("catégorie")
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("description"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = _("enjeu")
        verbose_name_plural = _("enjeux")

    def get_absolute_url(self):
        return reverse("initiatives:enjeu", args=[self.slug])


class Service(Taxonomy):
    enjeu = models.ForeignKey(
        Enjeu, on_delete=models.PROTECT, related_name="services", verbose_name=_("enjeu")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("enjeu")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def get_absolute_url(self):
        return reverse("initiatives:service", args=[self.slug])
