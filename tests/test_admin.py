"""The Wagtail admin as an editor uses it: page forms, listings, référentiel, dev account."""

import datetime
import html
import io

import pytest

from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage
from initiatives import geography
from initiatives.models import ActionSheetPage, Category, CollectivityPage, Enjeu, Service
from tests.factories import (
    CategoryFactory,
    EnjeuFactory,
    ServiceFactory,
    make_collectivity,
    make_sheet,
)
from tests.role_helpers import empty_sheet_inlines


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_initiatives_{model._meta.model_name}:{view}", args=args)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_page_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=["initiatives", model._meta.model_name, parent.pk]
    )


class AdminTestCase(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()
        self.home = HomePage.objects.get()

    def messages_text(self, response):
        # Wagtail renders its messages to HTML (text and buttons).
        return html.unescape(" ".join(str(m.message) for m in response.context["messages"]))


class CollectivityAdminTests(AdminTestCase):
    def collectivity_form(self, **fields):
        data = {"code": "35288", "kind": "ville", "title": "Saint-Malo"}
        data.update(fields)
        return nested_form_data(data)

    def test_a_code_is_enough_the_official_figures_are_filled_in(self):
        self.assertCanCreate(self.home, CollectivityPage, self.collectivity_form())

        page = CollectivityPage.objects.get(code="35288")
        assert page.live
        assert page.population == geography.lookup("35288").population
        assert (page.departement, page.region) == ("35", "53")
        assert page.get_parent().specific == self.home

    def test_a_lowercase_corsican_code_is_stored_normalised(self):
        form = self.collectivity_form(code="2a004", title="Ajaccio")
        self.assertCanCreate(self.home, CollectivityPage, form)

        page = CollectivityPage.objects.get(title="Ajaccio")
        assert (page.code, page.departement, page.region) == ("2A004", "2A", "94")

    def test_the_title_fills_the_slug_in_the_editor(self):
        # Without it the slug, on the Promotion tab, stays empty and saving fails.
        for model, parent in (
            (CollectivityPage, self.home),
            (ActionSheetPage, make_collectivity()),
        ):
            with self.subTest(model=model.__name__):
                response = self.client.get(add_page_url(model, parent))
                title = self.get_soup(response.content).find("input", id="id_title")
                assert "w-sync" in title.get("data-controller", "").split()
                assert title["data-w-sync-target-value"] == "#id_slug"

    def test_an_unknown_code_is_refused_in_french_and_nothing_is_created(self):
        response = self.client.post(
            add_page_url(CollectivityPage, self.home),
            {**self.collectivity_form(code="99999", title="Nulle part"), "slug": "nulle-part"},
        )

        assert response.status_code == 200
        assert "n'est le code INSEE d'aucune commune" in " ".join(
            response.context["form"].errors["code"]
        )
        assert not CollectivityPage.objects.exists()

    def test_a_commune_code_cannot_be_an_intercommunalite(self):
        response = self.client.post(
            add_page_url(CollectivityPage, self.home),
            {**self.collectivity_form(kind="intercommunalite"), "slug": "saint-malo"},
        )

        assert response.status_code == 200
        assert "SIREN à 9 chiffres" in " ".join(response.context["form"].errors["kind"])
        assert not CollectivityPage.objects.exists()

    def test_the_collectivity_editor_loads_the_geography_script(self):
        response = self.client.get(add_page_url(CollectivityPage, self.home))

        assert response.status_code == 200
        assert "js/admin-geo.js" in response.content.decode()
        assert 'data-lookup-url="/admin/atlaas/geo/__code__/"' in response.content.decode()
        assert finders.find("js/admin-geo.js")


class ActionSheetAdminTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.collectivity = make_collectivity()
        self.services = [ServiceFactory(name="Fablab"), ServiceFactory(name="Médiation")]

    def sheet_form(self, **fields):
        data = {
            "title": "Un fablab dans la médiathèque",
            "subtitle": "Des machines ouvertes à tous, le samedi.",
            "date": "2024-03-15",
            "synthese": rich_text("<p>Un lieu pour fabriquer, apprendre et réparer.</p>"),
            "actions": rich_text(""),
            "resultats": rich_text(""),
            "recommandations": rich_text(""),
            "outils": "",
            "prestataires": "",
            "tags": "fablab, réparation",
            "external_id": "",
            **empty_sheet_inlines(),
            "contacts": inline_formset(
                [{"name": "Claire Morel", "role": "Médiatrice", "email": "", "show_email": ""}]
            ),
            "links": inline_formset(
                [{"url": "https://fablab.example.org/", "title": "Le site du fablab"}]
            ),
        }
        data.update(fields)
        # nested_form_data would number a list's items; the select expects repeated values.
        services = data.pop("services", [service.pk for service in self.services])
        return {**nested_form_data(data), "services": services}

    def test_a_sheet_created_in_the_admin_is_live_under_its_collectivity(self):
        self.assertCanCreate(self.collectivity, ActionSheetPage, self.sheet_form())

        sheet = ActionSheetPage.objects.get(title="Un fablab dans la médiathèque")
        assert sheet.live
        assert sheet.collectivity == self.collectivity
        assert sheet.date == datetime.date(2024, 3, 15)
        assert set(sheet.services.all()) == set(self.services)
        assert sorted(tag.name for tag in sheet.tags.all()) == ["fablab", "réparation"]
        assert [contact.name for contact in sheet.contacts.all()] == ["Claire Morel"]
        assert [link.url for link in sheet.links.all()] == ["https://fablab.example.org/"]
        assert sheet.external_id.startswith("atlaas-")
        self.assertPageIsRoutable(sheet)

    def test_a_sheet_without_services_is_refused(self):
        response = self.client.post(
            add_page_url(ActionSheetPage, self.collectivity),
            {**self.sheet_form(services=[]), "slug": "un-fablab", "action-publish": "1"},
        )

        assert response.status_code == 200
        assert "services" in response.context["form"].errors
        assert not ActionSheetPage.objects.exists()

    def test_a_title_on_two_lines_is_refused_in_french(self):
        response = self.client.post(
            add_page_url(ActionSheetPage, self.collectivity),
            {
                **self.sheet_form(title="Un fablab\nBcc: tous@exemple.org"),
                "slug": "un-fablab",
                "action-publish": "1",
            },
        )

        assert response.status_code == 200
        assert "Ce texte doit tenir sur une ligne" in " ".join(
            response.context["form"].errors["title"]
        )
        assert not ActionSheetPage.objects.exists()


class ListingTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.service = ServiceFactory(name="Fablab")
        self.collectivity = make_collectivity()
        self.sheet = make_sheet(self.collectivity, title="Un fablab", services=[self.service])
        self.draft = make_sheet(
            self.collectivity, title="Un brouillon", services=[ServiceFactory()], live=False
        )

    def test_every_listing_opens(self):
        urls = [
            snippet_url(Category, "list"),
            snippet_url(Enjeu, "list"),
            snippet_url(Service, "list"),
            snippet_url(Service, "list") + f"?enjeu={self.service.enjeu_id}",
            snippet_url(Service, "list") + "?q=fab",
            snippet_url(Category, "add"),
            snippet_url(Enjeu, "add"),
            snippet_url(Service, "add"),
            snippet_url(Service, "edit", self.service.pk),
            reverse("collectivites:index"),
            reverse("collectivites:index") + "?kind=ville&region=53",
            reverse("fiches-actions:index"),
            reverse("fiches-actions:index") + f"?service={self.service.pk}&live=true",
            reverse("fiches-actions:index") + f"?enjeu={self.service.enjeu_id}",
            reverse("fiches-actions:index") + "?ordering=collectivity__title",
            reverse("fiches-actions:index") + "?date_after=2020-01-01&date_before=2030-12-31",
            reverse("collectivites:index") + "?ordering=-population",
            reverse("collectivites:index") + "?q=saint",
            snippet_url(Category, "list") + "?ordering=-enjeu_count",
            snippet_url(Service, "list") + f"?enjeu__category={self.service.enjeu.category_id}",
        ]
        for url in urls:
            with self.subTest(url=url):
                assert self.client.get(url).status_code == 200

    def test_collectivity_listing_shows_the_official_figures(self):
        make_collectivity(code="2A004", title="Ajaccio")

        response = self.client.get(reverse("collectivites:index") + "?region=53")

        content = response.content.decode()
        assert "Saint-Malo" in content
        assert "Ille-et-Vilaine" in content
        assert "Ajaccio" not in content

    def test_sheet_listing_filters_by_service_and_status(self):
        by_service = self.client.get(
            reverse("fiches-actions:index") + f"?service={self.service.pk}"
        )
        drafts = self.client.get(reverse("fiches-actions:index") + "?live=false")

        assert [page.title for page in by_service.context["pages"]] == ["Un fablab"]
        assert [page.title for page in drafts.context["pages"]] == ["Un brouillon"]

    def test_sheet_listing_query_count_does_not_grow_with_sheets(self):
        url = reverse("fiches-actions:index")
        self.client.get(url)
        before = count_queries(self.client, url)
        for code in ("2A004", "75056", "69123"):
            other = make_collectivity(code=code, title=geography.lookup(code).name)
            make_sheet(other, title=f"Fiche {code}", services=[self.service])

        assert count_queries(self.client, url) == before


class ReferentielAdminTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.category = CategoryFactory(name="Démocratie", sort_order=0)
        self.enjeux = [
            EnjeuFactory(name=name, category=self.category, sort_order=order)
            for order, name in enumerate(["Services publics", "Participation", "Open data"])
        ]
        self.service = ServiceFactory(name="Budget participatif", enjeu=self.enjeux[1])

    def test_a_new_term_is_added_last(self):
        response = self.client.post(
            snippet_url(Category, "add"), {"name": "Culture numérique", "slug": "culture"}
        )

        assert response.status_code == 302
        listing = self.client.get(snippet_url(Category, "list"))
        names = [category.name for category in listing.context["object_list"]]
        assert names == ["Démocratie", "Culture numérique"]

    def test_a_slug_already_taken_is_refused(self):
        response = self.client.post(
            snippet_url(Enjeu, "add"),
            {"name": "Autre", "slug": self.enjeux[0].slug, "category": self.category.pk},
        )

        assert response.status_code == 200
        assert "existe déjà" in " ".join(response.context["form"].errors["slug"])
        assert Enjeu.objects.count() == 3

    def test_a_service_is_renamed_and_moved_to_another_enjeu(self):
        response = self.client.post(
            snippet_url(Service, "edit", self.service.pk),
            {"name": "Budget citoyen", "slug": self.service.slug, "enjeu": self.enjeux[2].pk},
        )

        assert response.status_code == 302
        self.service.refresh_from_db()
        assert (self.service.name, self.service.enjeu) == ("Budget citoyen", self.enjeux[2])

    def test_enjeux_are_reordered_by_drag_and_drop(self):
        last = self.enjeux[2]
        response = self.client.post(snippet_url(Enjeu, "reorder", last.pk) + "?position=0")

        assert response.status_code == 200
        listing = self.client.get(snippet_url(Enjeu, "list"))
        names = [enjeu.name for enjeu in listing.context["object_list"]]
        assert names == ["Open data", "Services publics", "Participation"]

    def test_a_service_used_by_a_sheet_is_not_deleted(self):
        sheet = make_sheet(make_collectivity(), services=[self.service])

        for response in (
            self.client.get(snippet_url(Service, "delete", self.service.pk), follow=True),
            self.client.post(snippet_url(Service, "delete", self.service.pk), follow=True),
            self.client.post(bulk_delete_url(Service, self.service), follow=True),
        ):
            assert response.redirect_chain[-1][0] == snippet_url(Service, "list")
            message = self.messages_text(response)
            assert "n'a pas été supprimé : 1 fiche action l'utilise" in message
            assert f"/admin/fiches-actions/?service={self.service.pk}" in message
        assert list(sheet.services.all()) == [self.service]

    def test_a_bulk_delete_with_one_used_service_deletes_nothing(self):
        make_sheet(make_collectivity(), services=[self.service])
        unused = ServiceFactory(enjeu=self.enjeux[0])
        url = reverse("wagtail_bulk_action", args=["initiatives", "service", "delete"])

        response = self.client.post(f"{url}?id={self.service.pk}&id={unused.pk}", follow=True)

        assert "Aucun élément de la sélection n'a été supprimé" in self.messages_text(response)
        assert Service.objects.filter(pk__in=[self.service.pk, unused.pk]).count() == 2

    def test_an_unused_service_is_deleted(self):
        response = self.client.post(snippet_url(Service, "delete", self.service.pk))

        assert response.status_code == 302
        assert not Service.objects.filter(pk=self.service.pk).exists()

    def test_an_enjeu_or_category_still_holding_terms_is_not_deleted(self):
        for model, term, expected in (
            (Enjeu, self.enjeux[1], "il contient encore 1 service"),
            (Category, self.category, "elle contient encore 3 enjeux"),
        ):
            for url in (snippet_url(model, "delete", term.pk), bulk_delete_url(model, term)):
                with self.subTest(model=model.__name__, url=url):
                    response = self.client.post(url, follow=True)
                    assert response.status_code == 200
                    assert expected in self.messages_text(response)
                    assert model.objects.filter(pk=term.pk).exists()


def bulk_delete_url(model, term):
    url = reverse("wagtail_bulk_action", args=["initiatives", model._meta.model_name, "delete"])
    return f"{url}?id={term.pk}"


@pytest.mark.django_db
def test_dev_admin_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("create_dev_admin", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_dev_admin_can_log_in_and_rerunning_restores_it(settings, quiet_command, client):
    settings.DEBUG = True
    code, out, _ = quiet_command("create_dev_admin")
    assert code == 0
    assert "admin" in out and "atlaas-admin" in out

    user = get_user_model().objects.get(username="admin")
    user.set_password("oublié")
    user.is_superuser = False
    user.save()
    quiet_command("create_dev_admin")

    assert get_user_model().objects.filter(username="admin").count() == 1
    assert client.login(username="admin", password="atlaas-admin")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_dev_admin_can_be_forced_without_debug(settings, quiet_command):
    settings.DEBUG = False

    code, out, _ = quiet_command("create_dev_admin", "--force")

    assert code == 0
    assert get_user_model().objects.get(username="admin").check_password("atlaas-admin")
