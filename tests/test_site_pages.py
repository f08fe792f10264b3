"""The pages a French public site must have: a page type editors compose from blocks, the five
pages seed_demo creates (mentions légales, accessibilité in the RGAA form, données
personnelles, contact, plan du site) linked from every footer, the agents' way in from every
header, and the site's own 404 and 500 pages."""

import re

import pytest

from django.test import Client

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, SitePage
from home.site_pages import seed_site_pages
from initiatives.models import CollectivityPage

pytestmark = pytest.mark.django_db

FOOTER_PAGES = [
    ("Mentions légales", "/mentions-legales/"),
    ("Déclaration d'accessibilité", "/accessibilite/"),
    ("Données personnelles", "/donnees-personnelles/"),
    ("Contact", "/contact/"),
    ("Plan du site", "/plan-du-site/"),
]


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(response.content.decode().replace("&#x27;", "'").split())


class SitePageTypeTests(WagtailPageTestCase):
    def test_editors_create_site_pages_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, SitePage)
        self.assertCanNotCreateAt(CollectivityPage, SitePage)
        self.assertCanNotCreateAt(SitePage, SitePage)


def test_a_composed_page_renders_each_block(client, referentiel):
    home = HomePage.objects.get()
    image = get_image_model().objects.create(title="Locaux", file=get_test_image_file())
    page = SitePage(
        title="Nous trouver",
        slug="nous-trouver",
        body=[
            {"type": "heading", "value": {"text": "Adresse", "level": "h2"}},
            {"type": "text", "value": {"text": "<p>Au <b>centre</b> de la ville.</p>"}},
            {
                "type": "image",
                "value": {"image": image.pk, "alt": "L'entrée", "caption": "Nos locaux"},
            },
            {
                "type": "table",
                "value": {
                    "caption": "Horaires",
                    "table": {
                        "data": [["Jour", "Heures"], ["Lundi", "9 h – 17 h"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                    },
                },
            },
            {
                "type": "links",
                "value": {"links": [{"label": "Les enjeux", "page": None, "url": "/enjeux/"}]},
            },
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    html = text(client.get("/nous-trouver/"))
    assert "<h1>Nous trouver</h1>" in html and "<h2>Adresse</h2>" in html
    assert "<b>centre</b>" in html
    assert 'alt="L\'entrée"' in html and "<figcaption>Nos locaux</figcaption>" in html
    assert "<caption>Horaires</caption>" in html and '<th scope="col">Jour</th>' in html
    assert '<a href="/enjeux/">Les enjeux</a>' in html


def test_seed_demo_creates_the_five_site_pages_in_every_footer(client, referentiel, quiet_command):
    code, out, err = quiet_command(
        "seed_demo", "--sheets", "6", "--collectivities", "2", "--no-index"
    )
    assert code == 0, err
    assert "Pages du site (mentions légales, accessibilité…) : 5 créée(s)." in out
    home = text(client.get("/"))
    for title, url in FOOTER_PAGES:
        assert f'<a href="{url}">{title}</a>' in home
        assert f"<h1>{title}</h1>" in text(client.get(url))
    # The site map leads nowhere broken (the demo has no collections index, for one).
    site_map = client.get("/plan-du-site/").content.decode()
    links = re.findall(r'<ul class="site-page__links">(.*?)</ul>', site_map, re.S)
    targets = re.findall(r'href="(/[^"]*)"', "".join(links))
    assert "/enjeux/" in targets and "/accessibilite/" in targets
    for target in targets:
        assert client.get(target).status_code == 200, target
    declaration = text(client.get("/accessibilite/"))
    for part in (
        "État de conformité",
        "partiellement conforme",
        "RGAA",
        "Retour d'information et contact",
        "Voies de recours",
        "Défenseur des droits",
    ):
        assert part in declaration, part


def test_a_second_seed_keeps_what_editors_wrote(referentiel):
    assert seed_site_pages() == 5
    page = SitePage.objects.get(slug="contact")
    page.introduction = "Écrivez-nous, nous répondons sous deux jours."
    page.save_revision().publish()
    assert seed_site_pages() == 0
    page.refresh_from_db()
    assert page.introduction == "Écrivez-nous, nous répondons sous deux jours."


def test_an_unpublished_site_page_leaves_the_footer(client, referentiel):
    seed_site_pages()
    assert '<a href="/contact/">Contact</a>' in text(client.get("/enjeux/"))
    SitePage.objects.get(slug="contact").unpublish()
    assert '<a href="/contact/">Contact</a>' not in text(client.get("/enjeux/"))


def test_every_header_leads_agents_to_their_login(client, referentiel):
    html = text(client.get("/enjeux/"))
    assert (
        '<a class="site-topbar__login" href="/admin/login/">Espace collectivités — Se connecter</a>'
        in html
    )


def test_the_site_own_404_and_500_pages(referentiel, monkeypatch):
    from initiatives import listings

    client = Client(raise_request_exception=False)
    missing = client.get("/cette-page-n-existe-pas/")
    assert missing.status_code == 404
    assert "Page introuvable" in missing.content.decode()

    def broken():
        raise RuntimeError("panne")

    monkeypatch.setattr(listings, "enjeux_by_category", broken)
    failed = client.get("/enjeux/")
    assert failed.status_code == 500
    assert "Une erreur est survenue" in failed.content.decode()
