"""The juror's proposal and the president's decision: 1 to 5 @, « Territoire d'excellence
numérique » only for a collectivity that meets the edition's rule, mentions, a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.term_picker import TermPicker

from ..models import Mention
from ..models.awards import LEVELS
from .deliberation import earlier_five_labels

LEVEL_ERROR = _("Le nombre d'arobases va de 1 à 5 : choisissez l'un de ces niveaux.")
LEVEL_CHOICES = [(level, f"{level} @") for level in LEVELS]


class LevelAndDistinctionForm(forms.Form):
    arobases = forms.TypedChoiceField(
        label=_("Arobases"),
        choices=LEVEL_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": LEVEL_ERROR, "invalid_choice": LEVEL_ERROR},
    )
    excellence = forms.BooleanField(
        label=_("Territoire d'excellence numérique"),
        required=False,
    )
    mentions = forms.ModelMultipleChoiceField(
        label=_("Mentions"),
        queryset=Mention.objects.order_by("sort_order", "name"),
        required=False,
        # The same picker as the award's mentions in the dossiers admin: searchable, chips.
        widget=TermPicker(
            search_label=_("Rechercher une mention"),
            chosen_label=_("Mentions choisies :"),
            none_chosen_label=_("Aucune pour l'instant."),
        ),
        error_messages={
            "invalid_choice": _("Cette mention n'existe pas (ou plus)."),
            "invalid_pk_value": _("Cette mention n'existe pas (ou plus)."),
        },
    )

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.participation = participation
        edition, collectivity = participation.edition, participation.collectivity
        self.required_fives = edition.excellence_five_labels_required
        self.earlier_fives = earlier_five_labels(collectivity, edition)
        self.excellence_offered = self.earlier_fives >= self.required_fives
        self.fields["excellence"].help_text = _(
            "Réservée aux collectivités labellisées 5 @ au moins %(required)s fois lors des "
            "éditions précédentes (ici : %(earlier)s), et à un dossier de 5 @."
        ) % {"required": self.required_fives, "earlier": self.earlier_fives}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("excellence"):
            return cleaned
        if not self.excellence_offered:
            self.add_error(
                "excellence",
                _(
                    "« Territoire d'excellence numérique » ne peut pas être proposé pour "
                    "%(name)s : il faut avoir été labellisé 5 @ au moins %(required)s fois "
                    "lors des éditions précédentes, et %(name)s l'a été %(earlier)s fois."
                )
                % {
                    "name": self.participation.collectivity.title,
                    "required": self.required_fives,
                    "earlier": self.earlier_fives,
                },
            )
        elif cleaned.get("arobases") not in (None, LEVELS[-1]):
            self.add_error(
                "excellence",
                _("« Territoire d'excellence numérique » ne va qu'avec 5 arobases."),
            )
        return cleaned


class ProposalForm(LevelAndDistinctionForm):
    private_comment = forms.CharField(
        label=_("Commentaire privé"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Lu par le jury seulement : jamais publié, ni communiqué à la collectivité."),
    )

    @classmethod
    def initial_from(cls, proposal) -> dict:
        if proposal is None:
            return {}
        return {
            "arobases": proposal.arobases,
            "excellence": proposal.excellence,
            "mentions": list(proposal.mentions.all()),
            "private_comment": proposal.private_comment,
        }


class DecisionForm(LevelAndDistinctionForm):
    jury_comment = forms.CharField(
        label=_("Le mot du jury"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Publié sur la page de la distinction à la cérémonie."),
    )

    @classmethod
    def initial_from(cls, award) -> dict:
        if award is None:
            return {}
        return {
            "arobases": award.arobases,
            "excellence": award.excellence,
            "mentions": list(award.mentions.all()),
            "jury_comment": award.jury_comment,
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la réouverture"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Indiquez pourquoi le délibéré est rouvert.")},
    )


class JurorForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Elle sert d'identifiant. Un compte est créé s'il n'existe pas."),
        error_messages={"invalid": _("Saisissez une adresse électronique valide.")},
    )
    president = forms.BooleanField(label=_("Président du jury"), required=False)
