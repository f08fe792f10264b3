"""The label's rules: page tree, one dossier per edition, the distinction needs 5 @, sheets
pre-filled from the application period, the embargo, facet pairs and change signals.

The builders at the top are shared with the other tests/test_labels_*.py files."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from initiatives.models import ActionSheetPage, CollectivityPage
from initiatives.signals import pages_bulk_changed
from labels import facets
from labels.models import Award, LabelEditionPage, LabelIndexPage, Mention, Participation
from tests.factories import ServiceFactory, home_page, make_collectivity, make_sheet

PARIS = ZoneInfo("Europe/Paris")
ALBI_2023 = datetime.datetime(2023, 2, 2, 14, 30, tzinfo=PARIS)


def future(days=30):
    return timezone.now() + datetime.timedelta(days=days)


def label_index() -> LabelIndexPage:
    index = LabelIndexPage.objects.first()
    if index is None:
        index = LabelIndexPage(title="Le label", slug="label")
        home_page().add_child(instance=index)
        index.save_revision().publish()
    return index


def make_edition(year=2023, *, ceremony_at=ALBI_2023, live=True, place="Albi", **fields):
    """An edition whose applications ran from June to October of the previous year, unless
    ``fields`` give other dates."""
    calendar = {
        "applications_open": datetime.date(year - 1, 6, 1),
        "applications_close": datetime.date(year - 1, 10, 28),
        "jury_date": datetime.date(year - 1, 12, 8),
    }
    page = LabelEditionPage(
        title=f"Label {year}",
        slug=str(year),
        year=year,
        number=year - 1999,
        ceremony_at=ceremony_at,
        ceremony_place=place,
        **{**calendar, **fields},
    )
    page.live = live
    label_index().add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def make_award(
    edition, collectivity, arobases=4, *, excellence=False, mentions=(), sheets=(), comment=""
):
    participation = Participation(edition=edition, collectivity=collectivity)
    participation.sheets = list(sheets)
    participation.save()
    award = Award(
        participation=participation,
        arobases=arobases,
        excellence=excellence,
        jury_comment=comment,
    )
    award.mentions = list(mentions)
    award.save()
    return award


def mention(slug):
    return Mention.objects.get(slug=slug)


# Page tree


class LabelPageTreeTests(WagtailPageTestCase):
    def test_the_label_section_sits_once_under_the_home_page(self):
        self.assertAllowedParentPageTypes(LabelIndexPage, {HomePage})
        home = HomePage.objects.get()
        self.assertCanCreateAt(HomePage, LabelIndexPage)
        self.assertCanNotCreateAt(Page, LabelIndexPage)
        self.assertCanNotCreateAt(CollectivityPage, LabelIndexPage)
        label_index()
        assert not LabelIndexPage.can_create_at(home)

    def test_editions_sit_only_in_the_label_section_and_have_no_children(self):
        self.assertAllowedParentPageTypes(LabelEditionPage, {LabelIndexPage})
        self.assertAllowedSubpageTypes(LabelIndexPage, {LabelEditionPage})
        self.assertAllowedSubpageTypes(LabelEditionPage, set())
        self.assertCanNotCreateAt(HomePage, LabelEditionPage)
        self.assertCanNotCreateAt(CollectivityPage, LabelEditionPage)

    def test_an_edition_is_created_in_the_admin_with_its_calendar_and_jury(self):
        self.login()
        index = label_index()
        self.assertCanCreate(
            index,
            LabelEditionPage,
            {
                "title": "Label 2023",
                "slug": "2023",
                "year": "2023",
                "number": "24",
                "applications_open": "2022-06-01",
                "applications_close": "2022-10-28",
                "jury_date": "2022-12-08",
                "ceremony_at": "2023-02-02 14:30",
                "ceremony_place": "Albi",
                "excellence_five_labels_required": "3",
                "introduction": '{"blocks": [], "entityMap": {}}',
                "jury_members-TOTAL_FORMS": "1",
                "jury_members-INITIAL_FORMS": "0",
                "jury_members-MIN_NUM_FORMS": "0",
                "jury_members-MAX_NUM_FORMS": "1000",
                "jury_members-0-name": "Camille Martin",
                "jury_members-0-role": "Présidente du jury",
                "jury_members-0-ORDER": "1",
                "jury_members-0-DELETE": "",
                "jury_members-0-id": "",
            },
        )
        edition = LabelEditionPage.objects.get(year=2023)
        assert timezone.localtime(edition.ceremony_at, PARIS).hour == 14
        assert [member.name for member in edition.jury_members.all()] == ["Camille Martin"]

    def test_applications_cannot_close_before_they_open(self):
        edition = LabelEditionPage(
            title="Label 2023",
            year=2023,
            number=24,
            applications_open=datetime.date(2022, 10, 1),
            applications_close=datetime.date(2022, 6, 1),
            ceremony_at=ALBI_2023,
        )
        with pytest.raises(ValidationError) as caught:
            edition.clean()
        assert "ne peut précéder" in str(caught.value.message_dict["applications_close"])


# Awards and dossiers


@pytest.mark.django_db
def test_the_distinction_needs_five_arobases_with_a_french_message(saint_malo):
    participation = Participation.objects.create(edition=make_edition(), collectivity=saint_malo)
    award = Award(participation=participation, arobases=4, excellence=True)

    with pytest.raises(ValidationError) as caught:
        award.full_clean()
    assert caught.value.message_dict["excellence"] == [
        "La distinction « Territoire d'excellence numérique » n'est attribuée qu'avec 5 arobases."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        award.save()

    award.arobases = 5
    award.full_clean()
    award.save()
    assert Award.objects.get().excellence


@pytest.mark.django_db
def test_arobases_go_from_one_to_five(saint_malo):
    participation = Participation.objects.create(edition=make_edition(), collectivity=saint_malo)
    for level in (0, 6):
        with pytest.raises(ValidationError):
            Award(participation=participation, arobases=level).full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            Award.objects.create(participation=participation, arobases=level)


@pytest.mark.django_db
def test_a_collectivity_has_one_dossier_and_one_award_per_edition(saint_malo):
    edition = make_edition()
    award = make_award(edition, saint_malo)

    duplicate = Participation(edition=edition, collectivity=saint_malo)
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "a déjà un dossier pour cette édition" in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(participation=award.participation, arobases=3)
    # Another edition is another dossier.
    make_award(make_edition(2022, ceremony_at=ALBI_2023.replace(year=2022)), saint_malo)
    assert saint_malo.participations.count() == 2


@pytest.mark.django_db
def test_a_new_dossier_puts_forward_the_sheets_dated_within_the_application_period(saint_malo):
    edition = make_edition()  # applications from 1 June to 28 October 2022
    service = ServiceFactory()
    inside = make_sheet(saint_malo, "Dans la période", [service], date=datetime.date(2022, 7, 1))
    make_sheet(saint_malo, "Trop ancienne", [service], date=datetime.date(2021, 7, 1))
    make_sheet(saint_malo, "Brouillon", [service], live=False, date=datetime.date(2022, 7, 2))
    elsewhere = make_collectivity("35238", "Rennes")
    make_sheet(elsewhere, "D'une autre ville", [service], date=datetime.date(2022, 7, 3))

    participation = Participation(edition=edition, collectivity=saint_malo)
    participation.save()
    assert list(participation.sheets.all()) == [inside]

    # A dossier saved with its own selection keeps it.
    chosen = make_sheet(elsewhere, "Choisie", [service], date=datetime.date(2019, 1, 1))
    other = Participation(edition=edition, collectivity=elsewhere)
    other.sheets = [chosen]
    other.save()
    assert list(Participation.objects.get(pk=other.pk).sheets.all()) == [chosen]


# The embargo: one rule, Award.objects.public()


@pytest.mark.django_db
def test_awards_become_public_at_the_ceremony_and_only_for_published_editions(saint_malo):
    past = make_award(make_edition(2023), saint_malo, 5)
    ceremony = future()
    upcoming = make_award(make_edition(2024, ceremony_at=ceremony), saint_malo, 4)
    draft = make_award(make_edition(2022, live=False), saint_malo, 3)
    restricted_edition = make_edition(2021)
    restricted = make_award(restricted_edition, saint_malo, 2)
    PageViewRestriction.objects.create(page=restricted_edition, restriction_type="login")

    assert list(Award.objects.public()) == [past]
    assert list(Participation.objects.public()) == [past.participation]
    just_after = ceremony + datetime.timedelta(seconds=1)
    assert set(Award.objects.public(now=just_after)) == {past, upcoming}
    assert draft not in Award.objects.public(now=just_after)
    assert restricted not in Award.objects.public(now=just_after)


@pytest.mark.django_db
def test_facet_pairs_count_the_sheets_of_public_awards_only(saint_malo):
    service = ServiceFactory()
    sheets = [make_sheet(saint_malo, f"Fiche {n}", [service]) for n in range(3)]
    rennes = make_collectivity("35238", "Rennes")
    hidden = make_sheet(rennes, "Fiche de Rennes", [service])
    make_award(make_edition(2023), saint_malo, 4, sheets=sheets[:2])
    make_award(
        make_edition(2022, ceremony_at=ALBI_2023.replace(year=2022)),
        saint_malo,
        3,
        sheets=sheets[2:],
    )
    ceremony = future(10)
    make_award(make_edition(2024, ceremony_at=ceremony), rennes, 5, sheets=[hidden])

    levels, years = facets.public_award_pairs()

    assert sorted(levels) == sorted([(sheets[0].pk, "4"), (sheets[1].pk, "4"), (sheets[2].pk, "3")])
    assert sorted(years) == sorted(
        [(sheets[0].pk, "2023"), (sheets[1].pk, "2023"), (sheets[2].pk, "2022")]
    )
    assert facets.edition_years() == ["2023", "2022"]
    assert facets.next_embargo_change() == ceremony


@pytest.mark.django_db
def test_no_embargo_change_is_expected_when_every_ceremony_is_past(saint_malo):
    make_award(make_edition(2023), saint_malo)
    assert facets.next_embargo_change() is None


@pytest.mark.django_db
def test_label_changes_tell_search_to_refresh(saint_malo):
    received = []

    def listener(sender, model, pks, **kwargs):
        received.append(model)

    pages_bulk_changed.connect(listener)
    try:
        edition = make_edition()
        assert LabelEditionPage in received
        received.clear()
        award = make_award(edition, saint_malo)
        assert {Participation, Award} <= set(received)
        received.clear()
        participation = award.participation
        participation.sheets.add(make_sheet(saint_malo, "Ajoutée", [ServiceFactory()]))
        received.clear()
        participation.save()
        assert Participation in received
        received.clear()
        award.delete()
        assert received == [Award]
    finally:
        pages_bulk_changed.disconnect(listener)
    assert ActionSheetPage.objects.filter(participations=award.participation).exists()
