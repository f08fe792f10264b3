"""Thematic collections: the index, hand-picked sheets with editorial notes, the automatic
part that follows publication, the home page's featured collections, and query counts that
do not grow with the number of sheets."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage
from initiatives.models import (
    ActionSheetPage,
    ThematicCollectionIndexPage,
    ThematicCollectionPage,
    ThematicCollectionSheet,
)
from initiatives.page_tree import bulk_add_children

from .factories import EnjeuFactory, ServiceFactory, home_page, make_collectivity, make_sheet
from .role_helpers import make_user

pytestmark = pytest.mark.django_db


def make_index(title="Collections"):
    index = ThematicCollectionIndexPage(title=title, slug="collections")
    home_page().add_child(instance=index)
    index.save_revision().publish()
    return index


def make_collection(index, title="Inclusion numérique", picks=(), live=True, **fields):
    auto = {name: fields.pop(name, []) for name in ("auto_enjeux", "auto_services")}
    tags = fields.pop("auto_tags", [])
    collection = ThematicCollectionPage(title=title, live=live, **fields)
    for name, values in auto.items():
        setattr(collection, name, values)
    collection.sheet_items = [
        ThematicCollectionSheet(sheet=sheet, note=note) for sheet, note in picks
    ]
    index.add_child(instance=collection)
    if tags:
        collection.auto_tags.add(*tags)
        collection.save()
    revision = collection.save_revision()
    if live:
        revision.publish()
    return collection


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def titles_in_order(content, titles):
    positions = [content.index(title) for title in titles]
    return positions == sorted(positions)


@pytest.fixture
def setting():
    """A collectivity, two services of two enjeux, and sheets of various dates."""
    saint_malo = make_collectivity()
    fablab, mediation = ServiceFactory(name="Fablab"), ServiceFactory(name="Médiation")
    sheets = {
        "old": make_sheet(saint_malo, "Fablab de 2019", [fablab], date=datetime.date(2019, 3, 1)),
        "new": make_sheet(saint_malo, "Fablab de 2024", [fablab], date=datetime.date(2024, 3, 1)),
        "mid": make_sheet(saint_malo, "Fablab de 2021", [fablab], date=datetime.date(2021, 3, 1)),
        "mediation": make_sheet(saint_malo, "Médiateurs numériques", [mediation]),
        "draft": make_sheet(saint_malo, "Fablab en préparation", [fablab], live=False),
    }
    return {"collectivity": saint_malo, "fablab": fablab, "mediation": mediation, **sheets}


class TreeRulesTests(WagtailPageTestCase):
    def test_one_collections_index_under_the_home_page_and_collections_under_it(self):
        self.assertAllowedParentPageTypes(ThematicCollectionIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ThematicCollectionPage, {ThematicCollectionIndexPage})
        self.assertAllowedSubpageTypes(ThematicCollectionPage, set())
        self.assertCanCreateAt(HomePage, ThematicCollectionIndexPage)
        make_index()
        assert not ThematicCollectionIndexPage.can_create_at(home_page())  # max_count 1


def test_hand_picked_sheets_keep_their_order_and_notes(client, setting):
    collection = make_collection(
        make_index(),
        picks=[(setting["mediation"], "Le point de départ."), (setting["old"], "")],
    )

    content = html(client.get(collection.url))

    assert titles_in_order(content, ["Médiateurs numériques", "Fablab de 2019"])
    assert "Le point de départ." in content
    assert "Fablab de 2024" not in content  # no automatic part was asked for
    assert "2 fiches actions" in content


def test_the_automatic_part_lists_matching_sheets_newest_first_within_its_limit(client, setting):
    collection = make_collection(
        make_index(),
        picks=[(setting["mid"], "")],
        auto_services=[setting["fablab"]],
        auto_limit=2,
    )

    content = html(client.get(collection.url))

    assert "Sur le même thème" in content
    auto_part = content[content.index("Sur le même thème") :]
    assert titles_in_order(auto_part, ["Fablab de 2024", "Fablab de 2019"])
    assert auto_part.count("Fablab de 2021") == 0  # already hand-picked
    assert "Fablab en préparation" not in content  # drafts never appear
    assert "Médiateurs numériques" not in content


def test_automatic_part_by_enjeu_or_tag_follows_new_publications(client, setting):
    setting["mediation"].tags.add("inclusion")
    setting["mediation"].save_revision().publish()
    collection = make_collection(
        make_index(), auto_enjeux=[setting["fablab"].enjeu], auto_tags=["inclusion"]
    )
    assert "Médiateurs numériques" in html(client.get(collection.url))
    assert "Fablab de 2024" in html(client.get(collection.url))

    later = make_sheet(
        setting["collectivity"], "Un nouveau fablab", [setting["fablab"]], live=False
    )
    assert "Un nouveau fablab" not in html(client.get(collection.url))
    later.save_revision().publish()
    assert "Un nouveau fablab" in html(client.get(collection.url))


def test_an_unpublished_or_restricted_sheet_leaves_every_collection_without_breaking_it(
    client, setting
):
    index = make_index()
    picked = make_collection(index, "Choisies", picks=[(setting["new"], "Note")])
    automatic = make_collection(index, "Automatique", auto_services=[setting["fablab"]])

    setting["new"].unpublish()
    PageViewRestriction.objects.create(
        page=setting["old"], restriction_type=PageViewRestriction.LOGIN
    )

    for collection in (picked, automatic):
        content = html(client.get(collection.url))
        assert "Fablab de 2024" not in content
        assert "Fablab de 2019" not in content
    assert "Aucune fiche publiée dans cette collection" in html(client.get(picked.url))
    assert "Fablab de 2021" in html(client.get(automatic.url))


def test_a_deleted_sheet_disappears_from_the_collection(client, setting):
    collection = make_collection(make_index(), picks=[(setting["new"], ""), (setting["old"], "")])
    setting["new"].delete()
    content = html(client.get(collection.url))
    assert "Fablab de 2024" not in content and "Fablab de 2019" in content


def test_the_index_lists_published_collections_only(client, setting):
    index = make_index()
    make_collection(
        index,
        "Tiers-lieux",
        cover_image=Image.objects.create(title="Couverture", file=get_test_image_file()),
    )
    make_collection(index, "Collection en préparation", live=False)

    content = html(client.get(index.url))

    assert "Tiers-lieux" in content
    assert "Collection en préparation" not in content
    assert "<img" in content


def test_the_home_page_features_the_collections_editors_choose(client, setting):
    index = make_index()
    make_collection(index, "Tiers-lieux", featured=True)
    make_collection(index, "Données ouvertes")

    content = html(client.get("/"))

    assert "Collections à la une" in content
    assert "Tiers-lieux" in content and "Données ouvertes" not in content
    assert f'href="{index.url}"' in content  # the "Collections" entry of the menu


def test_without_collections_the_home_page_has_no_section_and_no_menu_entry(client, setting):
    content = html(client.get("/"))
    assert "Collections à la une" not in content
    assert ">Collections<" not in content


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def bulk_published_sheets(collectivity, service, count, first):
    pages = bulk_add_children(
        collectivity,
        [
            ActionSheetPage(
                title=f"Initiative {number:03d}",
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
                external_id=f"bulk-{number}",
                collectivity_id=collectivity.pk,
                live=True,
            )
            for number in range(first, first + count)
        ],
    )
    ActionSheetPage.services.through.objects.bulk_create(
        [
            ActionSheetPage.services.through(actionsheetpage_id=page.pk, service_id=service.pk)
            for page in pages
        ]
    )
    return pages


def test_query_counts_do_not_grow_with_the_number_of_sheets(client):
    collectivity = make_collectivity()
    service = ServiceFactory(enjeu=EnjeuFactory())
    index = make_index()

    def measure(count, first):
        sheets = bulk_published_sheets(collectivity, service, count, first)
        collection = make_collection(
            index,
            f"Collection {first}",
            # One sheet left out of the picks, so that the automatic part is never empty.
            picks=[(sheet, "Une note") for sheet in sheets[:-1]],
            auto_services=[service],
            auto_limit=60,
            featured=True,
        )
        return [count_queries(client, url) for url in (collection.url, index.url, "/")]

    assert measure(3, first=0) == measure(20, first=100)


class EditorAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.index = make_index()
        self.sheet = make_sheet(make_collectivity(), "Un fablab au port")
        self.client.force_login(make_user("editeur@villes-internet.net", "Editors"))

    def form(self, **fields):
        data = {
            "title": "Réparer plutôt que jeter",
            "introduction": rich_text("<p>Fablabs et repair cafés.</p>"),
            "featured": "on",
            "sheet_items": inline_formset(
                [{"sheet": self.sheet.pk, "note": "Le premier fablab breton."}]
            ),
            "auto_services": [],
            "auto_enjeux": [],
            "auto_tags": "",
            "auto_limit": "12",
            "comments": inline_formset([]),
        }
        data.update(fields)
        return nested_form_data(data)

    def test_an_editor_creates_and_publishes_a_collection(self):
        self.assertCanCreate(self.index, ThematicCollectionPage, self.form())

        collection = ThematicCollectionPage.objects.get()
        assert collection.live and collection.featured
        assert [item.note for item in collection.sheet_items.all()] == ["Le premier fablab breton."]
        self.assertPageIsRenderable(collection)

    def test_the_sheet_chooser_offers_only_action_sheets(self):
        url = reverse("wagtailadmin_choose_page_search")
        response = self.client.get(url, {"q": "fablab", "page_type": "initiatives.actionsheetpage"})
        assert "Un fablab au port" in response.content.decode()

    def test_an_editor_previews_unsaved_picks(self):
        collection = make_collection(self.index, "Brouillon de collection")
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[collection.pk])
        data = self.form(title="Brouillon de collection", slug=collection.slug)

        assert self.client.post(url, data).json()["is_valid"]
        content = self.client.get(url).content.decode()
        assert "Un fablab au port" in content and "Le premier fablab breton." in content

    def test_an_auto_limit_out_of_range_is_refused_in_french(self):
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:add",
                args=["initiatives", "thematiccollectionpage", self.index.pk],
            ),
            {**self.form(auto_limit="500"), "slug": "trop", "action-publish": "1"},
        )
        assert response.status_code == 200
        assert "inférieure ou égale à 60" in str(response.context["form"].errors["auto_limit"])
        assert not ThematicCollectionPage.objects.exists()
