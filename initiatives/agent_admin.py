"""The admin page where an administrator gives people access to a collectivity: what
``manage.py create_agent`` does, with a form, from the collectivity's listing."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .models import CollectivityPage
from .notifications import send_agent_invitation
from .roles import agents_of, attach_agent, detach_agent

URL_NAME = "atlaas_collectivity_agents"


def can_manage_agents(user) -> bool:
    return user.is_superuser or user.has_perms(["auth.add_user", "auth.change_user"])


class AgentForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse électronique"),
        help_text=gettext_lazy(
            "Elle sert d'identifiant. Un compte est créé s'il n'existe pas, et l'agent reçoit "
            "un courriel pour choisir son mot de passe."
        ),
        error_messages={"invalid": gettext_lazy("Saisissez une adresse électronique valide.")},
    )


class CollectivityAgentsView(WagtailAdminTemplateMixin, FormView):
    form_class = AgentForm
    template_name = "initiatives/admin/collectivity_agents.html"
    header_icon = "group"

    def dispatch(self, request, *args, pk, **kwargs):
        if not can_manage_agents(request.user):
            raise PermissionDenied
        self.collectivity = get_object_or_404(CollectivityPage, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        # "Agents — Amiens": no elision to get wrong before a vowel ("de Amiens").
        return _("Agents — %(collectivity)s") % {"collectivity": self.collectivity.title}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailadmin_explore", args=[self.collectivity.pk]),
                "label": self.collectivity.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            collectivity=self.collectivity, agents=list(agents_of(self.collectivity)), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            return self.remove(request.POST["remove"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user, created = attach_agent(form.cleaned_data["email"], self.collectivity)
        except ValidationError as error:
            form.add_error("email", error)
            return self.form_invalid(form)
        send_agent_invitation(user, self.collectivity)
        text = (
            _("Compte créé pour %(email)s, rattaché à %(collectivity)s ; invitation envoyée.")
            if created
            else _("%(email)s est agent de %(collectivity)s ; invitation envoyée.")
        )
        messages.success(
            self.request,
            text % {"email": user.get_username(), "collectivity": self.collectivity.title},
        )
        return redirect(URL_NAME, pk=self.collectivity.pk)

    def remove(self, user_id):
        user = get_user_model().objects.filter(pk=user_id).first() if user_id.isdigit() else None
        if user is None:
            messages.error(self.request, _("Ce compte n'existe plus."))
        else:
            detach_agent(user, self.collectivity)
            messages.success(
                self.request,
                _("%(user)s n'est plus agent de %(collectivity)s (son compte est conservé).")
                % {"user": user.get_username(), "collectivity": self.collectivity.title},
            )
        return redirect(URL_NAME, pk=self.collectivity.pk)
