"""Repeated searches are served from the cache, which never outlives the data it was
computed from: publishing, unpublishing or an award's edit shows at once."""

import datetime

import pytest

from django.test import override_settings

from atlaas.settings.base import shared_cache
from initiatives.models import Service

from .factories import make_collectivity, make_sheet
from .test_labels_models import make_award, make_edition

pytestmark = pytest.mark.django_db


def test_a_repeated_search_costs_one_query(corpus, api, client, django_assert_num_queries):
    first = api(q="numérique", type="ville")
    # Same search, parameters in another order: only the data version is read.
    with django_assert_num_queries(1):
        again = client.get("/api/search/", {"type": "ville", "q": "numérique"}).json()
    assert again == first
    client.get("/recherche/", {"q": "numérique"})
    # The page: the data version and the request's site; the navigation every page shows
    # is kept per data version (initiatives/section_indexes.py).
    with django_assert_num_queries(2):
        page = client.get("/recherche/", {"q": "numérique"})
    assert "fiches actions" in page.content.decode()


def test_another_page_or_filter_of_a_cached_search_is_a_new_answer(corpus, api):
    everything = api(q="numérique")
    in_villes = api(q="numérique", type="ville")
    assert in_villes["count"] < everything["count"]
    assert api(q="numérique", page_size=1, page=2)["results"][0] == everything["results"][1]


def test_publishing_and_unpublishing_show_through_a_warm_cache(referentiel, api, client):
    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(town, title="Fabrique numérique du port", date=datetime.date(2023, 1, 5))
    sheet = make_sheet(
        town,
        title="Fabrique numérique des écoles",
        live=False,
        services=[Service.objects.get(slug="open-data")],
    )
    assert api(q="fabrique")["count"] == 1
    assert "numérique des écoles" not in client.get("/recherche/?q=fabrique").text

    sheet.save_revision().publish()
    assert api(q="fabrique")["count"] == 2
    assert "numérique des écoles" in client.get("/recherche/?q=fabrique").text

    sheet.refresh_from_db()
    sheet.unpublish()
    assert api(q="fabrique")["count"] == 1
    assert "numérique des écoles" not in client.get("/recherche/?q=fabrique").text


def test_editing_an_award_updates_the_label_facets(corpus, api):
    lyon = corpus["wifi"].collectivity
    award = make_award(make_edition(2023), lyon, 4, sheets=[corpus["wifi"]])
    assert api()["facets"]["arobases"] == {"4": 1}
    award.arobases = 5
    award.save()
    assert api()["facets"]["arobases"] == {"5": 1}


@override_settings(CACHES={"default": shared_cache("redis://127.0.0.1:1/0")})  # nothing there
def test_the_site_still_answers_when_the_redis_cache_is_down(corpus, client):
    response = client.get("/api/search/", {"q": "numérique"})
    assert response.status_code == 200
    assert response.json()["count"] > 0
    assert client.get("/recherche/", {"q": "numérique"}).status_code == 200
    assert client.get(corpus["wifi"].url).status_code == 200
