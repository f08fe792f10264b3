"""Who may do what in the label's jury, written with Wagtail's own permission model.

- Jurors: one group per edition ("Jury 2024") holding only ``access_admin``; what they may
  open is decided by their seat (``Juror``) on that edition, never by a page permission,
  so a juror sees nothing of the page tree, the sheets' admin or another edition's jury.
- The president is a juror whose seat says so: they also record the decisions and close
  the deliberation.
- Label editors (the *Editors* group, which holds the ``labels`` models' permissions, and
  administrators) appoint jurors, read the deliberation and may reopen it. Moderators hold
  no ``labels`` permission: they see nothing of the jury.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from initiatives.roles import _sync_group_permissions, account_for_email, admin_access

from ..models import Juror

JURY_PREFIX = "Jury "
# Editors hold every permission of the labels app (initiatives.roles.sync_editors);
# moderators and agents hold none.
LABEL_EDITOR_PERMISSION = "labels.change_award"


def jury_group_name(edition) -> str:
    return f"{JURY_PREFIX}{edition.year}"


def ensure_jury_group(edition) -> Group:
    group, _created = Group.objects.get_or_create(name=jury_group_name(edition))
    _sync_group_permissions({group.pk: {admin_access().pk}})
    return group


@transaction.atomic
def attach_juror(email: str, edition, *, president: bool = False) -> tuple[Juror, bool]:
    """Creates the juror's account if needed (user name = e-mail, no usable password) and
    seats it on the edition's jury. An edition has one president: naming another one makes
    the former president a juror. Returns (seat, account created)."""
    user, created = account_for_email(email)
    seat, _new = Juror.objects.get_or_create(edition=edition, user=user)
    if president and not seat.is_president:
        Juror.objects.filter(edition=edition, is_president=True).update(is_president=False)
        seat.is_president = True
        seat.save(update_fields=["is_president"])
    user.groups.add(ensure_jury_group(edition))
    return seat, created


@transaction.atomic
def detach_juror(seat: Juror) -> None:
    """Removes the seat (and its proposals); the account is kept."""
    user, edition = seat.user, seat.edition
    seat.delete()
    user.groups.remove(ensure_jury_group(edition))


def seat_of(user, edition) -> Juror | None:
    """The user's seat on this edition's jury, or None (also for inactive accounts)."""
    if user is None or not user.is_authenticated or not user.is_active or edition is None:
        return None
    return Juror.objects.filter(edition_id=edition.pk, user_id=user.pk).first()


def is_juror(user, edition) -> bool:
    """Whether the user sits on this edition's jury (president included). The jury sees its
    edition's palmarès before the ceremony, as editors do."""
    return seat_of(user, edition) is not None


def is_president(user, edition) -> bool:
    seat = seat_of(user, edition)
    return seat is not None and seat.is_president


def is_label_editor(user) -> bool:
    """Villes Internet's editors of the label (and administrators); not moderators."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(LABEL_EDITOR_PERMISSION)
    )


def juror_editions(user):
    """The editions on whose jury the user sits, latest first."""
    from ..models import LabelEditionPage

    if user is None or not user.is_authenticated or not user.is_active:
        return LabelEditionPage.objects.none()
    return LabelEditionPage.objects.filter(jurors__user=user).order_by("-year")
