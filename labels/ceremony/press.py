"""The key figures of an edition as the press release writes them, computed from the
dossiers the jury studied (deposited, whatever an editor noted since)."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..jury.deliberation import submitted_dossiers
from ..palmares import award_statistics, figures
from ..templatetags.label_tags import millions


def _number(value: int) -> str:
    """257 → "257", 15275 → "15 275" (French grouping, a narrow no-break space)."""
    return intcomma(value).replace(",", "\u202f").replace("\xa0", "\u202f")


def press_figures(edition) -> dict:
    return figures(submitted_dossiers(edition))


def press_lines(edition) -> list[str]:
    """« 257 : nombre de dossiers de participation dont 60 villages, 184 villes et
    13 intercommunalités (composées de 273 communes) », then the sheets and inhabitants."""
    numbers = press_figures(edition)
    lines = [
        _(
            "%(dossiers)s : nombre de dossiers de participation dont %(villages)s, %(villes)s "
            "et %(intercos)s (composées de %(communes)s)"
        )
        % {
            "dossiers": _number(numbers["dossiers"]),
            "villages": ngettext("%(n)s village", "%(n)s villages", numbers["villages"])
            % {"n": _number(numbers["villages"])},
            "villes": ngettext("%(n)s ville", "%(n)s villes", numbers["villes"])
            % {"n": _number(numbers["villes"])},
            "intercos": ngettext(
                "%(n)s intercommunalité", "%(n)s intercommunalités", numbers["intercommunalites"]
            )
            % {"n": _number(numbers["intercommunalites"])},
            "communes": ngettext(
                "%(n)s commune", "%(n)s communes", numbers["communes_in_intercommunalites"]
            )
            % {"n": _number(numbers["communes_in_intercommunalites"])},
        },
        _("%(sheets)s : nombre de fiches actions présentées au jury")
        % {"sheets": _number(numbers["sheets"])},
    ]
    inhabitants = numbers["inhabitants"]
    if inhabitants >= 1_000_000:
        lines.append(
            _("%(millions)s millions d'habitants représentés (%(exact)s habitants)")
            % {"millions": millions(inhabitants), "exact": _number(inhabitants)}
        )
    else:
        lines.append(
            _("%(exact)s : nombre d'habitants représentés") % {"exact": _number(inhabitants)}
        )
    return lines


def press_awards(edition) -> dict:
    """The decisions of the edition, whether or not the ceremony has come (editors only)."""
    from ..models import Award

    return award_statistics(Award.objects.filter(participation__in=submitted_dossiers(edition)))
