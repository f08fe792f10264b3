"""RSS and Atom feeds: newest published sheets first, descriptions in HTML paragraphs, absolute
links; drafts and restricted sheets never in any of them; every feed announced by its page."""

import datetime
from xml.etree import ElementTree

import pytest

from initiatives.models import Service
from opendata import feeds
from tests.factories import make_collectivity, make_sheet
from tests.opendata_helpers import make_collection, restrict

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HIDDEN = ("Brouillon zygomatique", "Projet confidentialissime")


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")  # noqa: S314
    return channel, [{child.tag: child.text for child in item} for item in channel.findall("item")]


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314
    return root, root.findall(f"{ATOM}entry")


def test_latest_sheets_newest_first_without_drafts_or_restricted(client, corpus):
    channel, items = rss_items(client, "/flux/fiches.rss")
    assert channel.findtext("title") == "ATLAAS — les dernières fiches actions"
    assert channel.findtext("language") == "fr"
    titles = [item["title"] for item in items]
    # The corpus publishes its sheets one after the other: the last one is the newest.
    assert titles == [
        "Un EPN pour les seniors",
        "Mise en conformité RGPD des services",
        "Wi-Fi public dans les parcs",
        "Un tiers-lieu pour la médiation numérique",
        "Transition écologique et sobriété numérique",
        "L'école numérique à Saint-Malo",
    ]
    ecole = items[-1]
    assert ecole["link"] == "http://testserver" + corpus["ecole"].url
    assert ecole["description"] == "<p>Des tableaux interactifs dans chaque classe</p>"
    transition = items[-2]
    assert transition["description"] == (
        "<p>Réduire l'empreinte des équipements informatiques de la ville.</p>"
    )
    assert items[-3]["description"] == (
        "<p>Un espace d'accès libre à internet, animé par une conseillère numérique.</p>"
    )
    # Paragraphs only: no markup of the rich text reaches the readers.
    assert not any(
        "<" in item["description"].replace("<p>", "").replace("</p>", "") for item in items
    )

    root, entries = atom_entries(client, "/flux/fiches.atom")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == titles
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == "http://testserver" + corpus["epn"].url
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "L'Abergement-de-Varey"
    assert first.findtext(f"{ATOM}summary").startswith("<p>La médiation numérique pour les seniors")
    body = client.get("/flux/fiches.atom").content.decode()
    assert not any(title in body for title in HIDDEN)


def test_the_description_gives_chapo_and_each_paragraph_of_the_synthese(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(
        town,
        title="Des ateliers pour tous",
        subtitle="Apprendre ensemble",
        synthese="<p>Des ateliers <b>gratuits</b> &amp; ouverts.</p><p>Le mardi soir.</p>",
    )
    _, items = rss_items(client, "/flux/collectivites/29019.rss")
    # Paragraphs that readers show apart, their text escaped (no <b> of the rich text).
    assert items[0]["description"] == (
        "<p>Apprendre ensemble</p><p>Des ateliers gratuits &amp; ouverts.</p><p>Le mardi soir.</p>"
    )


def test_text_typed_like_markup_stays_text_in_the_feed(client, referentiel):
    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(
        town,
        title="Un atelier",
        subtitle="<script>alert(1)</script> & <b>gras</b>",
        synthese="<p>Si a &lt; b alors &lt;img src=x onerror=alert(1)&gt;</p>",
    )
    _, items = rss_items(client, "/flux/collectivites/29019.rss")
    assert items[0]["description"] == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;</p>"
        "<p>Si a &lt; b alors &lt;img src=x onerror=alert(1)&gt;</p>"
    )


def test_enjeu_and_service_feeds_hold_their_sheets_only(client, corpus):
    wifi = Service.objects.get(slug="wi-fi-public")
    _, items = rss_items(client, f"/flux/services/{wifi.slug}.rss")
    assert [item["title"] for item in items] == [
        "Un EPN pour les seniors",
        "Wi-Fi public dans les parcs",
    ]
    channel, items = rss_items(client, f"/flux/enjeux/{wifi.enjeu.slug}.rss")
    assert "Wi-Fi public dans les parcs" in [item["title"] for item in items]
    assert not {item["title"] for item in items} & set(HIDDEN)
    assert channel.findtext("link") == "http://testserver" + wifi.enjeu.get_absolute_url()
    _, entries = atom_entries(client, f"/flux/services/{wifi.slug}.atom")
    assert len(entries) == 2
    assert client.get("/flux/enjeux/enjeu-inexistant.rss").status_code == 404
    assert client.get("/flux/services/service-inexistant.atom").status_code == 404


def test_collectivity_feed_and_its_restrictions(client, corpus):
    _, items = rss_items(client, "/flux/collectivites/69123.rss")
    assert [item["title"] for item in items] == [
        "Wi-Fi public dans les parcs",
        "Transition écologique et sobriété numérique",
    ]
    assert client.get("/flux/collectivites/99999.rss").status_code == 404

    town = make_collectivity("29019", "Brest", "ville")
    make_sheet(town, title="Hackathon des données ouvertes")
    restrict(town)
    assert client.get("/flux/collectivites/29019.atom").status_code == 404
    assert "Hackathon" not in client.get("/flux/fiches.rss").content.decode()


def test_collection_feed_lists_its_public_sheets(client, corpus):
    make_collection(
        "Médiation numérique",
        [corpus["tiers_lieu"], corpus["draft"], corpus["private"], corpus["epn"]],
        slug="mediation",
    )
    _, items = rss_items(client, "/flux/collections/mediation.rss")
    assert [item["title"] for item in items] == [
        "Un EPN pour les seniors",
        "Un tiers-lieu pour la médiation numérique",
    ]
    _, entries = atom_entries(client, "/flux/collections/mediation.atom")
    assert len(entries) == 2
    assert client.get("/flux/collections/inconnue.rss").status_code == 404

    draft = make_collection("En préparation", [corpus["epn"]], slug="en-preparation")
    draft.unpublish()
    assert client.get("/flux/collections/en-preparation.rss").status_code == 404


def test_a_feed_stops_at_its_size(client, referentiel, monkeypatch):
    assert feeds.FEED_SIZE == 50
    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    town = make_collectivity("29019", "Brest", "ville")
    for day in range(1, 4):
        make_sheet(town, title=f"Fiche {day}", date=datetime.date(2023, 1, day))
    _, items = rss_items(client, "/flux/fiches.rss")
    assert [item["title"] for item in items] == ["Fiche 3", "Fiche 2"]


def test_pages_announce_their_feeds(client, corpus):
    wifi = Service.objects.get(slug="wi-fi-public")
    for url, feed in [
        ("/", "/flux/fiches"),
        (wifi.enjeu.get_absolute_url(), f"/flux/enjeux/{wifi.enjeu.slug}"),
        (wifi.get_absolute_url(), f"/flux/services/{wifi.slug}"),
        (corpus["wifi"].get_parent().url, "/flux/collectivites/69123"),
    ]:
        body = client.get(url).content.decode()
        assert 'type="application/atom+xml"' in body
        assert f'href="{feed}.atom"' in body, url
        assert f'href="{feed}.rss"' in body, url
