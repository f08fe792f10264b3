"""Editors send a deposited dossier back to its agents as incomplete, with a message."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from labels.models import Participation

from .deposit import mark_incomplete

URL_NAME = "labels_dossier_incomplete"


def can_review(user) -> bool:
    return user.has_perm("labels.change_participation")


class IncompleteForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Ce qui manque au dossier"),
        help_text=gettext_lazy(
            "Envoyé par courriel aux agents de la collectivité, et affiché sur leur dossier. "
            "Ils pourront le compléter jusqu'à la date du jury."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Dites aux agents ce qui manque au dossier.")},
    )


class IncompleteView(WagtailAdminTemplateMixin, FormView):
    form_class = IncompleteForm
    template_name = "labels/admin/dossier_incomplete.html"
    header_icon = "warning"

    def dispatch(self, request, pk):
        if not can_review(request.user):
            raise PermissionDenied
        self.participation = get_object_or_404(
            Participation.objects.select_related("collectivity", "edition"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get_page_title(self):
        return _("Dossier incomplet — %(dossier)s") % {"dossier": self.participation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(participation=self.participation, **kwargs)

    def form_valid(self, form):
        try:
            mark_incomplete(self.participation, form.cleaned_data["message"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Le dossier de %(collectivity)s est déclaré incomplet ; ses agents sont prévenus.")
            % {"collectivity": self.participation.collectivity.title},
        )
        return redirect(Participation.snippet_viewset.get_url_name("list"))
