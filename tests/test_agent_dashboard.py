"""The agent's experience: the admin home panel of its collectivity, the account created by
``create_agent`` or from the admin, and the link that sets a first password."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import WorkflowState

from initiatives import roles
from initiatives.page_tree import bulk_add_children

from .factories import make_collectivity
from .role_helpers import PASSWORD, build_world, edit_url, make_user, refreshed, sheet_form

pytestmark = pytest.mark.django_db

HOME = "/admin/"


@pytest.fixture
def world():
    return build_world()


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def row_of(content, title) -> str:
    """The table row of the sheet titled ``title`` in the agent's panel."""
    match = re.search(
        r"<tr class=\"atlaas-sheet[^\"]*\">(?:(?!</tr>).)*" + re.escape(title), content, re.S
    )
    assert match, title
    return content[match.start() : content.index("</tr>", match.end())]


def test_the_panel_lists_the_collectivity_sheets_with_status_and_next_step(client, world):
    content = dashboard(client, world.agent_a)

    assert "Saint-Malo" in content
    assert "Nouvelle fiche action" in content
    draft = row_of(content, "Brouillon malouin des ateliers")
    assert "Brouillon" in draft and "Soumettre à Relecture Villes Internet" in draft
    assert edit_url(world.a_draft) in draft
    live = row_of(content, "Un fablab au port")
    assert "Publiée" in live and "Copier" in live
    assert "Projet confidentiel rennais" not in content
    assert "La carte des services rennais" not in content


def test_the_panel_follows_the_review(client, world):
    client.force_login(world.agent_a)
    client.post(edit_url(world.a_draft), {**sheet_form(world.a_draft), "action-submit": "1"})
    row = row_of(dashboard(client, world.agent_a), "Brouillon malouin des ateliers")
    assert "En relecture" in row
    assert edit_url(world.a_draft) not in row  # nothing to do while Villes Internet reads

    sheet = refreshed(world.a_draft)
    sheet.current_workflow_task.on_action(
        sheet.current_workflow_task_state,
        world.moderator,
        "reject",
        comment="Ajoutez le budget.",
    )
    row = row_of(dashboard(client, world.agent_a), "Brouillon malouin des ateliers")
    assert "Modifications demandées" in row and "Ajoutez le budget." in row
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES


def test_sheets_waiting_for_the_agent_come_first(client, world):
    content = dashboard(client, world.agent_a)
    assert content.index("Brouillon malouin des ateliers") < content.index("Un fablab au port")


def test_moderators_and_superusers_have_no_agent_panel(client, world, admin_user):
    assert "atlaas-agent-panel" not in dashboard(client, world.moderator)
    assert "atlaas-agent-panel" not in dashboard(client, admin_user)


def test_the_panel_query_count_does_not_grow_with_the_sheets(client):
    from initiatives.models import ActionSheetPage

    collectivity = make_collectivity()
    agent = make_user("agent@saint-malo.fr")
    agent.groups.add(roles.ensure_agent_group(collectivity))
    client.force_login(agent)

    def measure(count, first):
        bulk_add_children(
            collectivity,
            [
                ActionSheetPage(
                    title=f"Fiche {n}", date="2024-01-01", external_id=f"x-{n}", live=n % 2 == 0
                )
                for n in range(first, first + count)
            ],
        )
        client.get(HOME)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        return len(queries)

    assert measure(3, 0) == measure(20, 100)


# --- create_agent -----------------------------------------------------------------------------


def test_create_agent_creates_an_account_without_password_and_prints_a_link(quiet_command):
    page = make_collectivity()
    code, out, _err = quiet_command("create_agent", "Agent@Saint-Malo.fr", collectivity="35288")

    assert code == 0
    user = get_user_model().objects.get()
    assert (user.username, user.email) == ("agent@saint-malo.fr", "agent@saint-malo.fr")
    assert not user.has_usable_password() and not user.is_staff
    assert list(roles.agent_collectivities(user)) == [page]
    assert "Compte créé" in out and "/admin/password_reset/confirm/" in out


def test_create_agent_again_changes_nothing(quiet_command):
    make_collectivity()
    quiet_command("create_agent", "agent@saint-malo.fr", collectivity="35288")
    code, out, _err = quiet_command("create_agent", "agent@saint-malo.fr", collectivity="35288")

    assert code == 0 and "Compte existant" in out
    user = get_user_model().objects.get()
    assert user.groups.count() == 1


def test_create_agent_attaches_an_existing_account_to_a_second_collectivity(quiet_command):
    make_collectivity()
    make_collectivity("35238", "Rennes")
    user = make_user("agent@saint-malo.fr")
    quiet_command("create_agent", "agent@saint-malo.fr", collectivity="35288")
    code, out, _err = quiet_command("create_agent", "agent@saint-malo.fr", collectivity="35238")

    assert code == 0
    assert [c.title for c in roles.agent_collectivities(user)] == ["Rennes", "Saint-Malo"]
    assert "/password_reset/" not in out  # the password they have stays


@pytest.mark.parametrize(
    ("email", "code", "message"),
    [
        ("agent@saint-malo.fr", "99999", "Aucune collectivité de code « 99999 »"),
        ("pas-une-adresse", "35288", "n'est pas une adresse électronique valide"),
    ],
)
def test_create_agent_refuses_bad_input_in_french(quiet_command, email, code, message):
    make_collectivity()
    with pytest.raises(Exception, match=message):
        quiet_command("create_agent", email, collectivity=code)
    assert not get_user_model().objects.exists()


def test_the_invitation_link_sets_a_first_password_and_opens_the_admin(client, quiet_command):
    make_collectivity()
    quiet_command("create_agent", "agent@saint-malo.fr", collectivity="35288", send_email=True)

    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.subject == "Votre accès à ATLAAS pour Saint-Malo"
    link = re.search(r"https?://\S+/admin/password_reset/confirm/\S+", invitation.body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]

    form_url = client.get("/" + path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    user = get_user_model().objects.get()
    assert user.check_password(PASSWORD)
    assert client.login(username="agent@saint-malo.fr", password=PASSWORD)
    assert "Saint-Malo" in client.get(HOME).content.decode()


# --- the same from the admin ------------------------------------------------------------------


def agents_url(collectivity):
    return reverse("atlaas_collectivity_agents", args=[collectivity.pk])


def test_an_administrator_gives_and_removes_access_from_the_admin(client, admin_user):
    page = make_collectivity()
    client.force_login(admin_user)
    explorer = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert agents_url(page) in explorer.content.decode()

    response = client.post(agents_url(page), {"email": "agent@saint-malo.fr"}, follow=True)

    assert "Compte créé pour agent@saint-malo.fr" in response.content.decode()
    user = get_user_model().objects.get(username="agent@saint-malo.fr")
    assert list(roles.agent_collectivities(user)) == [page]
    assert mail.outbox[0].to == ["agent@saint-malo.fr"]

    client.post(agents_url(page), {"remove": str(user.pk)})
    assert not roles.agent_collectivities(user).exists()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_a_wrong_address_is_refused_in_the_admin_form(client, admin_user):
    page = make_collectivity()
    client.force_login(admin_user)
    response = client.post(agents_url(page), {"email": "pas-une-adresse"})
    assert response.status_code == 200
    assert "Saisissez une adresse électronique valide." in response.content.decode()
    assert not get_user_model().objects.filter(username="pas-une-adresse").exists()


def test_agents_and_moderators_cannot_give_access(client, world):
    for user in (world.agent_a, world.moderator):
        client.force_login(user)
        response = client.get(agents_url(world.a))
        # Wagtail turns a refusal in its admin into a redirect to the dashboard.
        assert (response.status_code, response.get("Location")) in ((403, None), (302, HOME))
        client.post(agents_url(world.a), {"email": "intrus@example.org"})
    assert not get_user_model().objects.filter(username="intrus@example.org").exists()


def test_a_new_sheet_starts_from_the_panel_under_the_right_collectivity(client, world):
    content = dashboard(client, world.agent_a)
    add_url = reverse("wagtailadmin_pages:add", args=["initiatives", "actionsheetpage", world.a.pk])
    assert add_url in content
    assert client.get(add_url).status_code == 200
