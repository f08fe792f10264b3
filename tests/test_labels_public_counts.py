"""Counts never include what is not public (issue 15, huis clos and embargo): a draft
dossier, an edition under embargo, an unpublished edition and an edition in a private
section are counted nowhere the public reads — the label's index, the palmarès, its JSON
API, the pages API, the sitemap, the search facets, a collectivity's label history — and
the editors' press figures leave drafts out. One test per path."""

import datetime
import re

import pytest

from django.urls import reverse

from labels import facets
from labels.models import DossierStatus, Participation
from tests.factories import make_collectivity, make_sheet
from tests.opendata_helpers import restrict
from tests.role_helpers import make_user
from tests.test_labels_models import future, make_award, make_edition
from tests.test_labels_pages import text
from tests.test_sitemap_robots_meta import SITE, sitemap_locations

pytestmark = pytest.mark.django_db


class Label:
    """2023 revealed (Saint-Malo 5 @, Rennes's draft dossier), 2027 under embargo (Brest),
    2021 unpublished (Quimper), 2022 in a private section (Vannes)."""

    def __init__(self):
        self.saint_malo = make_collectivity("35288", "Saint-Malo")
        self.rennes = make_collectivity("35238", "Rennes")
        self.brest = make_collectivity("29019", "Brest")
        self.quimper = make_collectivity("29232", "Quimper")
        self.vannes = make_collectivity("56260", "Vannes")
        self.revealed = make_edition(2023)
        self.malo_sheet = make_sheet(self.saint_malo, "Un fablab au port")
        self.rennes_sheet = make_sheet(self.rennes, "La carte des services rennais")
        self.brest_sheet = make_sheet(self.brest, "Le wifi du port de commerce")
        self.quimper_sheet = make_sheet(self.quimper, "La médiathèque numérique")
        self.vannes_sheet = make_sheet(self.vannes, "Le budget participatif en ligne")
        make_award(self.revealed, self.saint_malo, 5, sheets=[self.malo_sheet])
        Participation.objects.filter(edition=self.revealed).update(status=DossierStatus.DEPOSITED)
        draft = Participation(edition=self.revealed, collectivity=self.rennes)
        draft.sheets = [self.rennes_sheet]
        draft.save()
        self.embargoed = make_edition(2027, ceremony_at=future())
        make_award(self.embargoed, self.brest, 4, sheets=[self.brest_sheet])
        self.unpublished = make_edition(2021, live=False)
        make_award(self.unpublished, self.quimper, 3, sheets=[self.quimper_sheet])
        self.private = make_edition(
            2022, ceremony_at=datetime.datetime(2022, 2, 3, 14, tzinfo=datetime.UTC)
        )
        make_award(self.private, self.vannes, 2, sheets=[self.vannes_sheet])
        restrict(self.private)
        self.hidden = (self.rennes, self.brest, self.quimper, self.vannes)


@pytest.fixture
def label(db):
    return Label()


def test_the_label_index_counts_only_revealed_deposited_dossiers(client, label):
    page = text(client.get("/label/"))
    assert "1 dossier " in page and "1 collectivité labellisée" in page
    assert "Label 2027" in page  # announced, with nothing counted
    assert page.count("collectivité labellisée") + page.count("collectivités labellisées") == 1
    assert "Label 2021" not in page and "Label 2022" not in page


def test_the_palmares_counts_neither_the_draft_dossier_nor_its_sheets(client, label):
    page = text(client.get(label.revealed.url))
    assert "Saint-Malo" in page and "Rennes" not in page
    figures = client.get("/api/labels/2023/").json()["figures"]
    assert (figures["dossiers"], figures["villes"], figures["sheets"]) == (1, 1, 1)
    assert figures["inhabitants"] == label.saint_malo.population


@pytest.mark.parametrize("year", [2027, 2021, 2022])
def test_the_label_api_answers_nothing_for_an_edition_not_public(client, label, year):
    response = client.get(f"/api/labels/{year}/")
    assert response.status_code == 404
    assert "Aucun palmarès publié" in response.json()["error"]


def test_the_pages_api_lists_no_award_of_an_edition_not_public(client, label):
    listing = client.get(
        "/api/v2/pages/", {"type": "labels.LabelEditionPage", "fields": "palmares"}
    ).json()
    by_year = {item["title"]: item["palmares"] for item in listing["items"]}
    assert set(by_year) == {"Label 2023", "Label 2027"}
    assert [row["collectivity"]["title"] for row in by_year["Label 2023"]] == ["Saint-Malo"]
    assert by_year["Label 2027"] == []


def test_the_sitemap_lists_only_the_public_award_page(client, label):
    awards = {
        location
        for location in sitemap_locations(client)
        for edition in (label.revealed, label.embargoed, label.unpublished, label.private)
        if location.startswith(SITE + edition.url) and location != SITE + edition.url
    }
    assert awards == {f"{SITE}{label.revealed.url}{label.saint_malo.slug}/"}


def test_the_search_facets_count_only_sheets_of_public_awards(label):
    levels, years = facets.public_award_pairs()
    assert levels == [(label.malo_sheet.pk, "5")]
    assert years == [(label.malo_sheet.pk, "2023")]
    assert facets.edition_years() == ["2023"]


def test_a_collectivity_page_shows_no_award_not_public(client, label):
    def award_links(collectivity):
        page = client.get(collectivity.url).content.decode()
        return re.findall(rf'href="(/label/\d+/{collectivity.slug}/)"', page)

    for collectivity in label.hidden:
        assert award_links(collectivity) == [], collectivity.title
    assert award_links(label.saint_malo) == ["/label/2023/saint-malo/"]


def test_the_press_figures_leave_the_draft_dossier_out(client, label):
    client.force_login(make_user("editeur@villes-internet.net", "Editors"))
    page = text(client.get(reverse("labels_jury:press", args=[2023])))
    assert "1 : nombre de dossiers de participation dont 0 village, 1 ville" in page
    assert "1 : nombre de fiches actions présentées au jury" in page
