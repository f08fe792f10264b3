"""Login throttling: after a few failed attempts for one user name from one IP address, every
login view refuses to check passwords for that pair until the window is over; after many
failures from one address, whatever the user names (someone trying one common password on
every account), it refuses for every name from that address. A success forgets the pair's
failures, not the address's: one valid account must not reset a spray.

Counting listens to Django's authentication signals, so that every login view counts; the
check sits in the login forms (for a clear French message) and in the authentication backend
(so that a view without our form still checks no password).
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm

from .rate_limit import RateLimit, client_ip

FAILURE_LIMIT = 5
# Offices share one address: a few colleagues mistyping must never reach this.
ADDRESS_FAILURE_LIMIT = 30
WINDOW_SECONDS = 15 * 60

login_rate_limit = RateLimit("login-failures", FAILURE_LIMIT, WINDOW_SECONDS)
address_rate_limit = RateLimit("login-failures-address", ADDRESS_FAILURE_LIMIT, WINDOW_SECONDS)


def _parts(request, username) -> tuple[str, str]:
    return client_ip(request), (username or "").strip().casefold()


def throttled_by(request, username) -> str | None:
    """Why no password may be checked for this attempt, as the code of the login form's
    message (ThrottledLoginMixin.error_messages), or None."""
    if request is None:
        return None
    if address_rate_limit.exceeded(client_ip(request)):
        return "too_many_attempts_from_address"
    if login_rate_limit.exceeded(*_parts(request, username)):
        return "too_many_attempts"
    return None


def is_throttled(request, username) -> bool:
    return throttled_by(request, username) is not None


def count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        login_rate_limit.hit(*_parts(request, credentials.get("username")))
        address_rate_limit.hit(client_ip(request))


def forget_failures(sender, request, user, **kwargs):
    if request is not None:
        login_rate_limit.reset(*_parts(request, user.get_username()))


def connect_signals():
    user_login_failed.connect(count_failure, dispatch_uid="security.login.count_failure")
    user_logged_in.connect(forget_failures, dispatch_uid="security.login.forget_failures")


class ThrottledModelBackend(ModelBackend):
    """Django's backend, refusing a throttled attempt before comparing any password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_throttled(request, username):
            # Stops every other backend too; user_login_failed is still sent.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)


class ThrottledLoginMixin:
    error_messages = {
        "too_many_attempts": _(
            "Trop de tentatives de connexion ont échoué pour cet identifiant. Par sécurité, "
            "le mot de passe n'a pas été vérifié : réessayez dans %(minutes)d minutes."
        ),
        "too_many_attempts_from_address": _(
            "Trop de tentatives de connexion ont échoué depuis votre réseau. Par sécurité, "
            "le mot de passe n'a pas été vérifié : réessayez dans %(minutes)d minutes."
        ),
    }

    def clean(self):
        code = throttled_by(self.request, self.data.get("username"))
        if code is not None:
            raise forms.ValidationError(
                self.error_messages[code], code=code, params={"minutes": WINDOW_SECONDS // 60}
            )
        return super().clean()


class ThrottledLoginForm(ThrottledLoginMixin, LoginForm):
    """The Wagtail admin's login form (WAGTAILADMIN_USER_LOGIN_FORM)."""

    error_messages = {**LoginForm.error_messages, **ThrottledLoginMixin.error_messages}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's field has no label: Django made « Password » of its name, in English.
        self.fields["password"].label = _("Mot de passe")


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The Django admin's login form (admin.site.login_form)."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        **ThrottledLoginMixin.error_messages,
    }
