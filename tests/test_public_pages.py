"""The public site: every page type renders in French, never leaks drafts, restricted sheets or
hidden e-mails, paginates safely, and runs a number of queries that does not grow with data."""

import datetime
import re

import pytest

from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from initiatives import geography
from initiatives.models import (
    ActionSheetPage,
    CollectivityPage,
    Enjeu,
    SheetContact,
    SheetDocument,
    SheetImage,
    SheetLink,
    new_external_id,
)
from initiatives.page_tree import bulk_add_children

from .factories import EnjeuFactory, ServiceFactory, home_page, make_collectivity, make_sheet

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
SECTION_FIELDS = {
    "Synthèse": ("synthese", "<p>Un lieu ouvert à tous.</p>"),
    "Actions": ("actions", "<p>Deux médiateurs recrutés.</p>"),
    "Résultats": ("resultats", "<p>850 personnes accompagnées.</p>"),
    "Recommandations": ("recommandations", "<p>Associer l'accueil.</p>"),
    "Outils": ("outils", "Tablettes\nLogiciels libres"),
    "Prestataires": ("prestataires", "Les Petits Débrouillards"),
}


def html(response) -> str:
    return response.content.decode()


def page_url(page) -> str:
    return page.get_url()


def count_queries(client, url) -> int:
    """Queries of one anonymous GET, measured on a second request once caches are warm."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def bulk_sheets(collectivity, count, services, first=0):
    """Published sheets inserted in bulk (the admin's way costs a second per sheet)."""
    sheets = bulk_add_children(
        collectivity,
        [
            ActionSheetPage(
                title=f"Initiative {number:02d}",
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
                collectivity=collectivity,
                external_id=new_external_id(),
                live=True,
            )
            for number in range(first, first + count)
        ],
    )
    through = ActionSheetPage.services.through
    through.objects.bulk_create(
        through(actionsheetpage_id=sheet.pk, service_id=service.pk)
        for sheet in sheets
        for service in services
    )
    return sheets


def commune_codes(count, skip=0):
    """Real INSEE codes, since collectivities are validated against the official geography."""
    codes = sorted(code for code in geography.communes() if code not in {"35288", "35238"})
    return codes[skip : skip + count]


@pytest.fixture
def saint_malo(db):
    return make_collectivity(website="https://www.saint-malo.fr")


@pytest.fixture
def hidden_sheets(saint_malo, service):
    """A draft, a sheet restricted to logged-in users, and a sheet inside a restricted
    collectivity: none of them may appear anywhere for an anonymous visitor."""
    draft = make_sheet(saint_malo, title="Brouillon confidentiel", services=[service], live=False)
    restricted = make_sheet(saint_malo, title="Fiche réservée aux agents", services=[service])
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    private_town = make_collectivity("35238", "Rennes", "ville")
    PageViewRestriction.objects.create(page=private_town, restriction_type="login")
    behind = make_sheet(private_town, title="Fiche d'une collectivité privée", services=[service])
    return [draft, restricted, behind]


# Home and référentiel pages


def test_home_offers_the_16_enjeux_grouped_by_their_4_categories(client, referentiel):
    response = client.get("/")
    assert response.status_code == 200
    content = html(response)
    assert '<html lang="fr">' in content
    assert content.count("<h1") == 1
    for enjeu in Enjeu.objects.select_related("category"):
        assert f'href="/enjeux/{enjeu.slug}/"' in content
        assert enjeu.name.replace("'", "&#x27;") in content
        assert enjeu.category.name in content
    assert content.count('class="enjeu-tile"') == 16
    assert content.count('class="category ') == 4


def test_home_shows_latest_sheets_counts_and_the_way_to_collectivities(client, saint_malo, service):
    sheet = make_sheet(saint_malo, title="Un fablab pour les collégiens", services=[service])
    content = html(client.get("/"))
    assert f'href="{page_url(sheet)}"' in content
    assert "Un fablab pour les collégiens" in content
    assert "Saint-Malo" in content
    assert "12 mai 2023" in content
    assert "Médiation numérique" in content
    assert "1 fiche" in content
    assert 'href="/collectivites/"' in content
    assert "Licence Ouverte / Etalab 2.0" in content
    assert "Aller au contenu" in content


def test_enjeu_list_groups_the_enjeux_by_category(client, referentiel):
    response = client.get("/enjeux/")
    assert response.status_code == 200
    content = html(response)
    assert content.count('class="enjeu-tile"') == 16
    assert 'aria-label="Fil d’Ariane"' in content
    assert content.count("<h1") == 1


def test_enjeu_page_lists_its_services_and_only_its_sheets(client, saint_malo, service):
    other_service = ServiceFactory(name="Atelier de réparation", enjeu=service.enjeu)
    elsewhere = ServiceFactory(name="Budget participatif")
    make_sheet(saint_malo, title="Ateliers du mardi", services=[service, other_service])
    make_sheet(saint_malo, title="Votez pour vos projets", services=[elsewhere])

    content = html(client.get(service.enjeu.get_absolute_url()))
    assert "<h1>Médiation numérique</h1>" in content
    assert f'href="{service.get_absolute_url()}"' in content
    assert f'href="{other_service.get_absolute_url()}"' in content
    assert content.count("Ateliers du mardi") == 1  # two services of the enjeu, listed once
    assert "Votez pour vos projets" not in content


def test_service_page_leads_back_to_its_enjeu(client, saint_malo, service):
    make_sheet(saint_malo, title="Ateliers du mardi", services=[service])
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    content = html(response)
    assert "<h1>Espace public numérique</h1>" in content
    breadcrumb = content.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert f'href="{service.enjeu.get_absolute_url()}"' in breadcrumb
    assert "Ateliers du mardi" in content


@pytest.mark.parametrize("url", ["/enjeux/enjeu-inconnu/", "/services/service-inconnu/"])
def test_unknown_enjeu_or_service_gives_the_french_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    content = html(response)
    assert "Page introuvable" in content
    assert "css/atlaas.css" in content
    assert 'href="/collectivites/"' in content


def test_server_error_page_renders_without_a_request():
    content = render_to_string("500.html")
    assert "Une erreur est survenue" in content
    assert '<html lang="fr">' in content


# Collectivities


def test_collectivity_list_filters_by_type(client):
    make_collectivity("35288", "Saint-Malo", "ville")
    make_collectivity("35256", "Saint-Briac-sur-Mer", "village")
    make_collectivity("243500139", "Rennes Métropole", "intercommunalite")

    everything = html(client.get("/collectivites/"))
    assert all(name in everything for name in ("Saint-Malo", "Saint-Briac", "Rennes Métropole"))

    villages = html(client.get("/collectivites/?type=village"))
    assert "Saint-Briac-sur-Mer" in villages
    assert "Saint-Malo" not in villages
    assert 'href="?type=village" aria-current="page"' in villages

    unknown = client.get("/collectivites/?type=departement")
    assert unknown.status_code == 200
    assert "Rennes Métropole" in html(unknown)


def test_collectivity_page_shows_its_profile_in_french(client, saint_malo):
    saint_malo.logo = Image.objects.create(title="Blason", file=get_test_image_file())
    saint_malo.introduction = "<p>Cité corsaire de la Côte d'Émeraude.</p>"
    saint_malo.save_revision().publish()
    content = html(client.get(page_url(saint_malo)))
    assert 'class="profile__logo"' in content
    assert "<p>Cité corsaire de la Côte" in content
    assert "<h1>Saint-Malo</h1>" in content
    assert f"47{NBSP}439 habitants" in content
    assert "Ille-et-Vilaine (35)" in content
    assert "Bretagne" in content
    assert "35288" in content
    assert 'href="https://www.saint-malo.fr"' in content


def test_intercommunalite_page_names_its_member_communes(client):
    metropole = make_collectivity(
        "243500139", "Rennes Métropole", "intercommunalite", members="35238, 35047"
    )
    content = html(client.get(page_url(metropole)))
    assert "Intercommunalité" in content
    assert "2 communes membres" in content
    assert "Rennes" in content
    assert "Bruz" in content


def test_collectivity_page_lists_its_published_sheets_newest_first(client, saint_malo, service):
    for year in (2019, 2023, 2021):
        make_sheet(
            saint_malo,
            title=f"Action de {year}",
            services=[service],
            date=datetime.date(year, 3, 1),
        )
    content = html(client.get(page_url(saint_malo)))
    positions = [content.index(f"Action de {year}") for year in (2023, 2021, 2019)]
    assert positions == sorted(positions)
    assert "1er mars 2023" in content


# The action sheet


def test_sheet_page_shows_its_sections_and_classification(client, saint_malo, service):
    fields = {field: value for field, value in SECTION_FIELDS.values()}
    sheet = make_sheet(
        saint_malo,
        title="Un espace numérique",
        services=[service],
        subtitle="Ateliers et accès libre pour tous.",
        **fields,
    )
    sheet.tags.add("inclusion numérique")
    sheet.save_revision().publish()

    content = html(client.get(page_url(sheet)))
    for heading in SECTION_FIELDS:
        assert f">{heading}</h2>" in content
    assert "<p>Tablettes<br>Logiciels libres</p>" in content
    assert "Ateliers et accès libre pour tous." in content
    assert "12 mai 2023" in content
    assert f'href="{page_url(saint_malo)}"' in content
    assert f'href="{service.get_absolute_url()}"' in content
    assert f'href="{service.enjeu.get_absolute_url()}"' in content
    assert "inclusion numérique" in content
    assert content.count("<h1") == 1


def test_sheet_page_skips_empty_sections(client, saint_malo, service):
    sheet = make_sheet(saint_malo, services=[service], synthese="<p>En bref.</p>")
    content = html(client.get(page_url(sheet)))
    assert ">Synthèse</h2>" in content
    for heading in ("Actions", "Résultats", "Recommandations", "Outils", "Prestataires"):
        assert f">{heading}</h2>" not in content


def test_hidden_contact_emails_never_reach_the_html(client, saint_malo, service):
    sheet = make_sheet(saint_malo, services=[service])
    SheetContact.objects.create(
        page=sheet,
        name="Claire Le Goff",
        role="Médiathécaire",
        email="claire@example.org",
        show_email=True,
    )
    SheetContact.objects.create(
        page=sheet, name="Yann Morvan", role="DSI", email="yann.secret@example.org"
    )
    content = html(client.get(page_url(sheet)))
    assert 'href="mailto:claire@example.org"' in content
    assert "Yann Morvan" in content
    assert "DSI" in content
    assert "yann.secret" not in content


def test_sheet_page_shows_images_documents_and_links(client, saint_malo, service):
    sheet = make_sheet(saint_malo, services=[service])
    image = Image.objects.create(title="Atelier tablettes", file=get_test_image_file())
    SheetImage.objects.create(page=sheet, image=image, caption="L'atelier du mardi matin")
    document = Document.objects.create(
        title="Bilan annuel", file=ContentFile(b"%PDF-1.4 " * 200, name="bilan.pdf")
    )
    SheetDocument.objects.create(page=sheet, document=document)
    SheetLink.objects.create(page=sheet, url="https://example.org/epn", title="Le projet")

    content = html(client.get(page_url(sheet)))
    image_tag = re.search(r"<img [^>]*>", content.split('id="images"')[1]).group()
    assert 'alt="Atelier tablettes"' in image_tag
    assert ".png" in image_tag
    assert "<figcaption>L&#x27;atelier du mardi matin</figcaption>" in content
    assert f'href="{document.url}"' in content
    assert "Bilan annuel" in content
    assert "PDF" in content
    assert '<a href="https://example.org/epn" rel="noopener">Le projet</a>' in content


# What anonymous visitors must never see


def test_drafts_and_restricted_sheets_are_absent_from_every_listing(
    client, saint_malo, service, hidden_sheets
):
    make_sheet(saint_malo, title="Fiche publiée", services=[service])
    for url in (
        "/",
        service.enjeu.get_absolute_url(),
        service.get_absolute_url(),
        page_url(saint_malo),
    ):
        content = html(client.get(url))
        assert "Fiche publiée" in content, url
        for sheet in hidden_sheets:
            assert sheet.title.replace("'", "&#x27;") not in content, url
    listing = html(client.get("/collectivites/"))
    assert "Saint-Malo" in listing
    assert "Rennes" not in listing


def test_drafts_and_restricted_sheets_are_closed_at_their_own_address(client, hidden_sheets):
    draft, restricted, behind = hidden_sheets
    assert client.get(page_url(draft)).status_code == 404
    for sheet in (restricted, behind):
        response = client.get(page_url(sheet))
        assert response.status_code in (302, 404)
        assert sheet.title not in html(response)


# Pagination


def test_listing_pages_never_fail_on_a_page_number(client, saint_malo, service):
    bulk_sheets(saint_malo, 25, [service])
    urls = (service.enjeu.get_absolute_url(), service.get_absolute_url(), page_url(saint_malo))
    for page, cards in (("", 24), ("1", 24), ("2", 1), ("abc", 24), ("999", 1), ("-1", 1)):
        for url in urls:
            response = client.get(url, {"page": page})
            assert response.status_code == 200, (url, page)
            assert html(response).count('class="card sheet-card') == cards, (url, page)
    for page in ("2", "abc", "999"):
        assert client.get("/collectivites/", {"page": page}).status_code == 200


def test_pagination_marks_the_current_page_and_keeps_the_filter(client):
    bulk_collectivities(commune_codes(130))
    assert CollectivityPage.objects.filter(kind="village").count() > 60
    content = html(client.get("/collectivites/?type=village&page=2"))
    assert 'aria-label="Pagination"' in content
    assert 'href="?type=village&amp;page=2" aria-current="page"' in content
    assert 'href="?type=village&amp;page=1"' in content


# Query counts must not grow with the data


def bulk_collectivities(codes):
    places = [geography.lookup(code) for code in codes]
    return bulk_add_children(
        home_page(),
        [
            CollectivityPage(
                title=place.name,
                code=place.code,
                kind=place.kind,
                population=place.population,
                departement=place.departement,
                region=place.region,
                live=True,
            )
            for place in places
        ],
    )


@pytest.fixture
def classed_services(db):
    """Three services in two enjeux of two catégories, so that cards show several chips."""
    first = ServiceFactory(name="Service A", enjeu__name="Enjeu A")
    second = ServiceFactory(name="Service B", enjeu=first.enjeu)
    third = ServiceFactory(name="Service C", enjeu=EnjeuFactory(name="Enjeu B"))
    return [first, second, third]


def test_sheet_listings_run_the_same_queries_with_5_or_30_sheets(
    client, saint_malo, classed_services
):
    enjeu, service = classed_services[0].enjeu, classed_services[0]
    urls = ["/", "/enjeux/", enjeu.get_absolute_url(), service.get_absolute_url()]
    urls.append(page_url(saint_malo))
    bulk_sheets(saint_malo, 5, classed_services)
    few = {url: count_queries(client, url) for url in urls}
    bulk_sheets(saint_malo, 25, classed_services, first=5)
    for town in bulk_collectivities(commune_codes(5)):
        bulk_sheets(town, 1, classed_services[2:])
    many = {url: count_queries(client, url) for url in urls}
    assert many == few


def test_collectivity_list_runs_the_same_queries_with_5_or_30_collectivities(client, service):
    for town in bulk_collectivities(commune_codes(5)):
        bulk_sheets(town, 2, [service])
    few = count_queries(client, "/collectivites/")
    for town in bulk_collectivities(commune_codes(25, skip=5)):
        bulk_sheets(town, 2, [service])
    assert count_queries(client, "/collectivites/") == few


def test_sheet_page_runs_the_same_queries_however_rich_the_sheet(
    client, saint_malo, classed_services
):
    plain = make_sheet(saint_malo, title="Fiche simple", services=classed_services[:1])
    rich = make_sheet(saint_malo, title="Fiche riche", services=classed_services)
    rich.tags.add("médiation", "école", "fablab")
    rich.save_revision().publish()
    for sheet, count in ((plain, 1), (rich, 3)):
        for number in range(count):
            SheetContact.objects.create(
                page=sheet,
                name=f"Contact {number}",
                email=f"c{number}@example.org",
                show_email=bool(number % 2),
            )
            SheetLink.objects.create(page=sheet, url=f"https://example.org/{number}")
            image = Image.objects.create(title=f"Photo {number}", file=get_test_image_file())
            SheetImage.objects.create(page=sheet, image=image)
            document = Document.objects.create(
                title=f"Document {number}", file=ContentFile(b"data", name=f"d{number}.pdf")
            )
            SheetDocument.objects.create(page=sheet, document=document)
    bulk_sheets(saint_malo, 5, classed_services)
    few = count_queries(client, page_url(plain))
    bulk_sheets(saint_malo, 25, classed_services, first=5)
    assert count_queries(client, page_url(plain)) == few
    assert count_queries(client, page_url(rich)) == few
