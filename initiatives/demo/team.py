"""Villes Internet's demo moderator: the Moderators group must not be empty, or nobody is
told of a submission (the e-mail goes to the group's members). No usable password: an
administrator sets one, or gives the role to a real person."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from initiatives import roles

MODERATOR_EMAIL = "moderation@villes-internet.net"


def ensure_demo_moderator() -> bool:
    """Returns True when the account was created."""
    group = roles.sync_moderators()
    if group.user_set.exists():
        return False
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=MODERATOR_EMAIL,
        defaults={"email": MODERATOR_EMAIL, "first_name": "Camille", "last_name": "Rousseau"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(pk=group.pk))
    return created
