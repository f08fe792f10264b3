"""Agents deposit their collectivity's dossier; editors check it (issue 15, section 2)."""

import datetime
import html
import re

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from initiatives import roles
from initiatives.models import ActionStatus
from labels.models import DossierDeposit, DossierStatus, Participation

from .campaign_helpers import build_campaign, dossier_form, dossier_url
from .factories import make_collectivity, make_sheet
from .role_helpers import make_agent

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return build_campaign()


def text(response) -> str:
    body = response.content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def post(client, campaign, edition=None, **fields):
    client.force_login(campaign.world.agent_a)
    url = dossier_url(edition or campaign.open, campaign.world.a)
    return client.post(url, fields, follow=True)


def dossier_of(campaign, edition=None):
    return Participation.objects.filter(
        edition=edition or campaign.open, collectivity=campaign.world.a
    ).first()


def test_an_agent_reaches_the_dossier_from_the_dashboard(client, campaign):
    client.force_login(campaign.world.agent_a)
    home = client.get(reverse("wagtailadmin_home"))
    url = dossier_url(campaign.open, campaign.world.a)
    assert url in home.content.decode()
    # The edition's address leads an agent of one collectivity to its dossier.
    response = client.get(reverse("labels_dossier", args=[campaign.open.year]))
    assert response.status_code == 302 and response["Location"] == url


def test_an_agent_of_two_collectivities_chooses_which_dossier(client, campaign):
    roles.attach_agent("agent@saint-malo.fr", make_collectivity("29019", "Brest"))
    client.force_login(campaign.world.agent_a)
    response = client.get(reverse("labels_dossier", args=[campaign.open.year]))
    assert response.status_code == 200
    page = text(response)
    assert "Brest" in page and "Saint-Malo" in page


def test_the_form_explains_each_sheet_eligibility_and_draws_the_mosaic(client, campaign):
    client.force_login(campaign.world.agent_a)
    page = text(client.get(dossier_url(campaign.open, campaign.world.a)))
    assert "Des tablettes à la médiathèque" in page
    assert "Éligible : datée du" in page
    assert "Non éligible : datée du" in page and "confirmez son état" in page
    assert "0 enjeux sur" in page  # nothing chosen yet


def test_a_draft_keeps_what_was_written_and_the_mosaic_counts_the_chosen_sheets(client, campaign):
    response = post(
        client,
        campaign,
        action="save",
        official_name="Gilles Lurton",
        sheets=[campaign.a_recent.pk],
    )
    assert "Brouillon du dossier enregistré." in text(response)
    dossier = dossier_of(campaign)
    assert dossier.status == DossierStatus.DRAFT
    assert dossier.official_name == "Gilles Lurton"
    assert list(dossier.sheets.all()) == [campaign.a_recent]
    assert "1 enjeux sur" in text(response) and "1 services sur" in text(response)


def test_an_incomplete_deposit_says_what_is_missing_and_changes_nothing(client, campaign):
    post(client, campaign, action="save", official_name="Gilles Lurton")
    response = post(client, campaign, action="deposit", official_name="Gilles Lurton")
    page = text(response)
    assert "Le dossier n'a pas été déposé" in page
    assert "Renseignez" in page and "la fonction de l'élu" in page
    assert "Choisissez au moins une fiche éligible" in page
    assert "Acceptez le règlement" in page
    dossier = dossier_of(campaign)
    assert dossier.status == DossierStatus.DRAFT and not dossier.deposits.exists()
    assert dossier.official_name == "Gilles Lurton"


def test_a_deposit_is_recorded_and_the_agents_get_a_receipt(
    client, campaign, django_capture_on_commit_callbacks
):
    make_agent("dsi@saint-malo.fr", campaign.world.a)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, campaign, **dossier_form(sheets=[campaign.a_recent.pk]))
    dossier = dossier_of(campaign)
    assert dossier.status == DossierStatus.DEPOSITED and dossier.deposited_at
    assert dossier.rules_accepted_by == campaign.world.agent_a
    assert dossier.rules_accepted_at is not None
    assert f"Dossier n° {dossier.number} déposé" in text(response)
    [record] = DossierDeposit.objects.filter(participation=dossier)
    assert record.deposited_by == campaign.world.agent_a
    assert record.sheet_titles == ["Des tablettes à la médiathèque"]
    [receipt] = mail.outbox
    assert set(receipt.to) == {"agent@saint-malo.fr", "dsi@saint-malo.fr"}
    assert dossier.number in receipt.subject
    assert "Des tablettes à la médiathèque" in receipt.body
    assert dossier_url(campaign.open, campaign.world.a) in receipt.body


def test_a_dossier_is_amended_and_each_deposit_kept(client, campaign):
    post(client, campaign, **dossier_form(sheets=[campaign.a_recent.pk]))
    post(
        client,
        campaign,
        **dossier_form(sheets=[campaign.a_recent.pk], presentation="Deuxième version."),
    )
    dossier = dossier_of(campaign)
    assert dossier.presentation == "Deuxième version."
    assert dossier.deposits.count() == 2
    assert Participation.objects.filter(collectivity=campaign.world.a).count() == 1


def test_a_sheet_of_another_collectivity_is_refused_in_french(client, campaign):
    post(client, campaign, action="save", official_name="Avant")
    response = post(
        client,
        campaign,
        **dossier_form(sheets=[campaign.a_recent.pk, campaign.world.b_live.pk]),
    )
    page = text(response)
    assert "La fiche « La carte des services rennais » n'est pas une fiche de Saint-Malo" in page
    dossier = dossier_of(campaign)
    assert dossier.official_name == "Avant" and dossier.status == DossierStatus.DRAFT
    # What was typed is still in the form.
    assert "Gilles Lurton" in response.content.decode()


def test_an_ineligible_sheet_is_refused_with_the_reason(client, campaign):
    response = post(client, campaign, **dossier_form(sheets=[campaign.a_old.pk]))
    page = text(response)
    assert "La fiche « Le vieux site de la mairie » ne peut pas être présentée." in page
    assert "plus de deux ans avant la clôture" in page
    assert dossier_of(campaign) is None


def test_a_running_action_becomes_eligible_once_its_status_is_confirmed(client, campaign):
    client.force_login(campaign.world.agent_a)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    asked = f'id="etat-{campaign.a_old.pk}"'
    assert asked in home and "Le vieux site de la mairie" in home
    confirm = reverse("labels_confirm_sheet_status", args=[campaign.a_old.pk])
    client.post(confirm, {"action_status": ActionStatus.RUNNING})
    campaign.a_old.refresh_from_db()
    assert campaign.a_old.status_confirmed_on == timezone.localdate()
    assert asked not in client.get(reverse("wagtailadmin_home")).content.decode()
    post(client, campaign, **dossier_form(sheets=[campaign.a_old.pk]))
    assert dossier_of(campaign).status == DossierStatus.DEPOSITED


def test_another_agent_cannot_confirm_a_sheet_status(client, campaign):
    client.force_login(campaign.world.agent_b)
    confirm = reverse("labels_confirm_sheet_status", args=[campaign.a_old.pk])
    response = client.post(confirm, {"action_status": "done"})
    # Wagtail answers a refusal in its admin with a redirect to the dashboard.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    campaign.a_old.refresh_from_db()
    assert campaign.a_old.status_confirmed_on is None


def test_after_the_closing_date_the_dossier_is_read_only(client, campaign):
    deposited = Participation(
        edition=campaign.closed,
        collectivity=campaign.world.a,
        status=DossierStatus.DEPOSITED,
        official_name="Gilles Lurton",
    )
    deposited.sheets = [campaign.a_recent]
    deposited.save()
    client.force_login(campaign.world.agent_a)
    page = client.get(dossier_url(campaign.closed, campaign.world.a))
    assert b'name="action"' not in page.content
    assert "Gilles Lurton" in text(page)
    response = post(client, campaign, edition=campaign.closed, **dossier_form(official_name="X"))
    assert "Les candidatures sont closes depuis le" in text(response)
    deposited.refresh_from_db()
    assert deposited.official_name == "Gilles Lurton"


def test_no_dossier_can_be_started_after_the_closing_date(client, campaign):
    response = post(
        client, campaign, edition=campaign.closed, **dossier_form(sheets=[campaign.a_recent.pk])
    )
    assert "Les candidatures sont closes depuis le" in text(response)
    assert dossier_of(campaign, campaign.closed) is None


def test_an_editor_marks_a_dossier_incomplete_and_its_agents_complete_it(
    client, campaign, django_capture_on_commit_callbacks
):
    dossier = Participation(
        edition=campaign.closed,
        collectivity=campaign.world.a,
        status=DossierStatus.DEPOSITED,
        **{k: v for k, v in dossier_form().items() if k not in ("accept_rules", "action")},
    )
    dossier.sheets = [campaign.a_recent]
    dossier.rules_accepted_at = timezone.now()
    dossier.save()
    client.force_login(campaign.world.editor)
    url = reverse("labels_dossier_incomplete", args=[dossier.pk])
    empty = client.post(url, {"message": " "})
    assert "Dites aux agents ce qui manque au dossier." in text(empty)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": "Ajoutez une fiche sur l'inclusion."})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.INCOMPLETE
    [notice] = mail.outbox
    assert notice.to == ["agent@saint-malo.fr"]
    assert "Ajoutez une fiche sur l'inclusion." in notice.body

    # Applications are closed, but the jury has not met: the agents may complete it.
    response = post(
        client, campaign, edition=campaign.closed, **dossier_form(sheets=[campaign.a_recent.pk])
    )
    assert "déposé" in text(response)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DEPOSITED


def test_an_intercommunalite_dossier_lists_its_member_communes(client, campaign):
    epci = make_collectivity("200000172", "CC Faucigny - Glières", kind="intercommunalite")
    agent = make_agent("agent@ccfg.fr", epci)
    client.force_login(agent)
    page = text(client.get(dossier_url(campaign.open, epci)))
    assert "7 communes membres" in page
    assert "Bonneville (74042)" in page


def test_editors_filter_the_dossiers_and_export_them_formula_safe(client, campaign):
    campaign.b_dossier.official_name = '=HYPERLINK("http://x")'
    campaign.b_dossier.save()
    draft = Participation(edition=campaign.open, collectivity=campaign.world.a)
    draft.sheets = [campaign.a_recent]
    draft.save()
    client.force_login(campaign.world.editor)
    listing = reverse(Participation.snippet_viewset.get_url_name("list"))
    deposited = text(client.get(listing, {"status": "deposited"}))
    assert "Rennes" in deposited and "Saint-Malo" not in deposited
    drafts = text(client.get(listing, {"status": "draft"}))
    assert "Saint-Malo" in drafts and "Rennes" not in drafts
    assert "Rennes" not in text(client.get(listing, {"departement": "29"}))
    assert "✗" not in client.get(listing).content.decode()
    export = client.get(listing, {"export": "csv", "status": "deposited"})
    body = b"".join(export.streaming_content).decode()
    assert "Rennes" in body and "Saint-Malo" not in body
    assert "'=HYPERLINK" in body


def test_the_edition_admin_page_links_to_its_dossiers(client, campaign):
    client.force_login(campaign.world.editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[campaign.open.pk])).content
    assert f"?edition={campaign.open.pk}".encode() in page
    editions_url = reverse("editions:index")
    assert editions_url in client.get(reverse("wagtailadmin_home")).content.decode()
    editions = text(client.get(editions_url))
    assert "Label 2091" in editions and "candidatures ouvertes" in editions
    # Agents hold page permissions too; the editions' menu entry is not theirs.
    client.force_login(campaign.world.agent_a)
    assert editions_url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_sheet_put_forward_must_be_published(client, campaign):
    draft = make_sheet(
        campaign.world.a,
        "Un projet pas encore publié",
        live=False,
        date=timezone.localdate() - datetime.timedelta(days=3),
    )
    response = post(client, campaign, **dossier_form(sheets=[draft.pk]))
    assert "n'est pas publiée" in text(response)
    assert dossier_of(campaign) is None


def test_a_draft_dossier_never_counts_in_a_revealed_palmares(client, campaign):
    from .test_labels_models import make_edition

    edition = make_edition(2023)
    Participation.objects.create(
        edition=edition, collectivity=campaign.world.b, status=DossierStatus.DEPOSITED
    )
    Participation.objects.create(edition=edition, collectivity=campaign.world.a)
    assert client.get("/api/labels/2023/").json()["figures"]["dossiers"] == 1


def test_a_new_agent_is_welcomed_before_being_asked_for_a_dossier(client, campaign):
    newcomer, _created = roles.attach_agent(
        "premiere.connexion@brest.fr", make_collectivity("29019", "Brest")
    )
    client.force_login(newcomer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 0 <= home.index("Bienvenue sur ATLAAS") < home.index('id="atlaas-campagne-')

    # An agent who already writes sheets sees the campaign's deadline first, no welcome.
    agent = campaign.world.agent_a
    agent.first_name, agent.last_name = "Marie", "Dupont"
    agent.save()
    client.force_login(agent)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Bienvenue sur ATLAAS" not in home
    assert home.index('id="atlaas-campagne-') < home.index('id="atlaas-collectivity-')
