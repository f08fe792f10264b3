"""Ranking: every word before some words, title before body, then the most recent."""

import datetime

import pytest

from initiatives.models import Service

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(referentiel):
    return make_collectivity("35288", "Saint-Malo", "ville")


def sheet(town, title, date="2023-01-01", **fields):
    return make_sheet(
        town,
        title=title,
        services=[Service.objects.get(slug="wi-fi-public")],
        date=datetime.date.fromisoformat(date),
        **fields,
    )


def result_titles(api, **params):
    return [row["title"] for row in api(**params)["results"]]


def test_sheet_with_every_word_ranks_above_sheets_with_some(town, api):
    sheet(town, "Cartographie participative", synthese="<p>Les habitants signalent.</p>")
    sheet(town, "Budget des quartiers", synthese="<p>Un budget pour chaque quartier.</p>")
    sheet(
        town, "Budget participatif en ligne", synthese="<p>Voter en ligne.</p>", date="2019-01-01"
    )
    titles = result_titles(api, q="budget participatif")
    assert titles[0] == "Budget participatif en ligne"
    assert set(titles[1:]) == {"Cartographie participative", "Budget des quartiers"}


def test_title_match_ranks_above_body_only_match(town, api):
    sheet(
        town,
        "Ateliers pour les aînés",
        date="2023-06-01",
        synthese="<p>" + "Des séances de robotique et de programmation. " * 3 + "</p>",
    )
    sheet(town, "Robotique au collège", date="2018-01-01", synthese="<p>Un club.</p>")
    assert result_titles(api, q="robotique")[0] == "Robotique au collège"


def test_ties_are_broken_by_recency(town, api):
    for year in (2019, 2023, 2021):
        sheet(town, "Composteurs connectés", date=f"{year}-05-05", synthese="<p>Même texte.</p>")
    dates = [row["date"] for row in api(q="composteurs")["results"]]
    assert dates == ["2023-05-05", "2021-05-05", "2019-05-05"]


def test_sort_by_date_orders_newest_first(town, api):
    sheet(town, "Robotique au collège", date="2018-01-01")
    sheet(town, "Ateliers de robotique", date="2022-01-01", synthese="<p>Robotique.</p>")
    dates = [row["date"] for row in api(q="robotique", sort="date")["results"]]
    assert dates == sorted(dates, reverse=True)
