"""The page tree is the product's map: Home → Collectivity → ActionSheet, nothing else."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, SitePage
from initiatives.models import ActionSheetPage, CollectivityPage, ThematicCollectionIndexPage
from labels.models import LabelIndexPage
from tests.factories import ServiceFactory, make_collectivity, make_sheet


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(CollectivityPage, HomePage)
        self.assertCanNotCreateAt(ActionSheetPage, HomePage)

    def test_home_page_holds_collectivities_the_label_collections_and_site_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage, {CollectivityPage, LabelIndexPage, ThematicCollectionIndexPage, SitePage}
        )

    def test_collectivities_sit_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CollectivityPage, {HomePage})
        self.assertCanCreateAt(HomePage, CollectivityPage)
        self.assertCanNotCreateAt(Page, CollectivityPage)
        self.assertCanNotCreateAt(CollectivityPage, CollectivityPage)
        self.assertCanNotCreateAt(ActionSheetPage, CollectivityPage)

    def test_collectivities_hold_only_action_sheets(self):
        self.assertAllowedSubpageTypes(CollectivityPage, {ActionSheetPage})

    def test_action_sheets_sit_only_under_a_collectivity_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ActionSheetPage, {CollectivityPage})
        self.assertAllowedSubpageTypes(ActionSheetPage, set())
        self.assertCanCreateAt(CollectivityPage, ActionSheetPage)
        self.assertCanNotCreateAt(HomePage, ActionSheetPage)
        self.assertCanNotCreateAt(Page, ActionSheetPage)
        self.assertCanNotCreateAt(ActionSheetPage, ActionSheetPage)


class PageTreeInTheAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get()

    def test_a_second_home_page_cannot_be_created(self):
        root = Page.get_first_root_node()

        assert not HomePage.can_create_at(root)
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["home", "homepage", root.pk]),
            {"title": "Autre accueil", "slug": "autre-accueil", "action-publish": "1"},
        )
        # Wagtail answers a refused permission with a redirect to the dashboard.
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
        assert HomePage.objects.count() == 1

    def test_adding_under_the_home_page_offers_a_collectivity(self):
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[self.home.pk]))

        assert response.status_code == 200
        assert (
            reverse(
                "wagtailadmin_pages:add", args=["initiatives", "collectivitypage", self.home.pk]
            )
            in response.content.decode()
        )

    def test_adding_under_a_collectivity_goes_straight_to_the_sheet_form(self):
        collectivity = make_collectivity()

        response = self.client.get(
            reverse("wagtailadmin_pages:add_subpage", args=[collectivity.pk])
        )

        assert response.status_code == 302
        assert response.url == reverse(
            "wagtailadmin_pages:add", args=["initiatives", "actionsheetpage", collectivity.pk]
        )

    def test_nothing_can_be_added_under_an_action_sheet(self):
        sheet = make_sheet(make_collectivity(), services=[ServiceFactory()])

        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["initiatives", "actionsheetpage", sheet.pk]),
            {"title": "Sous-fiche", "slug": "sous-fiche", "action-publish": "1"},
        )

        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
        assert ActionSheetPage.objects.count() == 1
