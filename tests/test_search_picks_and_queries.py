"""Editors' picks shown first, marked « Sélection de la rédaction », and the report of
what visitors search, kept without personal data (issue 17, requirement 5)."""

import pytest

from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from initiatives.roles import EDITORS, sync_editors
from search import query_log
from search.models import SearchDataVersion, VisitorQueryDay

pytestmark = pytest.mark.django_db


def pin(query, page, description=""):
    return SearchPromotion.objects.create(
        query=Query.get(query), page=page, description=description, sort_order=0
    )


def test_a_pick_comes_first_marked_as_the_editors_selection(corpus, api, client):
    api(q="tiers lieux")
    version = SearchDataVersion.current()
    pin("Tiers-Lieux", corpus["epn"], "Le premier EPN du département.")
    assert SearchDataVersion.current() != version  # the cached answers go
    result = api(q="tiers lieux")
    assert [pick["title"] for pick in result["picks"]] == ["Un EPN pour les seniors"]
    assert result["picks"][0]["url"] == corpus["epn"].url
    page = client.get("/recherche/", {"q": "TIERS lieux"}).content.decode()
    assert "Sélection de la rédaction" in page
    assert page.index("Un EPN pour les seniors") < page.index("pour la médiation numérique</a>")


def test_a_pick_that_is_not_public_is_not_shown(corpus, api):
    pin("zygomatique", corpus["draft"])
    pin("zygomatique", corpus["private"])
    result = api(q="zygomatique")
    assert result["picks"] == []
    assert "Brouillon" not in str(result)


def test_other_queries_and_other_pages_have_no_pick(corpus, api):
    pin("wifi", corpus["wifi"])
    assert api(q="médiation")["picks"] == []
    assert api(q="wifi", page=2, page_size=1)["picks"] == []


def test_editors_may_pin_sheets(db):
    group = sync_editors()
    assert group.name == EDITORS
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_searchpromotion", "change_glossaryentry", "view_visitorqueryday"} <= codenames


def test_visitors_queries_are_counted_with_those_that_found_nothing(corpus, api, client):
    query_log.flush()
    VisitorQueryDay.objects.all().delete()
    api(q="EPN")
    api(q="  epn ")
    api(q="epn", page=2)  # another page of the same search: not a new search
    client.get("/recherche/", {"q": "cimetière"})
    query_log.flush()
    rows = {row.query_string: (row.hits, row.fruitless) for row in VisitorQueryDay.objects.all()}
    assert rows == {"epn": (2, 0), "cimetière": (1, 1)}


def test_the_query_log_keeps_no_personal_data():
    fields = {field.name for field in VisitorQueryDay._meta.get_fields()}
    assert fields == {"id", "query_string", "date", "hits", "fruitless"}


def test_the_report_lists_frequent_and_fruitless_queries(corpus, api, admin_client):
    query_log.flush()
    for _ in range(3):
        api(q="médiation")
    api(q="cimetière")
    response = admin_client.get(reverse("search_visitor_queries"))
    assert response.status_code == 200
    page = response.content.decode()
    frequent, fruitless = page.split("Recherches sans résultat")
    assert "médiation" in frequent and "cimetière" in frequent
    assert "cimetière" in fruitless and "médiation" not in fruitless


def test_the_report_is_for_editors_only(client, django_user_model):
    user = django_user_model.objects.create_user("agent", password="x")
    client.force_login(user)
    assert client.get(reverse("search_visitor_queries")).status_code in (302, 403)
