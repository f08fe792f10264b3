"""The admin form of a dossier: its sheets are chosen among its collectivity's only, and the
jury's decision it carries is frozen while its edition's deliberation is closed."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from initiatives.models import ActionSheetPage, CollectivityPage

from .decision_freeze import decisions_frozen, frozen_message
from .models import Award, DossierStatus, LabelEditionPage


def _sheet_label(sheet) -> str:
    return f"{sheet.title} ({date_format(sheet.date, 'j F Y')})"


class ParticipationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What is stored, before the form writes the posted values onto the instance.
        self.stored_edition = self.instance.edition if self.instance.edition_id else None
        self.stored_collectivity_id = self.instance.collectivity_id
        edition = self.fields.get("edition")
        if edition is not None:
            edition.queryset = LabelEditionPage.objects.order_by("-year")
            edition.widget = forms.Select(choices=edition.choices)
        status = self.fields.get("status")
        if status is not None:
            # A form posted without it (an import script, an older page) keeps the state.
            status.required = False
        sheets = self.fields.get("sheets")
        if sheets is None:
            return
        collectivity_id = self._collectivity_id()
        if collectivity_id is None:
            sheets.queryset = ActionSheetPage.objects.none()
            sheets.help_text = _(
                "Choisissez la collectivité et l'édition puis enregistrez : ses fiches publiées "
                "datées de la période de candidature seront présélectionnées, et vous pourrez "
                "ajuster la sélection ici."
            )
        else:
            sheets.queryset = (
                ActionSheetPage.objects.live()
                .filter(collectivity_id=collectivity_id)
                .order_by("-date", "title")
            )
        sheets.label_from_instance = _sheet_label
        sheets.widget = forms.CheckboxSelectMultiple(choices=sheets.choices)

    def clean_status(self):
        return self.cleaned_data.get("status") or self.instance.status or DossierStatus.DRAFT

    def _collectivity_id(self):
        """The collectivity whose sheets may be chosen: the one being saved, else the saved
        one. An unknown value leaves the list empty; the collectivity field reports it."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("collectivity"))
            if raw:
                try:
                    return (
                        CollectivityPage.objects.filter(pk=int(raw))
                        .values_list("pk", flat=True)
                        .first()
                    )
                except (TypeError, ValueError):
                    return None
        if self.instance.collectivity_id:
            return self.instance.collectivity_id
        initial = self.initial.get("collectivity")
        return getattr(initial, "pk", initial)

    def is_valid(self):
        # After the award's inline form is cleaned: a decision deleted, added or changed
        # there is only known then.
        valid = super().is_valid()
        edition = self._frozen_edition_touched()
        if edition is None:
            return valid
        self.add_error(None, frozen_message(edition))
        return False

    def _frozen_edition_touched(self):
        """The closed edition whose decision this submission would change, else None."""
        new_edition = self.cleaned_data.get("edition") or self.stored_edition
        new_collectivity = self.cleaned_data.get("collectivity")
        frozen = [e for e in (self.stored_edition, new_edition) if decisions_frozen(e)]
        if not frozen:
            return None
        holds_award = (
            bool(self.instance.pk)
            and Award.objects.filter(participation_id=self.instance.pk).exists()
        )
        moved = (new_edition != self.stored_edition) or (
            new_collectivity is not None
            and self.stored_collectivity_id is not None
            and new_collectivity.pk != self.stored_collectivity_id
        )
        if holds_award and moved:
            return frozen[0]
        awards = self.formsets.get("awards")
        if awards is not None and any(_changes_decision(awards, form) for form in awards.forms):
            return frozen[0]
        return None


def _changes_decision(formset, form) -> bool:
    """Whether an inline award form adds, deletes or changes a decision."""
    data = getattr(form, "cleaned_data", None) or {}
    stored = form.instance if form.instance.pk else None
    if formset.can_delete and data.get("DELETE"):
        return stored is not None
    if stored is None:
        return form.has_changed()
    stored = Award.objects.get(pk=stored.pk)
    for name in form.changed_data:
        posted = data.get(name)
        if name == "mentions":
            changed = {m.pk for m in posted or ()} != {m.pk for m in stored.mentions.all()}
        elif name == "jury_comment":
            changed = _lines(posted) != _lines(stored.jury_comment)
        elif name in ("arobases", "excellence"):
            changed = posted != getattr(stored, name)
        else:  # ordering and other plumbing of the inline panel
            changed = False
        if changed:
            return True
    return False


def _lines(text) -> str:
    return (text or "").replace("\r\n", "\n").strip()
