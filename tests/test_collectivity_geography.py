"""Official codes (INSEE COG): lookups, the collectivity's validation and the admin's autofill."""

import re

import pytest

from django.core.exceptions import ValidationError

from initiatives import geography
from initiatives.models import CollectivityPage
from initiatives.models.collectivity import apply_official_geography

# A page instance looks its content type up in the database.
pytestmark = pytest.mark.django_db

SAINT_MALO_AGGLO = "243500782"


def geo_url(code):
    return f"/admin/atlaas/geo/{code}/"


def plain_spaces(text):
    """French number formatting uses (narrow) no-break spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


# Lookups


def test_a_commune_code_gives_its_official_figures():
    place = geography.lookup("35288")

    assert (place.name, place.kind, place.population) == ("Saint-Malo", "ville", 47439)
    assert (place.departement, place.region) == ("35", "53")
    assert geography.departement_name("35") == "Ille-et-Vilaine"
    assert geography.region_name("53") == "Bretagne"


@pytest.mark.parametrize("typed", ["2a004", " 2A004 ", "2A 004"])
def test_a_corsican_code_is_normalised(typed):
    place = geography.lookup(typed)

    assert (place.code, place.name, place.departement, place.region) == (
        "2A004",
        "Ajaccio",
        "2A",
        "94",
    )


def test_a_siren_gives_an_intercommunalite_with_its_members():
    place = geography.lookup(SAINT_MALO_AGGLO)

    assert place.kind == "intercommunalite"
    assert place.name == "CA du Pays de Saint Malo Agglomération"
    assert (place.departement, place.region) == ("35", "53")
    assert len(place.members) == 18
    assert "35288" in place.members


def test_a_small_commune_is_proposed_as_a_village():
    assert geography.lookup("35289").kind == "village"  # Saint-Malo-de-Phily, 1 081 hab.


@pytest.mark.parametrize("code", ["99999", "123456789", "ABCDE", "", None, "3528"])
def test_unknown_codes_give_nothing(code):
    assert geography.lookup(code) is None


# Validation of a collectivity


def collectivity(**fields):
    values = {"code": "35288", "kind": "", "title": "", "members": ""}
    values.update(fields)
    return CollectivityPage(**values)


def validation_messages(page):
    with pytest.raises(ValidationError) as caught:
        apply_official_geography(page)
    return {field: " ".join(messages) for field, messages in caught.value.message_dict.items()}


def test_empty_fields_are_filled_from_the_code():
    page = collectivity(code="2a004")

    apply_official_geography(page)

    assert (page.code, page.title, page.kind, page.population) == (
        "2A004",
        "Ajaccio",
        "ville",
        76320,
    )
    assert (page.departement, page.region, page.members) == ("2A", "94", "")


def test_an_intercommunalite_gets_its_members_filled():
    page = collectivity(code=SAINT_MALO_AGGLO, kind="intercommunalite")

    apply_official_geography(page)

    assert page.member_codes[0] == "35288"
    assert len(page.member_codes) == 18


def test_values_the_user_typed_are_kept():
    page = collectivity(
        title="Ville de Saint-Malo", kind="ville", population=48000, departement="35", region="53"
    )

    apply_official_geography(page)

    assert (page.title, page.population) == ("Ville de Saint-Malo", 48000)


def test_typed_members_are_kept_and_tidied():
    page = collectivity(code=SAINT_MALO_AGGLO, kind="intercommunalite", members="35288; 35049 ,")

    apply_official_geography(page)

    assert page.members == "35288, 35049"


def test_a_commune_code_is_refused_for_an_intercommunalite():
    messages = validation_messages(collectivity(kind="intercommunalite"))

    assert "SIREN à 9 chiffres, pas un code INSEE" in messages["kind"]


def test_a_siren_is_refused_for_a_town():
    messages = validation_messages(collectivity(code=SAINT_MALO_AGGLO, kind="ville"))

    assert "Un code SIREN désigne une intercommunalité" in messages["kind"]


@pytest.mark.parametrize(
    ("code", "kind", "expected"),
    [
        ("99999", "ville", "n'est le code INSEE d'aucune commune"),
        ("99999", "", "n'est le code INSEE d'aucune commune"),
        ("123456789", "intercommunalite", "n'est le SIREN d'aucune intercommunalité"),
        ("123456789", "", "n'est le SIREN d'aucune intercommunalité"),
    ],
)
def test_an_unknown_code_is_named_in_the_message(code, kind, expected):
    messages = validation_messages(collectivity(code=code, kind=kind))

    assert expected in messages["code"]
    assert f"« {code} »" in messages["code"]


def test_unknown_members_are_refused():
    page = collectivity(code=SAINT_MALO_AGGLO, kind="intercommunalite", members="35288, 99999")

    assert validation_messages(page)["members"] == "Codes INSEE inconnus : 99999."


def test_a_town_has_no_members():
    messages = validation_messages(collectivity(kind="ville", members="35049"))

    assert messages["members"] == "Seule une intercommunalité a des communes membres."


def test_a_typed_unknown_departement_or_region_is_refused():
    messages = validation_messages(collectivity(kind="ville", departement="999", region="77"))

    assert "Département inconnu : « 999 »" in messages["departement"]
    assert "Région inconnue : « 77 »" in messages["region"]


# The admin's lookup endpoint, used by static/js/admin-geo.js


def test_the_admin_lookup_describes_a_commune(admin_client):
    response = admin_client.get(geo_url("35288"))

    assert response.status_code == 200
    data = response.json()
    assert {key: data[key] for key in ("code", "name", "kind", "population")} == {
        "code": "35288",
        "name": "Saint-Malo",
        "kind": "ville",
        "population": 47439,
    }
    assert (data["departement"], data["departement_name"]) == ("35", "Ille-et-Vilaine")
    assert (data["region"], data["region_name"]) == ("53", "Bretagne")
    assert data["members"] == []
    assert plain_spaces(data["summary"]) == "Saint-Malo (Ille-et-Vilaine), 47 439 habitants"


def test_the_admin_lookup_normalises_a_corsican_code(admin_client):
    data = admin_client.get(geo_url("2a004")).json()

    assert (data["code"], data["name"], data["departement_name"]) == (
        "2A004",
        "Ajaccio",
        "Corse-du-Sud",
    )


def test_the_admin_lookup_lists_an_intercommunalite_members(admin_client):
    data = admin_client.get(geo_url(SAINT_MALO_AGGLO)).json()

    assert data["kind"] == "intercommunalite"
    assert len(data["members"]) == 18 and "35288" in data["members"]
    assert plain_spaces(data["summary"]).endswith("86 484 habitants, 18 communes")


@pytest.mark.parametrize("code", ["99999", "123456789", "n-importe-quoi"])
def test_the_admin_lookup_answers_unknown_codes_in_french(admin_client, code):
    response = admin_client.get(geo_url(code))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"].startswith("Code inconnu")


def test_the_admin_lookup_is_for_logged_in_editors_only(client):
    response = client.get(geo_url("35288"))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
