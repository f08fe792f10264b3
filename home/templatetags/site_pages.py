"""The footer's links to the site's own pages (mentions légales, accessibilité…): read from
the cache, so that no page pays a query for its footer; publishing one of them refreshes it."""

from django import template
from django.core.cache import cache

register = template.Library()

CACHE_KEY = "footer-site-pages"


def footer_links() -> list[tuple[str, str]]:
    links = cache.get(CACHE_KEY)
    if links is None:
        from home.models import SitePage

        pages = SitePage.objects.live().public().filter(show_in_menus=True).order_by("path")
        links = [(page.title, page.get_url()) for page in pages]
        cache.set(CACHE_KEY, links, None)
    return links


def forget_footer_links(**kwargs) -> None:
    cache.delete(CACHE_KEY)


@register.simple_tag
def site_pages_footer():
    return footer_links()
