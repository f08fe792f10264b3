"""The laureate's kit: an SVG badge and a printable certificate, under the award page's
address and its embargo (nothing before the ceremony, except to editors and the jury)."""

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..jury.deliberation import badge_kind_label
from ..models.awards import LEVELS
from ..palmares import edition_awards


def laureate_award(edition, request, slug: str):
    award = (
        edition_awards(edition, preview=edition.shows_embargoed_palmares(request))
        .filter(participation__collectivity__slug=slug)
        .select_related("participation__collectivity")
        .prefetch_related("mentions")
        .first()
    )
    if award is None:
        raise Http404
    return award


def kit_context(edition, award) -> dict:
    collectivity = award.participation.collectivity
    return {
        "edition": edition,
        "award": award,
        "collectivity": collectivity,
        "kind_label": badge_kind_label(collectivity.kind),
        "marks": [level <= award.arobases for level in LEVELS],
        "mentions": list(award.mentions.all()),
        "alt": _("%(name)s, %(kind)s %(year)s : %(level)s arobases sur 5")
        % {
            "name": collectivity.title,
            "kind": badge_kind_label(collectivity.kind),
            "year": edition.year,
            "level": award.arobases,
        },
    }


def badge_response(edition, request, slug: str) -> HttpResponse:
    award = laureate_award(edition, request, slug)
    # Rendered by Django's template engine: every text is escaped, a name with « < & » cannot
    # break out of the SVG.
    svg = render_to_string("labels/kit/badge.svg", kit_context(edition, award), request)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="label-{edition.year}-{award.participation.collectivity.slug}.svg"'
    )
    return response


def certificate_response(edition, request, slug: str) -> TemplateResponse:
    award = laureate_award(edition, request, slug)
    context = {
        "page": edition,
        "badge_url": edition.award_url(slug, request) + "badge/",
        "award_url": edition.award_url(slug, request),
        **kit_context(edition, award),
    }
    return TemplateResponse(request, "labels/kit/certificate.html", context)
