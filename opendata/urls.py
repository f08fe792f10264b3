"""The open data addresses: API v2, RSS and Atom feeds, sitemap and robots.txt."""

from django.urls import include, path

from . import feeds, views
from .api import api_router

# One RSS and one Atom address per scope: /flux/<scope>.rss and /flux/<scope>.atom.
FEED_ROUTES = [
    ("fiches", "sheets", feeds.SheetsFeed),
    ("enjeux/<slug:slug>", "enjeu", feeds.EnjeuFeed),
    ("services/<slug:slug>", "service", feeds.ServiceFeed),
    ("collectivites/<str:code>", "collectivity", feeds.CollectivityFeed),
    ("collections/<slug:slug>", "collection", feeds.CollectionFeed),
]

public_patterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
for route, name, feed_class in FEED_ROUTES:
    public_patterns += [
        path(f"flux/{route}.rss", feed_class(), name=f"{name}_rss"),
        path(f"flux/{route}.atom", feeds.atom(feed_class)(), name=f"{name}_atom"),
    ]

urlpatterns = [
    # The API router reverses its own namespace ("wagtailapi"): it stays at the top level.
    path("api/v2/", api_router.urls),
    path("", include((public_patterns, "opendata"))),
]
