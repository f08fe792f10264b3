"""/sitemap.xml: the public pages of the Wagtail tree, the référentiel's pages (enjeux,
services with at least one published sheet), the lists, and the awards of the editions
whose palmarès is public. Every address is built on the Wagtail site's root URL, the one the
page tree uses, so that the whole file speaks of one host."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, Q
from django.urls import reverse

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

from initiatives.models import ActionSheetPage, Enjeu, Service
from labels.models import Award


class SiteSitemap(Sitemap):
    """A Django sitemap whose host and scheme are those of the request's Wagtail site."""

    def __init__(self, request):
        self.request = request
        self.wagtail_site = WagtailSitemap(request).get_wagtail_site()

    def get_protocol(self, protocol=None):
        return urlsplit(self.wagtail_site.root_url).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(self.wagtail_site.root_url).netloc


def _public_sheet_ids():
    return ActionSheetPage.objects.live().public().values("pk")


class ListsSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["initiatives:enjeu_list", "initiatives:collectivity_list"]

    def location(self, name):
        return reverse(name)


class EnjeuSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Enjeu.objects.annotate(
            lastmod=Max(
                "services__action_sheets__last_published_at",
                filter=Q(services__action_sheets__in=_public_sheet_ids()),
            )
        ).order_by("sort_order", "name")

    def lastmod(self, enjeu):
        return enjeu.lastmod


class ServiceSitemap(SiteSitemap):
    """Services with at least one published sheet: an empty service page helps no one."""

    changefreq = "weekly"

    def items(self):
        published = Q(action_sheets__in=_public_sheet_ids())
        return (
            Service.objects.annotate(
                sheet_count=Count("action_sheets", filter=published),
                lastmod=Max("action_sheets__last_published_at", filter=published),
            )
            .filter(sheet_count__gt=0)
            .order_by("sort_order", "name")
        )

    def lastmod(self, service):
        return service.lastmod


class AwardSitemap(SiteSitemap):
    """Award pages of the editions whose ceremony has taken place (the label's embargo)."""

    def items(self):
        return (
            Award.objects.public()
            .select_related("participation__edition", "participation__collectivity")
            .order_by("participation__edition__year", "participation__collectivity__title")
        )

    def location(self, award):
        edition = award.participation.edition
        _site_id, _root, edition_path = edition.get_url_parts(self.request)
        return edition_path + edition.reverse_subpage(
            "award", args=[award.participation.collectivity.slug]
        )


def sitemaps_for(request) -> dict:
    return {
        "pages": WagtailSitemap(request),
        "lists": ListsSitemap(request),
        "enjeux": EnjeuSitemap(request),
        "services": ServiceSitemap(request),
        "palmares": AwardSitemap(request),
    }
