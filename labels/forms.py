"""The admin form of a dossier: its sheets are chosen among its collectivity's only."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from initiatives.models import ActionSheetPage, CollectivityPage

from .models import DossierStatus, LabelEditionPage


def _sheet_label(sheet) -> str:
    return f"{sheet.title} ({date_format(sheet.date, 'j F Y')})"


class ParticipationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
