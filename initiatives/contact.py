"""Contact the author of a sheet: a message relayed by e-mail to the sheet's contacts, whose
addresses never reach the visitor (not in the page, not in any response).

Abuse: a per-IP rate limit in the cache, and a honeypot field that bots fill in; they get the
same confirmation as everyone, and nothing is sent.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from atlaas.site_address import absolute_url
from security.rate_limit import RateLimit, client_ip

from .models import ActionSheetPage
from .one_line import has_line_break, one_line

logger = logging.getLogger(__name__)

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60
MESSAGE_MIN_LENGTH = 20
MESSAGE_MAX_LENGTH = 5000
CONFIRMATION_TAG = "contact"
FORM_PREFIX = "contact"


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Votre nom"),
        max_length=120,
        error_messages={
            "required": _("Indiquez votre nom."),
            "max_length": _("Votre nom ne peut dépasser %(limit_value)d caractères."),
        },
    )
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("Pour que la personne contactée puisse vous répondre."),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Cette adresse électronique n'est pas valide (ex. prenom.nom@mairie.fr)."),
        },
    )
    message = forms.CharField(
        label=_("Votre message"),
        min_length=MESSAGE_MIN_LENGTH,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": _("Écrivez votre message."),
            "min_length": _(
                "Votre message est trop court : %(limit_value)d caractères au moins "
                "(il en compte %(show_value)d)."
            ),
            "max_length": _(
                "Votre message est trop long : %(limit_value)d caractères au plus "
                "(il en compte %(show_value)d)."
            ),
        },
    )
    # Hidden from people (CSS and aria-hidden); a bot that fills every field gives itself away.
    site_web = forms.CharField(
        required=False,
        label=_("Ne pas remplir ce champ"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", FORM_PREFIX)
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if any(ord(char) < 32 for char in name):
            raise forms.ValidationError(_("Votre nom ne peut contenir de retour à la ligne."))
        return name

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("site_web"))


def is_valid_address(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return not has_line_break(address)


def recipient_addresses(sheet: ActionSheetPage) -> list[str]:
    """The sheet's contact addresses, each once; for sending only, never for display."""
    addresses = []
    for contact in sheet.contacts.all():
        address = contact.email.strip()
        # Stored long ago or by hand: an address that is not one never reaches a header.
        if not address or not is_valid_address(address):
            continue
        if address.lower() not in {known.lower() for known in addresses}:
            addresses.append(address)
    return addresses


def is_contactable(sheet: ActionSheetPage) -> bool:
    """A live sheet outside any view restriction, with at least one contact address."""
    if sheet.pk is None or not sheet.live:
        return False
    if sheet.get_view_restrictions().exists():
        return False
    return sheet.contacts.exclude(email="").exists()


# Counted per IP address, whatever the sheet.
contact_rate_limit = RateLimit("contact-author", RATE_LIMIT, RATE_WINDOW_SECONDS)


def rate_limit_exceeded(request) -> bool:
    return contact_rate_limit.exceeded(client_ip(request))


def count_message(request) -> None:
    contact_rate_limit.hit(client_ip(request))


def send_to_contacts(sheet: ActionSheetPage, data: dict, request) -> None:
    """One e-mail per contact, so that no contact sees another's address; Reply-To is the
    sender, so that answering reaches them directly."""
    # The title is one line since the import and the admin refuse line breaks; an older one
    # must still never break the subject header.
    subject = gettext("[ATLAAS] Un message à propos de votre fiche « %(title)s »") % {
        "title": one_line(sheet.title)
    }
    body = render_to_string(
        "initiatives/includes/contact_email.txt",
        {
            "sheet": sheet,
            "sheet_url": absolute_url(sheet.get_url(request)),
            "name": data["name"],
            "email": data["email"],
            "message": data["message"],
        },
    )
    emails = [
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            reply_to=[data["email"]],
        )
        for address in recipient_addresses(sheet)
    ]
    with get_connection() as connection:
        connection.send_messages(emails)


def _redisplay(request, sheet, form, *, status, error=""):
    context = sheet.get_context(request)
    context.update({"contact_form": form, "contact_error": error})
    return TemplateResponse(request, sheet.get_template(request), context, status=status)


def _confirm(request, sheet):
    messages.success(
        request,
        gettext(
            "Votre message a été transmis aux contacts de cette fiche. S'ils souhaitent vous "
            "répondre, ils vous écriront à l'adresse que vous avez indiquée."
        ),
        extra_tags=CONFIRMATION_TAG,
    )
    return HttpResponseRedirect(sheet.get_url(request) + "#contacter")


@require_http_methods(["GET", "POST"])
def contact_author(request, pk):
    sheet = get_object_or_404(ActionSheetPage.objects.live().public(), pk=pk)
    if not is_contactable(sheet):
        raise Http404
    if request.method == "GET":
        return HttpResponseRedirect(sheet.get_url(request) + "#contacter")

    form = ContactForm(request.POST)
    if rate_limit_exceeded(request):
        error = gettext(
            "Vous avez envoyé trop de messages depuis une heure. Votre message n'a pas été "
            "transmis : réessayez dans une heure."
        )
        return _redisplay(request, sheet, form, status=429, error=error)
    if not form.is_valid():
        return _redisplay(request, sheet, form, status=400)

    if form.is_bot:
        count_message(request)
        return _confirm(request, sheet)
    try:
        send_to_contacts(sheet, form.cleaned_data, request)
    # BadHeaderError is a ValueError: whatever the data, the visitor gets the French page.
    except (OSError, ConnectionError, ValueError):
        logger.exception("Contact message for sheet %s could not be sent", sheet.pk)
        error = gettext(
            "Votre message n'a pas pu être transmis pour le moment. Il est conservé "
            "ci-dessous : réessayez dans quelques minutes."
        )
        return _redisplay(request, sheet, form, status=503, error=error)
    # Only a message that left counts against the hourly limit.
    count_message(request)
    return _confirm(request, sheet)
