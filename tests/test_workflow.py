"""The moderation workflow "Relecture Villes Internet", driven through the admin as agents
and moderators use it: submit → request changes → resubmit → approve, with the e-mails
(in French) each step sends; copies, previews and scheduled publishing."""

import datetime

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

from home.models import HomePage
from initiatives.models import ActionSheetPage
from initiatives.workflow import REVIEW_WORKFLOW_NAME

from .role_helpers import admin_url, build_world, edit_url, refreshed, sheet_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def submit(client, sheet, **fields):
    response = client.post(edit_url(sheet), {**sheet_form(sheet, **fields), "action-submit": "1"})
    assert response.status_code == 302, response.content[:300]
    return refreshed(sheet)


def workflow_action(client, sheet, action, **data):
    task_state = sheet.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[sheet.pk, action, task_state.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    return refreshed(sheet)


def mails_to(user):
    return [message for message in mail.outbox if user.email in message.to]


def test_every_sheet_is_reviewed_by_the_workflow_attached_to_the_home_page(world):
    assert HomePage.objects.get().get_workflow().name == REVIEW_WORKFLOW_NAME
    for sheet in (world.a_live, world.b_draft):
        workflow = sheet.get_workflow()
        assert workflow.name == REVIEW_WORKFLOW_NAME
        assert [task.name for task in workflow.tasks.all()] == [REVIEW_WORKFLOW_NAME]


def test_submit_then_approve_publishes_and_tells_everyone_in_french(client, world):
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_draft, subtitle="Des ateliers pour tous, le mercredi.")

    assert sheet.workflow_in_progress and not sheet.live
    to_moderator = mails_to(world.moderator)
    assert len(to_moderator) == 1
    assert "Brouillon malouin des ateliers" in to_moderator[0].subject
    assert to_moderator[0].subject == "À relire : « Brouillon malouin des ateliers »"
    assert to_moderator[0].body.startswith("Bonjour,")  # no e-mail address as a name
    assert not mails_to(world.agent_b)  # other agents are not bothered

    mail.outbox.clear()
    client.force_login(world.moderator)
    sheet = workflow_action(client, sheet, "approve")

    assert sheet.live and not sheet.workflow_in_progress
    assert sheet.subtitle == "Des ateliers pour tous, le mercredi."
    to_agent = mails_to(world.agent_a)
    assert len(to_agent) == 1
    assert to_agent[0].subject == "« Brouillon malouin des ateliers » est publiée"


def test_changes_requested_then_resubmitted_then_published(client, world):
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_draft)
    mail.outbox.clear()

    client.force_login(world.moderator)
    comment = "Merci de préciser le nombre de participants."
    sheet = workflow_action(client, sheet, "reject", comment=comment)

    state = WorkflowState.objects.get(object_id=str(sheet.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not sheet.live
    to_agent = mails_to(world.agent_a)
    assert len(to_agent) == 1
    assert to_agent[0].subject == "Modifications demandées sur « Brouillon malouin des ateliers »"
    assert to_agent[0].body.startswith("Bonjour,")
    assert comment in to_agent[0].body
    assert "moderatrice@villes-internet.net (Villes Internet) demande des modifications" in (
        to_agent[0].body
    )
    assert edit_url(sheet) in to_agent[0].body

    client.force_login(world.agent_a)
    assert client.get(edit_url(sheet)).status_code == 200
    sheet = submit(client, sheet, resultats="<p>42 participants en 2024.</p>")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(world.moderator)
    sheet = workflow_action(client, sheet, "approve")
    assert sheet.live
    assert "42 participants" in sheet.resultats


def test_an_agent_cannot_approve_its_own_submission(client, world):
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_draft)
    task_state = sheet.current_workflow_task_state

    url = reverse("wagtailadmin_pages:workflow_action", args=[sheet.pk, "approve", task_state.pk])
    response = client.post(url)

    assert response.status_code in (302, 403)
    assert not refreshed(sheet).live
    assert refreshed(sheet).workflow_in_progress


def test_changes_to_a_published_sheet_go_live_only_once_approved(client, world):
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_live, title="Un fablab au port, saison 2")
    assert refreshed(sheet).title == "Un fablab au port"  # still the approved version

    client.force_login(world.moderator)
    workflow_action(client, sheet, "approve")
    assert refreshed(sheet).title == "Un fablab au port, saison 2"


def test_an_approved_sheet_scheduled_for_later_is_published_on_its_date(client, world):
    go_live = timezone.now() + datetime.timedelta(days=3)
    client.force_login(world.agent_a)
    sheet = submit(client, world.a_draft, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))

    client.force_login(world.moderator)
    sheet = workflow_action(client, sheet, "approve")
    assert not sheet.live
    revision = sheet.scheduled_revision
    assert revision is not None and revision.approved_go_live_at is not None

    # Three days later: both the approval and the sheet's own date are in the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", verbosity=0)
    assert refreshed(sheet).live


@pytest.mark.parametrize("who", ["agent_a", "moderator"])
def test_preview_of_unsaved_changes_renders_for_agents_and_moderators(client, world, who):
    client.force_login(getattr(world, who))
    url = admin_url("preview_on_edit", world.a_live.pk)
    data = sheet_form(world.a_live, subtitle="Aperçu avant enregistrement")

    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)

    assert response.status_code == 200
    assert "Aperçu avant enregistrement" in response.content.decode()


def test_an_agent_copies_last_year_sheet_with_its_classification(client, world):
    sheet = world.a_live
    sheet.tags.add("fablab", "médiation")
    sheet.save_revision().publish()
    services = set(sheet.services.values_list("pk", flat=True))

    client.force_login(world.agent_a)
    response = client.post(
        admin_url("copy", sheet.pk),
        {
            "new_title": "Un fablab au port (2025)",
            "new_slug": "un-fablab-au-port-2025",
            "new_parent_page": world.a.pk,
        },
    )

    assert response.status_code == 302
    copy = ActionSheetPage.objects.get(slug="un-fablab-au-port-2025")
    assert copy.get_parent().pk == world.a.pk
    assert not copy.live  # a copy goes through the review like any new sheet
    assert set(copy.services.values_list("pk", flat=True)) == services
    assert {tag.name for tag in copy.tags.all()} == {"fablab", "médiation"}
    assert copy.external_id and copy.external_id != sheet.external_id
    assert copy.collectivity_id == world.a.pk
    assert client.get(edit_url(copy)).status_code == 200
