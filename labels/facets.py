"""Label data for search facets (wired by search/facets.py): public awards only.

Awards become public at their edition's ceremony, a change no save signals:
``next_embargo_change()`` tells the caller until when its cached data stays true.
"""

from django.utils import timezone

from .models import Award, LabelEditionPage, Participation


def public_award_pairs() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """``(levels, years)``: for each sheet put forward in a dossier with a public award,
    ``(sheet_id, "1".."5")`` and ``(sheet_id, "2023")``. One query."""
    rows = Participation.sheets.through.objects.filter(
        participation__in=Award.objects.public().values("participation_id")
    ).values_list(
        "actionsheetpage_id", "participation__awards__arobases", "participation__edition__year"
    )
    levels, years = [], []
    for sheet_id, level, year in rows:
        levels.append((sheet_id, str(level)))
        years.append((sheet_id, str(year)))
    return levels, years


def edition_years() -> list[str]:
    """Years of the editions whose palmarès is public, latest first."""
    years = LabelEditionPage.objects.revealed().order_by("-year").values_list("year", flat=True)
    return [str(year) for year in years]


def next_embargo_change():
    """The next ceremony still to come among published editions, or None."""
    return (
        LabelEditionPage.objects.upcoming(timezone.now())
        .order_by("ceremony_at")
        .values_list("ceremony_at", flat=True)
        .first()
    )
