"""Metadata that makes a shared link look right: Open Graph tags and cards on every page,
each with a picture (the sheet's first image, the collectivity's logo, a drawn picture for an
award, the site's own otherwise), and schema.org JSON-LD for sheets and collectivities.
Everything is read from the page's context (no extra query for what the page already loaded);
the JSON is escaped so that no text can close its script.

Dates mean one thing everywhere: ``datePublished`` and ``article:published_time`` are the
sheet's first publication on ATLAAS, ``dateModified`` and ``article:modified_time`` its last;
the date of the action itself is its ``temporalCoverage``."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.images.models import SourceImageIOError

from atlaas.site_address import absolute_url
from initiatives.templatetags.atlaas_tags import canonical_url
from search.analysis import strip_html

register = template.Library()

OG_IMAGE_SPEC = "fill-1200x630"
# The site's own picture, for pages that have none of their own (drawn by
# labels/share_image.py's style; see static/img/partage.png).
DEFAULT_IMAGE = {"path": "img/partage.png", "width": 1200, "height": 630}
DESCRIPTION_WORDS = 40
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# Inside <script>, "</script>" or "<!--" in a title would end or break the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped just above


def _plain(html: str) -> str:
    return " ".join(strip_html(html or "").split())


def _absolute(request, url: str) -> str:
    return absolute_url(url) if url else ""


def _og_image(request, image, alt: str = "") -> dict | None:
    if image is None:
        return None
    try:
        rendition = image.get_rendition(OG_IMAGE_SPEC)
    except (SourceImageIOError, OSError):  # a missing file must not break the page
        return None
    return {
        "url": _absolute(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or image.title,
    }


def _organisation(request, collectivity) -> dict | None:
    if collectivity is None:
        return None
    organisation = {
        "@type": "GovernmentOrganization",
        "name": collectivity.title,
        "url": _absolute(request, collectivity.get_url(request)),
        "address": {"@type": "PostalAddress", "addressCountry": "FR"},
    }
    if collectivity.region_name:
        organisation["address"]["addressRegion"] = collectivity.region_name
    if collectivity.website:
        organisation["sameAs"] = collectivity.website
    return organisation


def _local(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def sheet_description(page) -> str:
    text = page.search_description or page.subtitle or _plain(page.synthese)
    return Truncator(text).words(DESCRIPTION_WORDS)


def _read(context, name) -> list:
    """A list of the page's context, computed now if the page gave it lazily."""
    value = context.get(name) or []
    return value() if callable(value) else value


@register.inclusion_tag("opendata/page_meta.html", takes_context=True)
def sheet_meta(context, page):
    """Open Graph and an Article in JSON-LD, its author and publisher the collectivity."""
    request = context["request"]
    url = canonical_url(context)
    collectivity = context.get("collectivity")
    enjeux = _read(context, "enjeux")
    images = _read(context, "images")
    description = sheet_description(page)
    image = _og_image(request, images[0].image, images[0].caption) if images else None
    image = image or default_image()
    organisation = _organisation(request, collectivity)
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": Truncator(page.title).chars(110),
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "fr-FR",
        "datePublished": _local(page.first_published_at),
        "dateModified": _local(page.last_published_at),
        "temporalCoverage": page.date.isoformat() if page.date else None,
        "about": [{"@type": "Thing", "name": enjeu.name} for enjeu in enjeux],
        "keywords": [tag.name for tag in _read(context, "tags")],
        "license": LICENCE_URL,
    }
    if organisation:
        article["author"] = organisation
        article["publisher"] = organisation
    if image:
        article["image"] = image["url"]
    return {
        "og": {
            "type": "article",
            "title": page.seo_title or page.title,
            "description": description,
            "url": url,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "image": image,
            "published_time": page.first_published_at,
            "modified_time": page.last_published_at,
            "sections": [enjeu.name for enjeu in enjeux],
        },
        "json_ld": json_ld({key: value for key, value in article.items() if value}),
    }


@register.inclusion_tag("opendata/page_meta.html", takes_context=True)
def collectivity_meta(context, page):
    """Open Graph and a GovernmentOrganization serving its AdministrativeArea."""
    request = context["request"]
    url = canonical_url(context)
    description = page.search_description or _(
        "%(name)s (%(kind)s) : ses initiatives numériques partagées sur ATLAAS."
    ) % {"name": page.title, "kind": page.get_kind_display()}
    logo = _og_image(request, page.logo)
    image = logo or default_image()
    organisation = {"@context": "https://schema.org", **_organisation(request, page)}
    organisation.update(
        {
            "url": url,
            "description": description,
            "areaServed": {
                "@type": "AdministrativeArea",
                "name": page.title,
                "identifier": page.code,
            },
        }
    )
    if page.departement_name:
        organisation["areaServed"]["containedInPlace"] = {
            "@type": "AdministrativeArea",
            "name": page.departement_name,
        }
    if logo:
        organisation["logo"] = logo["url"]
    return {
        "og": {
            "type": "website",
            "title": page.seo_title or page.title,
            "description": description,
            "url": url,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "image": image,
        },
        "json_ld": json_ld(organisation),
    }


def default_image() -> dict:
    return {
        "url": _absolute(None, static(DEFAULT_IMAGE["path"])),
        "width": DEFAULT_IMAGE["width"],
        "height": DEFAULT_IMAGE["height"],
        "alt": _("ATLAAS, les initiatives numériques des territoires, par Villes Internet"),
    }


@register.inclusion_tag("opendata/page_meta.html", takes_context=True)
def social_meta(context, image=None):
    """Open Graph and cards of any page: its title and description as the page writes them
    (captured by base.html), its canonical address and a picture."""
    return {
        "og": {
            "type": "website",
            "title": context.get("page_title") or context.get("document_title"),
            "description": context.get("page_description"),
            "url": canonical_url(context),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "image": image or default_image(),
        },
        "json_ld": "",
    }


@register.inclusion_tag("opendata/page_meta.html", takes_context=True)
def award_meta(context, edition, award):
    """An award page's card shows the drawn picture of the collectivity's arobases, since
    laureates share these pages."""
    collectivity = award.participation.collectivity
    path = edition.url + edition.reverse_subpage("award_image", args=[collectivity.slug])
    image = {
        "url": _absolute(None, path),
        "width": 1200,
        "height": 630,
        "alt": _("%(name)s, %(count)s @ au %(title)s")
        % {"name": collectivity.title, "count": award.arobases, "title": edition.title},
    }
    return social_meta(context, image=image)
