"""The public API (/api/v2/): sheets, collectivities, label editions and collections with
their fields and filters; only live, public pages; only the media public pages show; hidden
contact addresses never leave the database; bad parameters get a French 400."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import CollectivityPage, Service
from tests.factories import make_collectivity, make_sheet
from tests.opendata_helpers import (
    HIDDEN_EMAIL,
    SHOWN_EMAIL,
    add_contacts,
    add_media,
    make_collection,
    make_document,
    make_image,
    publish,
    restrict,
)
from tests.test_labels_models import future, make_award, make_edition

pytestmark = pytest.mark.django_db

SHEET_TYPE = {"type": "initiatives.ActionSheetPage"}


def get_json(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content[:500]
    return response.json()


def titles(payload):
    return {item["title"] for item in payload["items"]}


@pytest.fixture
def full_sheet(referentiel):
    """A published sheet with every kind of field, one shown and one hidden address."""
    town = make_collectivity("35238", "Rennes", "ville", website="https://metropole.rennes.fr")
    sheet = make_sheet(
        town,
        title="Un tiers-lieu numérique au cœur du quartier",
        subtitle="Un lieu ouvert à tous pour apprendre et fabriquer",
        synthese="<p>Ateliers, fablab et accompagnement aux démarches.</p>",
        outils="Imprimante 3D",
        date=datetime.date(2023, 3, 14),
        services=[Service.objects.get(slug="wi-fi-public")],
    )
    sheet.tags.add("fablab", "Médiation")
    add_contacts(
        sheet,
        ("Claire Martin", SHOWN_EMAIL, True),
        ("Hugo Bernard", HIDDEN_EMAIL, False),
    )
    return add_media(sheet, image=make_image(), document=make_document())


def test_a_sheet_is_published_with_its_fields(client, full_sheet):
    data = get_json(client, f"/api/v2/pages/{full_sheet.pk}/")

    assert data["meta"]["type"] == "initiatives.ActionSheetPage"
    assert data["title"] == "Un tiers-lieu numérique au cœur du quartier"
    assert data["subtitle"] == "Un lieu ouvert à tous pour apprendre et fabriquer"
    assert data["date"] == "2023-03-14"
    assert "fablab" in data["synthese"]
    assert data["outils"] == "Imprimante 3D"
    assert data["collectivity"]["title"] == "Rennes"
    assert [service["slug"] for service in data["services"]] == ["wi-fi-public"]
    assert data["services"][0]["enjeu"] == data["enjeux"][0]["slug"]
    assert data["enjeux"][0]["name"]
    assert data["tags"] == ["fablab", "Médiation"]
    assert data["meta"]["html_url"].endswith(full_sheet.url)
    image = data["images"][0]
    assert image["caption"] == "Les ateliers du mardi"
    assert image["rendition"]["url"].startswith("/")
    assert image["detail_url"].endswith(f"/api/v2/images/{image['id']}/")
    document = data["documents"][0]
    assert document["title"] == "Bilan de l'action"
    assert document["download_url"].startswith("http")


def test_hidden_contact_addresses_never_reach_the_api(client, full_sheet):
    contacts = get_json(client, f"/api/v2/pages/{full_sheet.pk}/")["contacts"]
    assert contacts == [
        {"name": "Claire Martin", "role": "Chargée de mission", "email": SHOWN_EMAIL},
        {"name": "Hugo Bernard", "role": "Chargée de mission", "email": None},
    ]
    for url, params in [
        (f"/api/v2/pages/{full_sheet.pk}/", {"fields": "contacts(*)"}),
        ("/api/v2/pages/", {"type": "initiatives.ActionSheetPage", "fields": "*"}),
        ("/api/v2/pages/", {"type": "initiatives.ActionSheetPage", "fields": "_,contacts"}),
    ]:
        response = client.get(url, params)
        assert response.status_code in (200, 400)
        assert HIDDEN_EMAIL not in response.content.decode()


def test_listing_filters_by_type_field_and_referentiel(client, corpus):
    everything = get_json(client, "/api/v2/pages/", SHEET_TYPE)
    assert everything["meta"]["total_count"] == 6
    first = everything["items"][0]
    assert {"date", "subtitle", "collectivity"} <= set(first)

    lyon = CollectivityPage.objects.get(code="69123")
    of_lyon = get_json(client, "/api/v2/pages/", {**SHEET_TYPE, "collectivity": lyon.pk})
    assert titles(of_lyon) == {
        "Transition écologique et sobriété numérique",
        "Wi-Fi public dans les parcs",
    }
    wifi = get_json(
        client, "/api/v2/pages/", {**SHEET_TYPE, "service": "wi-fi-public", "order": "-date"}
    )
    assert [item["title"] for item in wifi["items"]] == [
        "Wi-Fi public dans les parcs",
        "Un EPN pour les seniors",
    ]
    enjeu = Service.objects.get(slug="wi-fi-public").enjeu
    assert "Wi-Fi public dans les parcs" in titles(
        get_json(client, "/api/v2/pages/", {**SHEET_TYPE, "enjeu": enjeu.slug})
    )

    towns = get_json(client, "/api/v2/pages/", {"type": "initiatives.CollectivityPage"})
    assert titles(towns) == {"Saint-Malo", "L'Abergement-de-Varey", "Lyon"}
    lyon_only = get_json(
        client, "/api/v2/pages/", {"type": "initiatives.CollectivityPage", "code": "69123"}
    )
    assert titles(lyon_only) == {"Lyon"}
    detail = get_json(client, f"/api/v2/pages/{lyon.pk}/")
    assert detail["kind"] == "ville"
    assert detail["region_name"] == "Auvergne-Rhône-Alpes"
    assert detail["departement"] == "69"


def test_drafts_and_restricted_pages_never_appear(client, corpus, django_user_model):
    hidden = ("Brouillon zygomatique", "Projet confidentialissime")
    for params in [{}, {"type": "initiatives.ActionSheetPage"}, {"search": "zygomatique"}]:
        body = client.get("/api/v2/pages/", {**params, "limit": 20}).content.decode()
        assert not any(title in body for title in hidden)
    for key in ("draft", "private"):
        response = client.get(f"/api/v2/pages/{corpus[key].pk}/")
        assert response.status_code == 404
        assert response.json()["message"] == "Contenu introuvable ou non public."
    found = client.get("/api/v2/pages/find/", {"html_path": corpus["private"].url})
    assert found.status_code == 404

    # The open data are the same for everyone: a logged-in agent does not see more.
    client.force_login(django_user_model.objects.create_user("agent", password="x"))
    assert client.get(f"/api/v2/pages/{corpus['private'].pk}/").status_code == 404
    assert get_json(client, "/api/v2/pages/", SHEET_TYPE)["meta"]["total_count"] == 6


def test_a_restricted_collectivity_hides_its_sheets(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(town, title="Hackathon des données ouvertes")
    assert get_json(client, "/api/v2/pages/", {**SHEET_TYPE, "collectivity": town.pk})["items"]
    restrict(town)
    of_brest = get_json(client, "/api/v2/pages/", {**SHEET_TYPE, "collectivity": town.pk})
    assert of_brest["meta"]["total_count"] == 0
    towns = {"type": "initiatives.CollectivityPage", "code": "29019"}
    assert get_json(client, "/api/v2/pages/", towns)["meta"]["total_count"] == 0


def test_only_media_shown_by_public_pages_are_listed(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    public_image, draft_image, private_image, orphan = (
        make_image(title) for title in ("Public", "Brouillon", "Privée", "Orpheline")
    )
    logo = make_image("Blason de Brest")
    town.logo = logo
    publish(town)
    public_doc, draft_doc = make_document("Bilan public"), make_document("Bilan brouillon")
    add_media(make_sheet(town, title="Publique"), image=public_image, document=public_doc)
    draft = make_sheet(town, title="Brouillon", live=False)
    draft.images, draft.documents = [], []
    add_media(draft, image=draft_image, document=draft_doc)
    draft.unpublish()
    private = add_media(make_sheet(town, title="Privée"), image=private_image)
    restrict(private)

    images = get_json(client, "/api/v2/images/")
    assert titles(images) == {"Public", "Blason de Brest"}
    for image in (draft_image, private_image, orphan):
        assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
    assert get_json(client, f"/api/v2/images/{logo.pk}/")["title"] == "Blason de Brest"
    assert titles(get_json(client, "/api/v2/documents/")) == {"Bilan public"}
    assert client.get(f"/api/v2/documents/{draft_doc.pk}/").status_code == 404

    detail = get_json(client, f"/api/v2/pages/{town.pk}/")
    assert detail["logo"]["title"] == "Blason de Brest"
    assert detail["logo"]["detail_url"].endswith(f"/api/v2/images/{logo.pk}/")


@pytest.mark.parametrize(
    "params",
    [
        {"type": "initiatives.ActionSheetPage", "date": "hier"},
        {"type": "initiatives.ActionSheetPage", "services": "abc"},
        {"type": "initiatives.ActionSheetPage", "enjeu": "enjeu-inexistant"},
        {"enjeu": "acces-au-numerique"},
        {"type": "initiatives.Inexistant"},
        {"type": "initiatives.ActionSheetPage", "fields": "contacts(email)"},
        {"limit": "-3"},
    ],
)
def test_bad_parameters_get_a_french_400(client, referentiel, params):
    data = get_json(client, "/api/v2/pages/", params, status=400)
    assert data["message"].startswith("Requête invalide : ")


def test_label_edition_shows_its_palmares_only_after_the_ceremony(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    past = make_edition(2023)
    make_award(past, town, arobases=4, comment="Une démarche exemplaire")
    coming = make_edition(2026, ceremony_at=future())
    make_award(coming, make_collectivity("13055", "Marseille", "ville"), arobases=5)

    revealed = get_json(client, f"/api/v2/pages/{past.pk}/")
    assert revealed["year"] == 2023
    [award] = revealed["palmares"]
    assert award["collectivity"]["title"] == "Brest"
    assert award["arobases"] == 4
    assert award["award_url"].startswith("http")

    embargoed = client.get(f"/api/v2/pages/{coming.pk}/", {"fields": "*"})
    assert embargoed.json()["palmares"] == []
    assert "Marseille" not in embargoed.content.decode()
    listing = client.get("/api/v2/pages/", {"type": "labels.LabelEditionPage", "fields": "*"})
    assert listing.status_code == 200
    assert "Marseille" not in listing.content.decode()


def test_listing_runs_a_fixed_number_of_queries(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")

    def count_queries():
        # The first request makes the image renditions; a reader's requests find them made.
        get_json(client, "/api/v2/pages/", {**SHEET_TYPE, "fields": "*"})
        with CaptureQueriesContext(connection) as queries:
            get_json(client, "/api/v2/pages/", {**SHEET_TYPE, "fields": "*"})
        return len(queries)

    add_contacts(add_media(make_sheet(town, title="Une"), image=make_image()), ("A", "", False))
    few = count_queries()
    for number in range(4):
        sheet = add_media(make_sheet(town, title=f"Fiche {number}"), image=make_image())
        add_contacts(sheet, ("B", SHOWN_EMAIL, True))
    assert count_queries() == few


def test_the_api_is_not_for_writing(client, full_sheet):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(user)
    response = client.post(f"/api/v2/pages/{full_sheet.pk}/", {"title": "Piraté"})
    assert response.status_code == 405


def test_a_collection_lists_only_its_public_sheets(client, corpus):
    collection = make_collection(
        "Médiation numérique", [corpus["epn"], corpus["draft"], corpus["private"]]
    )
    data = get_json(client, f"/api/v2/pages/{collection.pk}/")
    assert [sheet["title"] for sheet in data["sheets"]] == ["Un EPN pour les seniors"]
    assert data["sheets"][0]["note"] == "Note sur Un EPN pour les seniors"
    assert data["sheets"][0]["detail_url"].endswith(f"/api/v2/pages/{corpus['epn'].pk}/")
