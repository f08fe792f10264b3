"""The "Label" admin: a dossier and its jury decision in one form, sheets chosen among the
collectivity's own, the distinction rule, listing filters, mentions kept while in use."""

import datetime
import re

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from labels.models import Award, Mention, Participation
from tests.factories import ServiceFactory, make_collectivity, make_sheet
from tests.test_labels_models import make_award, make_edition, mention

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_labels_participation:add"


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@x.fr", "pw"))
    return client


@pytest.fixture
def dossier_data():
    def build(edition, collectivity, sheets=(), **award):
        awards = [award] if award else []
        return nested_form_data(
            {
                "edition": edition.pk,
                "collectivity": collectivity.pk,
                # Tuples: nested_form_data would number the items of a list.
                "sheets": tuple(sheet.pk for sheet in sheets),
                "awards": inline_formset(awards, max=1),
            }
        )

    return build


def page_text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def test_a_dossier_is_created_with_its_award_and_its_period_sheets(editor, dossier_data):
    edition = make_edition()
    saint_malo = make_collectivity()
    service = ServiceFactory()
    in_period = make_sheet(saint_malo, "Dans la période", [service], date=datetime.date(2022, 7, 1))
    make_sheet(saint_malo, "Avant la période", [service], date=datetime.date(2020, 7, 1))
    data = dossier_data(
        edition,
        saint_malo,
        arobases="5",
        excellence="on",
        mentions=(mention("arobase-verte").pk,),
        jury_comment="Une démarche exemplaire.",
    )

    response = editor.post(reverse(ADD_URL), data)

    assert response.status_code == 302, page_text(response)[:3000]
    participation = Participation.objects.get()
    assert list(participation.sheets.all()) == [in_period]
    award = participation.award
    assert (award.arobases, award.excellence, award.jury_comment) == (
        5,
        True,
        "Une démarche exemplaire.",
    )
    assert list(award.mentions.all()) == [mention("arobase-verte")]


def test_the_distinction_without_five_arobases_is_refused_in_the_form(editor, dossier_data):
    edition = make_edition()
    saint_malo = make_collectivity()

    response = editor.post(
        reverse(ADD_URL), dossier_data(edition, saint_malo, arobases="4", excellence="on")
    )

    assert response.status_code == 200
    assert (
        "La distinction « Territoire d'excellence numérique » n'est attribuée qu'avec 5 arobases."
        in page_text(response)
    )
    assert not Participation.objects.exists() and not Award.objects.exists()


def test_sheets_are_chosen_among_the_collectivity_s_own(editor, dossier_data):
    edition = make_edition()
    saint_malo = make_collectivity()
    rennes = make_collectivity("35238", "Rennes")
    service = ServiceFactory()
    own = make_sheet(saint_malo, "Fiche de Saint-Malo", [service])
    foreign = make_sheet(rennes, "Fiche de Rennes", [service])
    award = make_award(edition, saint_malo, 3, sheets=[own])
    edit_url = reverse("wagtailsnippets_labels_participation:edit", args=[award.participation.pk])

    form = page_text(editor.get(edit_url))
    assert "Fiche de Saint-Malo" in form and "Fiche de Rennes" not in form

    response = editor.post(edit_url, dossier_data(edition, saint_malo, sheets=[own, foreign]))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page_text(response)
    assert list(Participation.objects.get().sheets.all()) == [own]

    response = editor.post(edit_url, dossier_data(edition, saint_malo, sheets=[]))
    assert response.status_code == 302
    # Emptied on purpose: an existing dossier is not pre-filled again.
    assert not Participation.objects.get().sheets.exists()


def test_a_second_dossier_for_the_same_edition_is_refused(editor, dossier_data):
    edition = make_edition()
    saint_malo = make_collectivity()
    make_award(edition, saint_malo)

    response = editor.post(reverse(ADD_URL), dossier_data(edition, saint_malo))

    assert response.status_code == 200
    assert "Cette collectivité a déjà un dossier pour cette édition." in page_text(response)
    assert Participation.objects.count() == 1


def test_the_dossier_listing_filters_by_edition_and_kind(editor):
    label_2023 = make_edition()
    label_2022 = make_edition(2022, ceremony_at=datetime.datetime(2022, 2, 3, tzinfo=datetime.UTC))
    saint_malo = make_collectivity()
    amanlis = make_collectivity("35002", "Amanlis", "village")
    make_award(label_2023, saint_malo, 5)
    make_award(label_2023, amanlis, 2)
    make_award(label_2022, saint_malo, 4)
    url = reverse("wagtailsnippets_labels_participation:list")

    everything = page_text(editor.get(url))
    assert everything.count("Saint-Malo") >= 2 and "Amanlis" in everything
    villages = page_text(editor.get(url, {"edition": label_2023.pk, "kind": "village"}))
    assert "Amanlis" in villages and "Saint-Malo" not in villages
    fours = page_text(editor.get(url, {"arobases": "4"}))
    assert "Label 2022" in fours and "Amanlis" not in fours


def test_a_mention_the_jury_gave_cannot_be_deleted(editor):
    given = mention("arobase-verte")
    make_award(make_edition(), make_collectivity(), 4, mentions=[given])
    unused = mention("culture-et-patrimoine")

    response = editor.post(
        reverse("wagtailsnippets_labels_mention:delete", args=[given.pk]), follow=True
    )
    assert "n'a pas été supprimée : 1 distinction la porte" in page_text(response)
    assert Mention.objects.filter(pk=given.pk).exists()

    editor.post(reverse("wagtailsnippets_labels_mention:delete", args=[unused.pk]))
    assert not Mention.objects.filter(pk=unused.pk).exists()


def test_the_dossier_form_offers_to_add_its_decision_in_correct_french(editor):
    form = page_text(editor.get(reverse(ADD_URL)))
    assert "Ajouter une distinction" in form
    assert "un(e)" not in form


def test_the_dossiers_list_shows_a_dash_for_a_dossier_not_decided_yet(editor):
    edition = make_edition()
    make_award(edition, make_collectivity(), 4)
    Participation.objects.create(edition=edition, collectivity=make_collectivity("35238", "Rennes"))

    page = page_text(editor.get(reverse("wagtailsnippets_labels_participation:list")))

    cells = [
        re.sub(r"<[^>]+>|\s+", " ", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)
    ]
    assert "None" not in cells
    assert "4 @" in cells and "—" in cells
    assert "Nouveau dossier" in page and "Ajouter un(e)" not in page
