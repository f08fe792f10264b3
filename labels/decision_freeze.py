"""While an edition's deliberation is closed its decisions are frozen, whatever the way in:
the jury's pages, the « Dossiers et distinctions » admin, the CSV import, deleting a dossier
or a page. Reopening it (an editor, with a reason kept on record) is the way to change one.

Every write path asks the same two questions here, and refuses with the same French words.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def decisions_frozen(edition) -> bool:
    return edition is not None and edition.deliberation_closed_at is not None


def frozen_message(edition) -> str:
    return _(
        "Le délibéré du %(title)s est clos : ses décisions sont figées. Pour en changer une, "
        "un éditeur du label rouvre le délibéré, avec un motif, depuis le tableau du délibéré."
    ) % {"title": edition.title}


class DecisionsFrozen(ValidationError):
    """Raised by a write path that was not stopped before (a script, a future view)."""

    def __init__(self, edition):
        super().__init__(frozen_message(edition), code="decisions_frozen")


def ensure_may_change(edition) -> None:
    if decisions_frozen(edition):
        raise DecisionsFrozen(edition)


def _normalised(text: str) -> str:
    # A browser posts line breaks as \r\n: the same comment must not read as a change.
    return (text or "").replace("\r\n", "\n").strip()


def decision_changed(award) -> bool:
    """Whether ``award`` (in memory, its mentions too) differs from what is stored."""
    from .models import Award

    if award.pk is None:
        return True
    stored = Award.objects.filter(pk=award.pk).first()
    if stored is None:
        return True
    return (
        stored.participation_id != award.participation_id
        or stored.arobases != award.arobases
        or stored.excellence != award.excellence
        or _normalised(stored.jury_comment) != _normalised(award.jury_comment)
        or {m.pk for m in stored.mentions.all()} != {m.pk for m in award.mentions.all()}
    )


def frozen_editions_of(award) -> list:
    """The closed editions ``award`` belongs to: the one it is (re)assigned to in memory and
    the one it is stored under (moving a decision out of a closed edition changes it too)."""
    from .models import Award

    editions = []
    participation = getattr(award, "participation", None)
    if participation is not None:
        editions.append(getattr(participation, "edition", None))
    if award.pk is not None:
        stored = Award.objects.filter(pk=award.pk).select_related("participation__edition").first()
        if stored is not None:
            editions.append(stored.participation.edition)
    return [edition for edition in editions if decisions_frozen(edition)]


def frozen_edition_losing_awards(objects):
    """The first closed edition whose decisions deleting ``objects`` (dossiers, or pages with
    what lies below them: an edition, a collectivity, the label's index) would take away,
    else None."""
    from django.db.models import Q

    from wagtail.models import Page

    from .models import Award, Participation

    dossier_ids, page_ids = [], []
    for obj in objects:
        if isinstance(obj, Participation):
            dossier_ids.append(obj.pk)
        elif isinstance(obj, Page):
            page_ids.extend(
                Page.objects.descendant_of(obj, inclusive=True).values_list("pk", flat=True)
            )
    if not dossier_ids and not page_ids:
        return None
    closed = (
        Award.objects.filter(
            Q(participation_id__in=dossier_ids)
            | Q(participation__edition_id__in=page_ids)
            | Q(participation__collectivity_id__in=page_ids),
            participation__edition__deliberation_closed_at__isnull=False,
        )
        .select_related("participation__edition")
        .first()
    )
    return closed.participation.edition if closed else None


def refusal_to_delete(edition) -> str:
    return _(
        "Rien n'a été supprimé : des décisions du %(title)s en dépendent et son délibéré est "
        "clos. Un éditeur du label peut le rouvrir, avec un motif, depuis le tableau du délibéré."
    ) % {"title": edition.title}
