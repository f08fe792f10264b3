"""Bad input in the campaign (issue 15, « Done when »): each gets a clear French message and
nothing already saved is lost — an amendment with an ineligible or forged sheet keeps the
deposited dossier, a proposal outside 1–5 or an excellence the collectivity does not qualify
for keeps the juror's earlier proposal and the president's decision."""

import pytest

from labels.models import Award, DossierStatus, JuryProposal

from .campaign_helpers import build_campaign, dossier_form
from .jury_helpers import build_jury_world
from .test_jury import decide, propose
from .test_labels_dossiers import dossier_of, post, text

pytestmark = pytest.mark.django_db


# The agent's dossier


@pytest.fixture
def deposited(client):
    """Saint-Malo's dossier deposited once, with its one eligible sheet."""
    campaign = build_campaign()
    post(client, campaign, **dossier_form(sheets=[campaign.a_recent.pk]))
    dossier = dossier_of(campaign)
    assert dossier.status == DossierStatus.DEPOSITED
    return campaign


def assert_deposit_kept(campaign):
    dossier = dossier_of(campaign)
    assert dossier.status == DossierStatus.DEPOSITED
    assert list(dossier.sheets.all()) == [campaign.a_recent]
    assert dossier.official_name == "Gilles Lurton"
    assert dossier.deposits.count() == 1


def test_an_amendment_with_an_ineligible_sheet_keeps_the_deposited_dossier(client, deposited):
    response = post(
        client,
        deposited,
        **dossier_form(sheets=[deposited.a_recent.pk, deposited.a_old.pk], official_name="Autre"),
    )
    page = text(response)
    assert "La fiche « Le vieux site de la mairie » ne peut pas être présentée." in page
    assert "plus de deux ans avant la clôture" in page
    assert_deposit_kept(deposited)


def test_an_amendment_with_another_collectivity_s_sheet_keeps_the_deposited_dossier(
    client, deposited
):
    response = post(
        client,
        deposited,
        **dossier_form(sheets=[deposited.world.b_live.pk], official_name="Autre"),
    )
    assert "n'est pas une fiche de Saint-Malo" in text(response)
    assert_deposit_kept(deposited)


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        ("999999", "La fiche n° 999999 n'existe pas ou plus : rechargez la page."),
        ("abc", "« abc » n'est pas un numéro de fiche."),
    ],
)
def test_a_forged_sheet_number_is_refused_in_french(client, deposited, forged, message):
    response = post(client, deposited, **dossier_form(sheets=[deposited.a_recent.pk, forged]))
    assert response.status_code == 200
    assert message in text(response)
    assert_deposit_kept(deposited)


# The jury


@pytest.fixture
def world():
    return build_jury_world()


@pytest.mark.parametrize("level", ["0", "6", "-1", "abc", ""])
def test_a_proposal_outside_1_to_5_keeps_the_earlier_one(client, world, level):
    client.force_login(world.juror)
    propose(client, world, world.rennes, arobases="3", private_comment="Premier avis.")

    response = propose(client, world, world.rennes, arobases=level, private_comment="Autre.")

    assert response.status_code == 200
    assert "Le nombre d'arobases va de 1 à 5 : choisissez l'un de ces niveaux." in text(response)
    proposal = JuryProposal.objects.get(juror__user=world.juror)
    assert (proposal.arobases, proposal.private_comment) == (3, "Premier avis.")


def test_an_excellence_proposal_for_a_collectivity_not_qualifying_keeps_the_earlier_one(
    client, world
):
    client.force_login(world.juror)
    propose(client, world, world.rennes, arobases="4")

    response = propose(client, world, world.rennes, arobases="5", excellence="on")

    assert "ne peut pas être proposé pour Rennes" in text(response)
    proposal = JuryProposal.objects.get(juror__user=world.juror)
    assert (proposal.arobases, proposal.excellence) == (4, False)


def test_an_excellence_decision_for_a_collectivity_not_qualifying_keeps_the_decision(client, world):
    client.force_login(world.president)
    decide(client, world, world.rennes, arobases="4", jury_comment="Solide.")

    response = decide(client, world, world.rennes, arobases="5", excellence="on")

    assert response.status_code == 200
    assert "ne peut pas être proposé pour Rennes" in text(response)
    award = Award.objects.get(participation=world.rennes_dossier)
    assert (award.arobases, award.excellence, award.jury_comment) == (4, False, "Solide.")
