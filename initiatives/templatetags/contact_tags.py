"""The "contacter l'auteur" block of a sheet page: whether to show it, and its form."""

from django import template
from django.contrib import messages
from django.urls import reverse

from initiatives.contact import CONFIRMATION_TAG, ContactForm, is_contactable

register = template.Library()


def _pop_confirmation(request) -> str:
    """Our confirmation, if any; other messages stay queued for the page that shows them."""
    if request is None or not hasattr(request, "_messages"):
        return ""
    confirmation, others = "", []
    for message in messages.get_messages(request):
        if CONFIRMATION_TAG in message.extra_tags.split():
            confirmation = str(message)
        else:
            others.append(message)
    for message in others:
        messages.add_message(request, message.level, message.message, message.extra_tags)
    return confirmation


@register.simple_tag(takes_context=True)
def contact_author_state(context, page):
    request = context.get("request")
    if getattr(request, "is_preview", False) or not is_contactable(page):
        return {"available": False}
    return {
        "available": True,
        "form": context.get("contact_form") or ContactForm(),
        "error": context.get("contact_error", ""),
        "confirmation": _pop_confirmation(request),
        "action": reverse("initiatives:contact_author", args=[page.pk]),
    }
