"""Wagtail's site-history and workflow reports: an agent sees its own collectivity's events
and never another user's e-mail address; moderators still see everything."""

import pytest

from django.urls import reverse

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Collection

from .role_helpers import build_world

pytestmark = pytest.mark.django_db

SITE_HISTORY = "wagtailadmin_reports:site_history"
WORKFLOW = "wagtailadmin_reports:workflow"
TASKS = "wagtailadmin_reports:workflow_tasks"


@pytest.fixture
def world():
    world = build_world()
    rennes = Collection.objects.get(name="Rennes (35238)")
    photo = Image.objects.create(
        title="Photo des ateliers rennais", file=get_test_image_file(), collection=rennes
    )
    log(photo, "wagtail.create", user=world.agent_b)
    log(world.b_live, "wagtail.edit", user=world.agent_b)
    log(world.a_live, "wagtail.edit", user=world.agent_a)
    log(world.a_live, "wagtail.publish", user=world.moderator)
    world.b_draft.get_workflow().start(world.b_draft, world.agent_b)
    world.a_draft.get_workflow().start(world.a_draft, world.agent_a)
    return world


def page(client, name, query="") -> str:
    response = client.get(reverse(name) + query)
    assert response.status_code == 200, name
    if response.streaming:  # a CSV export
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def addresses_absent(shown: str) -> bool:
    return "agent@rennes.fr" not in shown and "moderatrice@villes-internet.net" not in shown


def test_the_site_history_shows_an_agent_its_collectivity_events_and_no_other_address(
    client, world
):
    client.force_login(world.agent_a)

    shown = page(client, SITE_HISTORY)

    assert addresses_absent(shown)
    assert addresses_absent(page(client, SITE_HISTORY, "?export=csv"))
    assert "Un fablab au port" in shown
    assert "Villes Internet" in shown  # the moderator's publication, by name, not address
    assert "La carte des services rennais" not in shown
    assert "La carte" not in page(client, SITE_HISTORY, f"?user={world.agent_b.pk}")
    # Moderators still see who did what.
    client.force_login(world.moderator)
    history = page(client, SITE_HISTORY)
    assert "La carte des services rennais" in history and "agent@rennes.fr" in history


def test_the_workflow_reports_show_an_agent_its_collectivity_and_no_other_address(client, world):
    client.force_login(world.agent_a)

    shown = page(client, WORKFLOW)

    assert addresses_absent(shown)
    for name, query in ((WORKFLOW, "?export=csv"), (TASKS, ""), (TASKS, "?export=csv")):
        assert addresses_absent(page(client, name, query)), (name, query)
    assert "Brouillon malouin des ateliers" in shown
    assert "Projet confidentiel rennais" not in shown
    client.force_login(world.moderator)
    workflow = page(client, WORKFLOW)
    assert "Projet confidentiel rennais" in workflow and "agent@rennes.fr" in workflow
