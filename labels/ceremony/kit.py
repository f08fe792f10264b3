"""The laureate's kit: an SVG badge and a printable certificate, under the award page's
address and its embargo (nothing before the ceremony, except to editors and the jury)."""

import textwrap

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


# The name sits between the arobases and the year, where the inner circle is about 330 px
# wide: (font size, characters a line holds at that size, lines at most). Helvetica averages
# about 0.55 em a character.
NAME_LAYOUTS = ((24, 22, 1), (20, 27, 2), (16, 34, 3))
NAME_MIDDLE_Y = 235


def badge_name_lines(name: str) -> tuple[int, list[dict]]:
    """The font size and the lines (with their heights) of the name on the badge: one line
    when it fits, else two or three smaller ones, cut with « … » past three."""
    fitting = [
        (size, lines)
        for size, width, most in NAME_LAYOUTS
        if len(lines := textwrap.wrap(name, width) or [""]) <= most
    ]
    if fitting:
        size, lines = fitting[0]
    else:
        size, width, most = NAME_LAYOUTS[-1]
        lines = textwrap.wrap(name, width, max_lines=most, placeholder=" …")
    step = round(size * 1.2)
    first = NAME_MIDDLE_Y - step * (len(lines) - 1) / 2
    return size, [
        {"y": round(first + index * step), "text": line} for index, line in enumerate(lines)
    ]


def kit_context(edition, award) -> dict:
    collectivity = award.participation.collectivity
    name_size, name_lines = badge_name_lines(collectivity.title)
    return {
        "name_size": name_size,
        "name_lines": name_lines,
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
