"""Images and documents a page form may use: those of the collections the user may choose
from (an agent: its collectivity's own), plus those the page already holds.

Wagtail's choosers only offer the user's collections, but the form accepts any id it is
sent: an agent could post ``images-0-image=<id>`` of another town's private file, and a
moderator approving the sheet would publish it. This form checks every image and document
the page refers to, in its fields, its inline panels (at any depth) and its rich text
(document links, embedded images), whatever the form posts. What the page already held is
kept, so that nobody loses media a moderator or an editor placed there.
"""

from django import forms
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtail.rich_text import extract_references_from_rich_text


def _media_models():
    return (get_image_model(), get_document_model())


def _refused_message(model) -> str:
    if issubclass(model, get_image_model()):
        return _(
            "Cette image appartient à une collection que vous ne pouvez pas utiliser : "
            "choisissez une image de votre collectivité."
        )
    return _(
        "Ce document appartient à une collection que vous ne pouvez pas utiliser : "
        "choisissez un document de votre collectivité."
    )


def _references(field, value) -> set[tuple[type, int]]:
    """(model, pk) of every image or document ``value`` (a field's value) refers to."""
    found = set()
    if isinstance(field, forms.ModelChoiceField):
        model = field.queryset.model
        if not issubclass(model, _media_models()) or value in (None, ""):
            return found
        values = value if isinstance(field, forms.ModelMultipleChoiceField) else [value]
        for item in values:
            pk = getattr(item, "pk", item)
            if str(pk).isdigit():
                found.add((model, int(pk)))
    elif isinstance(value, str) and ("linktype=" in value or "embedtype=" in value):
        for model, object_id, _path, _content_path in extract_references_from_rich_text(value):
            if issubclass(model, _media_models()) and str(object_id).isdigit():
                found.add((model, int(object_id)))
    return found


def _forms_within(form):
    yield form
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            yield from _forms_within(child)


class MediaCheckingPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the page holds before this edit (its latest revision), whoever placed it.
        self.media_already_used = {
            reference
            for form in _forms_within(self)
            for name, field in form.fields.items()
            for reference in _references(field, form.get_initial_for_field(field, name))
        }

    def is_valid(self):
        valid = super().is_valid()
        if self.for_user is None or self.for_user.is_superuser:
            return valid
        if not hasattr(self, "_media_allowed"):  # views may ask twice: one error per field
            self._media_allowed = self._refuse_foreign_media()
        return self._media_allowed and valid

    def _refuse_foreign_media(self) -> bool:
        refused = []
        for form in _forms_within(self):
            cleaned = getattr(form, "cleaned_data", None) or {}
            if cleaned.get("DELETE"):
                continue
            for name, field in form.fields.items():
                new = _references(field, cleaned.get(name)) - self.media_already_used
                if new:
                    refused.append((form, name, new))
        if not refused:
            return True
        allowed = self._choosable({ref for _form, _name, refs in refused for ref in refs})
        valid = True
        for form, name, references in refused:
            forbidden = references - allowed
            if forbidden:
                model = next(iter(forbidden))[0]
                form.add_error(name, _refused_message(model))
                valid = False
        return valid

    def _choosable(self, references) -> set[tuple[type, int]]:
        allowed = set()
        for model in _media_models():
            ids = [pk for ref_model, pk in references if issubclass(ref_model, model)]
            if not ids:
                continue
            policy = policy_registry.get_by_type(model)
            choosable = policy.instances_user_has_any_permission_for(self.for_user, ["choose"])
            for pk in choosable.filter(pk__in=ids).values_list("pk", flat=True):
                allowed.add((model, pk))
        return allowed
