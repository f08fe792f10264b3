"""The dossier form of an agent: who answers for the collectivity, its digital policy, the
sheets put forward (its own published, eligible sheets only) and the règlement."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import ActionSheetPage
from labels.models import Participation

from .eligibility import sheet_eligibility


class DossierForm(forms.ModelForm):
    sheets = forms.ModelMultipleChoiceField(
        # Any sheet id is read so that a foreign or ineligible one gets its own message
        # (the template lists the collectivity's sheets only).
        queryset=ActionSheetPage.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Fiches présentées au jury"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "La fiche n° %(value)s n'existe pas ou plus : rechargez la page."
            ),
            "invalid_pk_value": gettext_lazy("« %(pk)s » n'est pas un numéro de fiche."),
        },
    )
    accept_rules = forms.BooleanField(
        required=False,
        label=gettext_lazy("J'ai lu et j'accepte le règlement du label au nom de la collectivité"),
    )

    class Meta:
        model = Participation
        fields = ["official_name", "official_role", "contact_name", "contact_email", "presentation"]
        widgets = {"presentation": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, collectivity, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.collectivity, self.edition = collectivity, edition
        if self.instance.pk and not self.is_bound:
            self.initial["sheets"] = list(self.instance.sheets.values_list("pk", flat=True))
        self.fields["contact_email"].error_messages["invalid"] = _(
            "Saisissez une adresse électronique valide pour l'agent référent."
        )

    def clean_sheets(self):
        sheets = list(self.cleaned_data["sheets"])
        errors = []
        for sheet in sheets:
            if sheet.collectivity_id != self.collectivity.pk:
                errors.append(
                    _(
                        "La fiche « %(title)s » n'est pas une fiche de %(collectivity)s : un "
                        "dossier ne présente que les fiches de sa collectivité."
                    )
                    % {"title": sheet.title, "collectivity": self.collectivity.title}
                )
                continue
            eligibility = sheet_eligibility(sheet, self.edition)
            if not eligibility.eligible:
                errors.append(
                    _("La fiche « %(title)s » ne peut pas être présentée. %(reason)s")
                    % {"title": sheet.title, "reason": eligibility.reason}
                )
        if errors:
            raise forms.ValidationError(errors)
        return sheets

    def chosen_ids(self) -> set[int]:
        """The sheets ticked in the form as shown (posted values when bound)."""
        if self.is_bound:
            raw = self.data.getlist(self.add_prefix("sheets"))
            return {int(value) for value in raw if str(value).isdigit()}
        return set(self.initial.get("sheets", []))
