"""Search facets for the label: arobases level and edition, public awards only."""

import datetime
from unittest import mock

import pytest

from django.utils import timezone

from .test_labels_models import ALBI_2023, make_award, make_edition

pytestmark = pytest.mark.django_db


def test_label_facets_count_sheets_put_forward_in_public_awards(corpus, api):
    lyon = corpus["wifi"].collectivity
    village = corpus["epn"].collectivity
    make_award(make_edition(2023), lyon, 5, sheets=[corpus["wifi"], corpus["transition"]])
    make_award(
        make_edition(2022, ceremony_at=ALBI_2023.replace(year=2022)),
        village,
        3,
        sheets=[corpus["epn"]],
    )

    facets = api()["facets"]
    assert facets["arobases"] == {"5": 2, "3": 1}
    assert facets["edition"] == {"2023": 2, "2022": 1}
    result = api(arobases="5", q="wifi")
    assert [row["title"] for row in result["results"]] == ["Wi-Fi public dans les parcs"]
    # "initiatives of 5@ villes about…": label facets combine with the others.
    assert api(arobases="5", type="village")["count"] == 0
    assert api(edition="2022", type="village")["count"] == 1


def test_embargoed_awards_reveal_nothing_in_search(corpus, api, client):
    lyon = corpus["wifi"].collectivity
    make_award(
        make_edition(2024, ceremony_at=timezone.now() + datetime.timedelta(days=5)),
        lyon,
        5,
        sheets=[corpus["wifi"]],
    )
    result = api()
    assert result["facets"]["arobases"] == {}
    assert result["facets"]["edition"] == {}
    assert api(arobases="5")["count"] == 0
    assert "Label 2024" not in client.get("/recherche/").content.decode()


def test_awards_appear_in_search_once_the_ceremony_has_passed(corpus, api):
    lyon = corpus["wifi"].collectivity
    # An hour ahead, then the clock moved past it: no wait that a slow machine could outrun.
    ceremony = timezone.now() + datetime.timedelta(hours=1)
    make_award(make_edition(2024, ceremony_at=ceremony), lyon, 4, sheets=[corpus["wifi"]])
    assert api()["facets"]["arobases"] == {}
    # Nothing is saved at the ceremony: the cached facet data must expire by itself.
    after = ceremony + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=after):
        assert api()["facets"]["arobases"] == {"4": 1}
