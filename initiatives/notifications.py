"""The e-mail an agent receives when given access to a collectivity.

Moderation e-mails (submitted, approved, changes requested) are Wagtail's own, sent in the
recipient's admin language (French here). This one adds what Wagtail has no e-mail for:
an account created for someone, with a link to choose a password.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override


def absolute_admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def password_setup_url(user) -> str:
    """Wagtail's password reset confirmation link: it also sets a first password."""
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return absolute_admin_url(path)


def link_validity_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def invitation_message(user, collectivity) -> tuple[str, str]:
    """(subject, body) in French."""
    with override(settings.LANGUAGE_CODE):
        subject = _("Votre accès à ATLAAS pour %(collectivity)s") % {
            "collectivity": collectivity.title
        }
        lines = [
            _("Bonjour,"),
            "",
            _(
                "Vous pouvez désormais rédiger les fiches actions de %(collectivity)s sur "
                "ATLAAS, la base de connaissances de Villes Internet. Villes Internet relit "
                "chaque fiche avant sa publication."
            )
            % {"collectivity": collectivity.title},
            "",
            _("Votre identifiant : %(username)s") % {"username": user.get_username()},
        ]
        if user.has_usable_password():
            lines.append(_("Connectez-vous avec votre mot de passe habituel :"))
            lines.append(absolute_admin_url(reverse("wagtailadmin_login")))
        else:
            lines.append(
                _("Choisissez votre mot de passe (lien valable %(days)s jours) :")
                % {"days": link_validity_days()}
            )
            lines.append(password_setup_url(user))
        lines += ["", _("L'équipe ATLAAS — Villes Internet")]
    return subject, "\n".join(lines)


def send_agent_invitation(user, collectivity) -> None:
    subject, body = invitation_message(user, collectivity)
    send_mail(subject, body, None, [user.email or user.get_username()])
