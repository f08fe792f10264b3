"""When a campaign opens, agents confirm where their older actions stand (en projet, en
cours, terminée, abandonnée): a running action stays presentable to the label.

Confirming is a fact about the action, not a new text: it takes effect at once, without
the review a text change goes through. The latest revision is updated too, so that
publishing a draft later does not bring the old status back.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages

from initiatives import roles
from initiatives.models import ActionSheetPage, ActionStatus

from .campaign import CampaignState, campaign_state, eligibility_start
from .models import LabelEditionPage

URL_NAME = "labels_confirm_sheet_status"
SHOWN = 10


def open_editions():
    today = timezone.localdate()
    editions = LabelEditionPage.objects.live().filter(
        applications_open__lte=today, applications_close__gte=today
    )
    return [e for e in editions if campaign_state(e) == CampaignState.OPEN]


def sheets_to_confirm(collectivity, edition):
    """Published sheets dated before the eligibility window whose status was not confirmed
    since the campaign opened."""
    return (
        ActionSheetPage.objects.live()
        .filter(collectivity_id=collectivity.pk, date__lt=eligibility_start(edition))
        .exclude(status_confirmed_on__gte=edition.applications_open)
        .order_by("-date", "title")
    )


class StatusForm(forms.Form):
    action_status = forms.ChoiceField(choices=ActionStatus.choices)


def confirm_status(sheet, status: str) -> None:
    sheet.action_status = status
    sheet.status_confirmed_on = timezone.localdate()
    sheet.save(update_fields=["action_status", "status_confirmed_on"])
    revision = sheet.latest_revision
    if revision is not None:
        revision.content["action_status"] = sheet.action_status
        revision.content["status_confirmed_on"] = sheet.status_confirmed_on.isoformat()
        revision.save(update_fields=["content"])


@require_POST
def confirm_sheet_status(request, pk):
    sheet = get_object_or_404(ActionSheetPage, pk=pk)
    if not roles.agent_collectivities(request.user).filter(pk=sheet.collectivity_id).exists():
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez l'état de l'action parmi ceux proposés."))
    else:
        confirm_status(sheet, form.cleaned_data["action_status"])
        messages.success(
            request,
            _("État de « %(title)s » confirmé : %(status)s.")
            % {"title": sheet.title, "status": sheet.get_action_status_display()},
        )
    return redirect("wagtailadmin_home")
