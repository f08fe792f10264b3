"""The jury's workspace: jurors appointed per edition, dossiers studied from the closing
date, one proposal per juror and dossier (others' seen only after one's own), the
deliberation table, the president's decisions and the closing of the deliberation."""

import datetime
import html
import re

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from labels.jury.roles import is_juror
from labels.models import Award, DeliberationReopening, Juror, JuryProposal, Mention

from .jury_helpers import SECRET_COMMENT, build_jury_world
from .test_labels_pages import text
from .test_permissions import denied

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_jury_world()


def dossiers_url(world):
    return reverse("labels_jury:dossiers", args=[world.edition.year])


def dossier_url(world, collectivity):
    return reverse("labels_jury:dossier", args=[world.edition.year, collectivity.code])


def deliberation_url(world):
    return reverse("labels_jury:deliberation", args=[world.edition.year])


def propose(client, world, collectivity, **fields):
    data = {"arobases": "4", "private_comment": ""}
    data.update(fields)
    return client.post(dossier_url(world, collectivity), data)


def decide(client, world, collectivity, **fields):
    data = {"arobases": "4", "jury_comment": ""}
    data.update(fields)
    posted = {f"decision-{name}": value for name, value in data.items()}
    return client.post(dossier_url(world, collectivity), {"decide": "1", **posted})


def flash(response) -> str:
    return html.unescape(" ".join(str(message) for message in response.context["messages"]))


# Appointing jurors


def test_create_juror_seats_an_account_on_one_edition_and_can_be_rerun(quiet_command, world):
    code, out, _err = quiet_command(
        "create_juror", "Eve.Jure@Example.org", "--edition", str(world.edition.year)
    )
    assert code == 0 and "Compte créé : eve.jure@example.org" in out
    assert "Lien pour choisir le mot de passe" in out
    seat = Juror.objects.get(user__username="eve.jure@example.org")
    assert seat.edition_id == world.edition.pk and not seat.is_president
    assert seat.user.groups.filter(name=f"Jury {world.edition.year}").exists()
    assert set(
        Group.objects.get(name=f"Jury {world.edition.year}").permissions.values_list(
            "codename", flat=True
        )
    ) == {"access_admin"}

    code, out, _err = quiet_command(
        "create_juror", "eve.jure@example.org", "--edition", str(world.edition.year), "--president"
    )
    assert code == 0 and "Compte existant" in out and "Président du jury" in out
    # One president per edition: the former one is now a juror.
    presidents = Juror.objects.filter(edition=world.edition, is_president=True)
    assert list(presidents.values_list("user__username", flat=True)) == ["eve.jure@example.org"]
    assert Juror.objects.filter(user__username="eve.jure@example.org").count() == 1


def test_create_juror_explains_an_unknown_edition_or_a_bad_address(quiet_command, world):
    with pytest.raises(Exception, match="Aucune édition 1990 du label"):
        quiet_command("create_juror", "eve@example.org", "--edition", "1990")
    with pytest.raises(Exception, match="n'est pas une adresse électronique valide"):
        quiet_command("create_juror", "pas-une-adresse", "--edition", str(world.edition.year))


def test_an_editor_appoints_and_removes_jurors_from_the_admin(client, world):
    client.force_login(world.editor)
    url = reverse("labels_jury:jurors", args=[world.edition.year])
    assert "camille@jury.example" in text(client.get(url))

    response = client.post(url, {"email": "pas une adresse"})
    assert "Saisissez une adresse électronique valide." in text(response)
    response = client.post(url, {"email": "france@jury.example", "president": "on"}, follow=True)
    assert "Compte créé pour france@jury.example" in text(response)
    seat = Juror.objects.get(user__username="france@jury.example")
    assert seat.is_president and is_juror(seat.user, world.edition)

    client.post(url, {"remove": str(seat.pk)})
    assert not is_juror(seat.user, world.edition)


# Studying the dossiers


def test_jurors_list_the_deposited_dossiers_of_their_edition_only(client, world):
    client.force_login(world.juror)
    page = text(client.get(dossiers_url(world)))
    assert "Saint-Malo" in page and "Rennes" in page
    assert "Vitré" not in page  # a draft is not submitted
    assert "Vos propositions : 0 sur 2 dossiers." in page


def test_before_the_closing_date_a_juror_is_sent_back_with_the_date(client):
    world = build_jury_world(closes_in_days=0)  # agents may amend until tonight
    client.force_login(world.juror)
    response = client.get(dossiers_url(world), follow=True)
    assert "seront ouverts au jury après la clôture des candidatures" in flash(response)
    assert "Saint-Malo" not in text(response)
    assert client.get(dossier_url(world, world.saint_malo)).status_code == 302


def test_a_dossier_shows_the_collectivity_its_history_mosaic_and_sheets(client, world):
    client.force_login(world.juror)
    page = text(client.get(dossier_url(world, world.saint_malo)))
    assert "Ville" in page and "Ille-et-Vilaine" in page
    assert "2022 : 5 @" in page and "3 labels 5 @ antérieurs" in page
    assert "2 fiches présentées" in page
    assert "Un fablab au port" in page and "Le wifi public des remparts" in page
    assert "La mosaïque des enjeux" in page
    assert client.get(dossier_url(world, world.vitre)).status_code == 404  # draft


def test_an_intercommunality_dossier_lists_its_member_communes(client, world):
    from .factories import make_collectivity
    from .jury_helpers import submitted

    epci = make_collectivity(
        "200000172", "CC Faucigny - Glières", kind="intercommunalite", members=""
    )
    submitted(world.edition, epci)
    client.force_login(world.juror)
    page = text(client.get(dossier_url(world, epci)))
    assert "7 communes membres" in page and "Bonneville" in page


# Proposals


def test_a_juror_sees_the_others_proposals_only_after_recording_their_own(client, world):
    client.force_login(world.juror_two)
    propose(client, world, world.saint_malo, arobases="5", private_comment=SECRET_COMMENT)

    client.force_login(world.juror)
    before = text(client.get(dossier_url(world, world.saint_malo)))
    assert SECRET_COMMENT not in before
    assert "s'afficheront une fois la vôtre enregistrée" in before

    response = propose(client, world, world.saint_malo, arobases="4")
    assert response.status_code == 302
    after = text(client.get(dossier_url(world, world.saint_malo)))
    assert SECRET_COMMENT in after and "Basile Fictif" in after
    assert JuryProposal.objects.get(juror__user=world.juror).arobases == 4


def test_a_proposal_outside_1_to_5_is_refused_in_french_and_keeps_what_was_saved(client, world):
    client.force_login(world.juror)
    propose(client, world, world.rennes, arobases="3", private_comment="Premier avis.")

    response = propose(client, world, world.rennes, arobases="7", private_comment="Second avis.")

    assert response.status_code == 200
    page = text(response)
    assert "Le nombre d'arobases va de 1 à 5" in page
    assert "Second avis." in page  # what was typed comes back
    proposal = JuryProposal.objects.get(
        juror__user=world.juror, participation__collectivity=world.rennes
    )
    assert (proposal.arobases, proposal.private_comment) == (3, "Premier avis.")


def test_excellence_is_offered_only_to_a_collectivity_meeting_the_edition_rule(client, world):
    client.force_login(world.juror)
    assert "Territoire d'excellence numérique" in text(
        client.get(dossier_url(world, world.saint_malo))
    )
    assert 'name="excellence"' not in client.get(dossier_url(world, world.rennes)).content.decode()

    response = propose(client, world, world.rennes, arobases="5", excellence="on")
    page = text(response)
    assert "ne peut pas être proposé pour Rennes" in page
    assert "au moins 3 fois" in page and "l'a été 0 fois" in page
    assert not JuryProposal.objects.filter(participation=world.rennes_dossier).exists()

    response = propose(client, world, world.saint_malo, arobases="4", excellence="on")
    assert "ne va qu'avec 5 arobases" in text(response)
    propose(client, world, world.saint_malo, arobases="5", excellence="on")
    assert JuryProposal.objects.get(participation=world.malo_dossier).excellence


def test_the_edition_sets_how_many_earlier_five_labels_excellence_needs(client, world):
    world.edition.excellence_five_labels_required = 4
    world.edition.save_revision().publish()
    client.force_login(world.juror)
    response = propose(client, world, world.saint_malo, arobases="5", excellence="on")
    assert "au moins 4 fois" in text(response) and "l'a été 3 fois" in text(response)


# The deliberation


def test_the_deliberation_table_shows_median_range_and_count_most_disputed_first(client, world):
    for user, malo, rennes in (
        (world.juror, "5", "3"),
        (world.juror_two, "4", "3"),
        (world.president, "5", "1"),
    ):
        client.force_login(user)
        propose(client, world, world.saint_malo, arobases=malo)
        propose(client, world, world.rennes, arobases=rennes)

    client.force_login(world.president)
    response = client.get(deliberation_url(world))
    rows = re.findall(
        r"<tr>\s*<td><a [^>]*>([^<]+)</a></td>(.*?)</tr>", response.content.decode(), re.S
    )
    cells = {name: re.sub(r"<[^>]+>|\s+", " ", rest).split() for name, rest in rows}
    assert [name for name, _rest in rows] == ["Rennes", "Saint-Malo"]  # range 2 before range 1
    assert cells["Rennes"][:5] == ["3", "3", "@", "1", "à"]
    assert cells["Saint-Malo"][:5] == ["3", "5", "@", "4", "à"]

    client.force_login(world.editor)
    assert client.get(deliberation_url(world)).status_code == 200
    client.force_login(world.juror)
    assert denied(client.get(deliberation_url(world)))


def test_the_president_decides_then_closes_and_decisions_are_frozen(client, world):
    client.force_login(world.president)
    decide(client, world, world.rennes, arobases="3", jury_comment="Une démarche solide.")
    decide(
        client,
        world,
        world.saint_malo,
        arobases="5",
        excellence="on",
        mentions=[Mention.objects.get(slug="democratie-locale").pk],
    )
    award = Award.objects.get(participation=world.rennes_dossier)
    assert (award.arobases, award.jury_comment) == (3, "Une démarche solide.")
    assert Award.objects.get(participation=world.malo_dossier).excellence

    response = client.post(deliberation_url(world), {"close": "1"}, follow=True)
    assert "Délibéré clos" in flash(response)
    world.edition.refresh_from_db()
    assert world.edition.deliberation_closed_at is not None

    response = decide(client, world, world.rennes, arobases="1")
    assert Award.objects.get(participation=world.rennes_dossier).arobases == 3
    client.force_login(world.juror)
    propose(client, world, world.rennes, arobases="2")
    assert not JuryProposal.objects.filter(juror__user=world.juror).exists()


def test_the_deliberation_cannot_close_before_the_jury_date_or_with_undecided_dossiers(
    client, world
):
    client.force_login(world.president)
    response = client.post(deliberation_url(world), {"close": "1"}, follow=True)
    assert "2 dossier(s) attendent encore la décision du jury" in flash(response)

    world.edition.jury_date = timezone.localdate() + datetime.timedelta(days=2)
    world.edition.save_revision().publish()
    response = client.post(deliberation_url(world), {"close": "1"}, follow=True)
    assert "ne peut être clos qu'à partir du jour du jury" in flash(response)
    world.edition.refresh_from_db()
    assert world.edition.deliberation_closed_at is None


def test_only_the_president_decides(client, world):
    client.force_login(world.juror)
    response = decide(client, world, world.rennes, arobases="5")
    assert response.status_code == 302
    assert not Award.objects.filter(participation=world.rennes_dossier).exists()
    client.force_login(world.editor)
    decide(client, world, world.rennes, arobases="5")
    assert not Award.objects.filter(participation=world.rennes_dossier).exists()


def test_an_editor_reopens_a_closed_deliberation_with_a_recorded_reason(client, world):
    client.force_login(world.president)
    decide(client, world, world.rennes, arobases="3")
    decide(client, world, world.saint_malo, arobases="5")
    client.post(deliberation_url(world), {"close": "1"})

    response = client.post(deliberation_url(world), {"reopen": "1"})
    assert response.status_code == 302  # the president may not reopen
    client.force_login(world.editor)
    response = client.post(deliberation_url(world), {"reopen": "1", "reason": ""})
    assert "Indiquez pourquoi le délibéré est rouvert." in text(response)
    world.edition.refresh_from_db()
    assert world.edition.deliberation_closed_at is not None

    client.post(deliberation_url(world), {"reopen": "1", "reason": "Erreur de saisie sur Rennes."})
    world.edition.refresh_from_db()
    assert world.edition.deliberation_closed_at is None
    record = DeliberationReopening.objects.get()
    assert (record.user, record.reason) == (world.editor, "Erreur de saisie sur Rennes.")
    assert "Erreur de saisie sur Rennes." in text(client.get(deliberation_url(world)))

    client.force_login(world.president)
    decide(client, world, world.rennes, arobases="4")
    assert Award.objects.get(participation=world.rennes_dossier).arobases == 4


# The embargo: the jury sees its edition's palmarès before the ceremony


def test_the_jury_sees_its_edition_palmares_before_the_ceremony_and_no_one_else(client, world):
    Award.objects.create(participation=world.malo_dossier, arobases=5)
    palmares = f"/label/{world.edition.year}/"
    award_page = f"/label/{world.edition.year}/saint-malo/"

    for user in (world.juror, world.president, world.editor):
        client.force_login(user)
        assert "Saint-Malo" in text(client.get(palmares)), user
        assert client.get(award_page).status_code == 200, user
    for user in (world.other_juror, world.moderator, world.agent):
        client.force_login(user)
        assert "Saint-Malo" not in text(client.get(palmares)), user
        assert client.get(award_page).status_code == 404, user
    client.logout()
    assert client.get(award_page).status_code == 404
