"""The password of a page's privacy setting ("Privacy: password"), throttled like the login:
after a few wrong passwords for one page from one address, or many from one address whatever
the pages, no password is compared until the window is over. After the right password the
visitor goes back to the page, never to another site."""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from .login import ADDRESS_FAILURE_LIMIT, FAILURE_LIMIT, WINDOW_SECONDS
from .rate_limit import RateLimit, client_ip

page_password_rate_limit = RateLimit("page-password-failures", FAILURE_LIMIT, WINDOW_SECONDS)
page_password_address_rate_limit = RateLimit(
    "page-password-failures-address", ADDRESS_FAILURE_LIMIT, WINDOW_SECONDS
)


class ThrottledPasswordViewRestrictionForm(PasswordViewRestrictionForm):
    error_messages = {
        "wrong_password": _("Ce mot de passe n'est pas le bon. Réessayez."),
        "too_many_attempts": _(
            "Trop de mots de passe erronés ont été saisis pour cette page depuis votre réseau. "
            "Par sécurité, le mot de passe n'a pas été vérifié : réessayez dans "
            "%(minutes)d minutes."
        ),
    }

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mot de passe")

    def _keys(self) -> tuple[str, str]:
        return client_ip(self.request), str(self.restriction.pk)

    def clean_password(self):
        address, restriction = self._keys()
        if page_password_address_rate_limit.exceeded(address) or (
            page_password_rate_limit.exceeded(address, restriction)
        ):
            raise forms.ValidationError(
                self.error_messages["too_many_attempts"],
                code="too_many_attempts",
                params={"minutes": WINDOW_SECONDS // 60},
            )
        try:
            return super().clean_password()
        except forms.ValidationError:
            page_password_rate_limit.hit(address, restriction)
            page_password_address_rate_limit.hit(address)
            raise forms.ValidationError(
                self.error_messages["wrong_password"], code="wrong_password"
            ) from None


def safe_return_url(request, return_url: str, page) -> str:
    """The address the form came from when it is on this site, otherwise the page itself."""
    if url_has_allowed_host_and_scheme(
        return_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return return_url
    return page.get_url(request) or "/"


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's view (wagtail.views.authenticate_with_password) with the throttled form and a
    return address that stays on the site."""
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific

    if request.method == "POST":
        form = ThrottledPasswordViewRestrictionForm(
            request.POST, instance=restriction, request=request
        )
        if form.is_valid():
            restriction.mark_as_passed(request)
            return redirect(safe_return_url(request, form.cleaned_data["return_url"], page))
    else:
        form = ThrottledPasswordViewRestrictionForm(instance=restriction, request=request)

    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    return page.serve_password_required_response(request, form, action_url)
