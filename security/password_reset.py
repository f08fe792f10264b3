"""Password-reset e-mails are limited per e-mail address and per client address, so that the
form cannot flood someone's mailbox nor be used to send mail in bulk. The answer is the same
whether the account exists, the mail was sent or the limit was reached: the form says
nothing about who has an account."""

import logging

from wagtail.admin.forms.auth import PasswordResetForm

from .rate_limit import RateLimit, client_ip

logger = logging.getLogger(__name__)

# A person who lost a mail tries again two or three times; nobody needs more in an hour.
EMAILS_PER_ADDRESS = 3
# Colleagues behind one office address resetting theirs the same morning.
EMAILS_PER_CLIENT = 10
WINDOW_SECONDS = 60 * 60

per_email_address = RateLimit("password-reset-email", EMAILS_PER_ADDRESS, WINDOW_SECONDS)
per_client = RateLimit("password-reset-client", EMAILS_PER_CLIENT, WINDOW_SECONDS)


class ThrottledPasswordResetForm(PasswordResetForm):
    """The Wagtail admin's form (WAGTAILADMIN_USER_PASSWORD_RESET_FORM)."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].strip().casefold()
        client = client_ip(request) if request is not None else "unknown"
        # Counted whether the account exists or not: the limits must not reveal it either.
        if per_email_address.exceeded(email) or per_client.exceeded(client):
            logger.warning("Password reset not sent: too many requests (client %s)", client)
            return
        per_email_address.hit(email)
        per_client.hit(client)
        super().save(*args, request=request, **kwargs)
