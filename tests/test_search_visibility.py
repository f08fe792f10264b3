"""Drafts, unpublished and restricted sheets never show in results, counts, suggestions or
autocomplete; the index follows publishing at once."""

import datetime

import pytest

from initiatives.models import Service

from .factories import make_collectivity, make_sheet

pytestmark = pytest.mark.django_db


def test_draft_and_restricted_sheets_are_not_found(corpus, api, client):
    assert api(q="zygomatique")["count"] == 0
    assert api(q="confidentialissime")["count"] == 0
    assert api()["count"] == 6
    for word in ("zygomatique", "confidentialissime", "médiation"):
        body = client.get("/recherche/", {"q": word}).content.decode()
        assert "Brouillon zygomatique" not in body
        assert "Projet confidentialissime" not in body


def test_suggestions_never_reveal_unpublished_words(corpus, api):
    assert api(q="zygomatiqe")["suggestion"] is None
    assert api(q="confidentialisime")["suggestion"] is None


def test_autocomplete_never_offers_unpublished_titles(corpus, client):
    for prefix in ("brouil", "zygo", "confidentia", "projet conf"):
        results = client.get("/api/search/autocomplete/", {"q": prefix}).json()["results"]
        assert [r["label"] for r in results if r["type"] != "search"] == []


def test_publish_makes_a_sheet_findable_and_unpublish_removes_it(referentiel, api):
    town = make_collectivity("29019", "Brest", "ville")
    sheet = make_sheet(
        town,
        title="Hackathon des données ouvertes",
        live=False,
        date=datetime.date(2023, 2, 1),
        services=[Service.objects.get(slug="open-data")],
    )
    assert api(q="hackathon")["count"] == 0
    sheet.save_revision().publish()
    assert api(q="hackathon")["count"] == 1
    sheet.refresh_from_db()
    sheet.unpublish()
    assert api(q="hackathon")["count"] == 0


def test_a_published_edit_is_searchable_with_its_new_services(referentiel, api):
    town = make_collectivity("29019", "Brest", "ville")
    sheet = make_sheet(
        town,
        title="Cartographie collaborative",
        date=datetime.date(2023, 2, 1),
        services=[Service.objects.get(slug="open-data")],
    )
    sheet.title = "Cartographie collaborative des arbres"
    sheet.services = [Service.objects.get(slug="wi-fi-public")]
    sheet.save_revision().publish()
    result = api(q="arbres")
    assert result["count"] == 1
    assert result["results"][0]["services"] == ["wi-fi-public"]
    assert api(q="arbres", service="open-data")["count"] == 0


def test_deleted_sheet_disappears(referentiel, api):
    town = make_collectivity("29019", "Brest", "ville")
    sheet = make_sheet(
        town,
        title="Borne interactive",
        date=datetime.date(2023, 2, 1),
        services=[Service.objects.get(slug="open-data")],
    )
    assert api(q="borne")["count"] == 1
    sheet.delete()
    assert api(q="borne")["count"] == 0
