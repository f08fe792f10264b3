"""Small errors a visitor of the label pages would read: « à en ligne », and sheets « présentées
au jury » dated after the jury met."""

import datetime

import pytest

from initiatives.models import ActionSheetPage
from labels.models import LabelEditionPage, Participation
from tests.test_labels_models import make_edition

pytestmark = pytest.mark.django_db

ONLINE_2021 = datetime.datetime(2021, 2, 9, 9, 0, tzinfo=datetime.UTC)


def text_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(response.content.decode().split())


def test_an_online_ceremony_is_said_en_ligne_and_a_town_a_albi(client, referentiel):
    make_edition(2021, ceremony_at=ONLINE_2021, place="en ligne")
    make_edition(2023, place="Albi")
    page = text_of(client, "/label/")
    assert "à en ligne" not in page
    assert "</time> en ligne" in page
    assert "</time> à Albi" in page
    assert "à en ligne" not in text_of(client, "/label/2021/")


def test_the_demo_puts_forward_no_sheet_dated_after_its_jury(referentiel, quiet_command):
    code, _out, err = quiet_command(
        "seed_demo", "--sheets", "60", "--collectivities", "6", "--no-index"
    )
    assert code == 0, err
    for edition in LabelEditionPage.objects.all():
        later = ActionSheetPage.objects.filter(
            participations__in=Participation.objects.filter(edition=edition),
            date__gt=edition.jury_date,
        )
        assert not later.exists(), (edition.year, list(later.values_list("date", flat=True)))
    label_2023 = LabelEditionPage.objects.get(year=2023)
    # The press figures still count every published sheet.
    put_forward = ActionSheetPage.objects.filter(participations__edition=label_2023).distinct()
    assert put_forward.count() == ActionSheetPage.objects.live().count()
