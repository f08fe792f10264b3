"""What would make a sheet more useful to peers, as a short checklist computed from the
sheet: never a rule that blocks saving or submitting, only a guide (the edit page and the
agent's dashboard show it)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.models import Revision

RECENT_YEARS = 2


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    done: bool


def _has_text(html) -> bool:
    return bool(strip_tags(html or "").strip())


def _is_recent(date, today) -> bool:
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date[:10])
        except ValueError:
            return False
    if not isinstance(date, datetime.date):
        return False
    return date >= today.replace(year=today.year - RECENT_YEARS, day=min(today.day, 28))


def checks(*, synthese, resultats, images, contacts, services, date, today=None) -> list[Check]:
    today = today or timezone.localdate()
    return [
        Check("synthese", _("Une synthèse de quelques phrases"), _has_text(synthese)),
        Check("resultats", _("Des résultats mesurés"), _has_text(resultats)),
        Check("image", _("Au moins une image"), images > 0),
        Check("contact", _("Un contact"), contacts > 0),
        Check("services", _("Les services du référentiel"), services > 0),
        Check("recent", _("Une date de moins de deux ans"), _is_recent(date, today)),
    ]


def checks_for_page(page) -> list[Check]:
    """For a sheet as the form holds it (a revision's content, relations in memory)."""
    return checks(
        synthese=page.synthese,
        resultats=page.resultats,
        images=len(page.images.all()),
        contacts=len(page.contacts.all()),
        services=len(page.services.all()),
        date=page.date,
    )


def _checks_of_content(content: dict) -> list[Check]:
    return checks(
        synthese=content.get("synthese"),
        resultats=content.get("resultats"),
        images=len(content.get("images") or []),
        contacts=len(content.get("contacts") or []),
        services=len(content.get("services") or []),
        date=content.get("date"),
    )


def checks_for_sheets(sheets) -> dict[int, list[Check]]:
    """Each sheet's checklist from its latest draft, in two queries whatever their number."""
    from .models import ActionSheetPage

    by_revision = {s.latest_revision_id: s.pk for s in sheets if s.latest_revision_id}
    result = {
        by_revision[revision_id]: _checks_of_content(content)
        for revision_id, content in Revision.objects.filter(pk__in=by_revision).values_list(
            "pk", "content"
        )
    }
    missing = [s.pk for s in sheets if s.pk not in result]
    if missing:
        rows = ActionSheetPage.objects.filter(pk__in=missing).annotate(
            image_count=Count("images", distinct=True),
            contact_count=Count("contacts", distinct=True),
            service_count=Count("services", distinct=True),
        )
        for row in rows:
            result[row.pk] = checks(
                synthese=row.synthese,
                resultats=row.resultats,
                images=row.image_count,
                contacts=row.contact_count,
                services=row.service_count,
                date=row.date,
            )
    return result


def missing(items: list[Check]) -> list[Check]:
    return [item for item in items if not item.done]
