"""RSS and Atom feeds of the newest published sheets: overall, per enjeu, per service, per
collectivity, per thematic collection. Only live sheets outside any view restriction."""

import datetime
import html
import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from atlaas.site_address import absolute_url
from initiatives import listings
from initiatives.models import Enjeu, Service, ThematicCollectionPage
from initiatives.thematic import collection_page_context
from search.analysis import strip_html

FEED_SIZE = 50
FALLBACK_WORDS = 60
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


# Where one paragraph of rich text ends and the next begins.
_BLOCK_END_RE = re.compile(r"</(?:p|li|h[1-6]|div|blockquote)\s*>|<br\s*/?>", re.IGNORECASE)


def plain_text(html: str) -> str:
    return " ".join(strip_html(html or "").split())


def plain_paragraphs(rich_text: str) -> list[str]:
    """The paragraphs of rich text as plain text, so that none runs into the next."""
    return [text for text in map(plain_text, _BLOCK_END_RE.split(rich_text or "")) if text]


def html_paragraphs(texts) -> str:
    """Plain texts as HTML paragraphs, each escaped: an agent's "<" stays a character."""
    return "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in texts)


def newest_first(sheets):
    """What a feed reader expects: the sheets most recently put online first, whatever the
    date of the action they describe."""
    return sheets.order_by("-first_published_at", "-pk")


class SheetsFeed(Feed):
    """The newest published sheets of the whole site; subclasses narrow the scope."""

    feed_type = Rss201rev2Feed
    language = "fr"

    def title(self, obj):
        return _("ATLAAS — les dernières fiches actions")

    def description(self, obj):
        return _(
            "Les initiatives numériques des collectivités publiées sur ATLAAS, "
            "les plus récentes d'abord."
        )

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return absolute_url("/")

    def get_feed(self, obj, request):
        # The feed's own address, like every other one, is the configured site's, whatever
        # host the reader asked for.
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path)
        return feed

    def sheets(self, obj):
        return listings.published_sheets()

    def items(self, obj):
        return newest_first(self.sheets(obj))[:FEED_SIZE]

    def item_title(self, sheet):
        return sheet.title

    def item_description(self, sheet):
        """HTML paragraphs (feed readers read a description as HTML; Atom says so with
        type="html"): the chapô, then the synthèse's own paragraphs. The texts are escaped,
        since strip_html() gives back a "<" the rich text held as "&lt;"."""
        # The chapô is plain text already: what looks like a tag in it is text.
        paragraphs = [text for text in [" ".join(sheet.subtitle.split())] if text]
        paragraphs += plain_paragraphs(sheet.synthese)
        # A sheet without chapô nor synthèse still says something in a feed reader.
        if not paragraphs:
            paragraphs = [Truncator(plain_text(sheet.actions)).words(FALLBACK_WORDS)]
        return html_paragraphs(text for text in paragraphs if text)

    def item_link(self, sheet):
        return absolute_url(sheet.get_url())

    def item_pubdate(self, sheet):
        return sheet.first_published_at

    def item_updateddate(self, sheet):
        return sheet.last_published_at

    def item_author_name(self, sheet):
        return sheet.collectivity.title if sheet.collectivity else None

    def item_categories(self, sheet):
        return [enjeu.name for enjeu in sheet.enjeux]


class EnjeuFeed(SheetsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Enjeu, slug=slug)

    def title(self, enjeu):
        return _("ATLAAS — enjeu « %(name)s »") % {"name": enjeu.name}

    def description(self, enjeu):
        return _("Les dernières fiches actions de l'enjeu « %(name)s ».") % {"name": enjeu.name}

    def link(self, enjeu):
        return absolute_url(enjeu.get_absolute_url())

    def sheets(self, enjeu):
        return listings.sheets_of_enjeu(enjeu)


class ServiceFeed(SheetsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Service, slug=slug)

    def title(self, service):
        return _("ATLAAS — service « %(name)s »") % {"name": service.name}

    def description(self, service):
        return _("Les dernières fiches actions du service « %(name)s ».") % {"name": service.name}

    def link(self, service):
        return absolute_url(service.get_absolute_url())

    def sheets(self, service):
        return listings.sheets_of_service(service)


class CollectivityFeed(SheetsFeed):
    def get_object(self, request, code):
        return get_object_or_404(listings.published_collectivities(), code=code)

    def title(self, collectivity):
        return _("ATLAAS — %(name)s") % {"name": collectivity.title}

    def description(self, collectivity):
        return _("Les dernières fiches actions publiées par %(name)s.") % {
            "name": collectivity.title
        }

    def link(self, collectivity):
        return absolute_url(collectivity.get_url())

    def sheets(self, collectivity):
        return listings.published_sheets().filter(collectivity_id=collectivity.pk)


class CollectionFeed(SheetsFeed):
    def get_object(self, request, slug):
        collection = ThematicCollectionPage.objects.live().public().filter(slug=slug).first()
        if collection is None:
            raise Http404
        return collection

    def title(self, collection):
        return _("ATLAAS — collection « %(name)s »") % {"name": collection.title}

    def description(self, collection):
        return _("Les fiches actions de la collection « %(name)s », les plus récentes d'abord.") % {
            "name": collection.title
        }

    def link(self, collection):
        return absolute_url(collection.get_url())

    def items(self, collection):
        context = collection_page_context(collection)
        sheets = [item["sheet"] for item in context["picked"]] + list(context["automatic"])
        sheets.sort(key=lambda sheet: (sheet.first_published_at or EPOCH, sheet.pk), reverse=True)
        return sheets[:FEED_SIZE]


def atom(feed_class):
    """The Atom twin of an RSS feed class."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed})
