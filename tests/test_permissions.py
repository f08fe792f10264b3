"""The permission matrix, through HTTP requests to the admin: each role can do what it must
and nothing more. Agents of Saint-Malo (A) work on Saint-Malo only and never see Rennes' (B)
drafts; moderators review everything; editors curate collections and the référentiel."""

import pytest

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.test.utils.form_data import inline_formset

from home.models import HomePage
from initiatives import roles
from initiatives.models import ActionSheetPage, CollectivityPage, Service
from initiatives.page_tree import bulk_add_children, reindex

from . import document_files
from .factories import make_collectivity
from .role_helpers import admin_url, build_world, edit_url, refreshed, sheet_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def login(client, user):
    client.force_login(user)
    return client


def denied(response) -> bool:
    """Wagtail answers a forbidden admin action with 403, or a redirect away from it."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response["Location"]
    )


def page_permissions(group):
    return {
        (gpp.page_id, gpp.permission.codename)
        for gpp in GroupPagePermission.objects.filter(group=group).select_related("permission")
    }


def agent_group(collectivity) -> Group:
    return Group.objects.distinct().get(
        page_permissions__page_id=collectivity.pk, name__startswith="Agents "
    )


# --- groups are created with the collectivity ---------------------------------------------


def test_a_new_collectivity_gets_an_agents_group_with_exactly_add_and_change():
    page = make_collectivity("35288", "Saint-Malo")

    group = agent_group(page)
    assert group.name == "Agents 35288 — Saint-Malo"
    assert page_permissions(group) == {(page.pk, "add_page"), (page.pk, "change_page")}
    assert set(group.permissions.values_list("codename", flat=True)) == {"access_admin"}
    collection_permissions = GroupCollectionPermission.objects.filter(group=group)
    assert {p.permission.codename for p in collection_permissions} == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }
    assert {p.collection.name for p in collection_permissions} == {"Saint-Malo (35288)"}


def test_syncing_again_changes_nothing_and_repairs_what_was_changed_by_hand(quiet_command):
    page = make_collectivity("35288", "Saint-Malo")
    group = agent_group(page)
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="publish_page")
    )
    before = (Group.objects.count(), Collection.objects.count())

    code, out, _err = quiet_command("sync_agent_groups")
    quiet_command("sync_agent_groups")

    assert code == 0 and "groupe(s) d'agents à jour" in out
    assert (Group.objects.count(), Collection.objects.count()) == before
    assert page_permissions(group) == {(page.pk, "add_page"), (page.pk, "change_page")}
    assert GroupCollectionPermission.objects.filter(group=group).count() == 6


def test_a_renamed_collectivity_renames_its_group_and_collection():
    page = make_collectivity("35288", "Saint-Malo")
    page.title = "Saint-Malo, cité corsaire"
    page.save_revision().publish()

    group = agent_group(page)
    assert group.name == "Agents 35288 — Saint-Malo, cité corsaire"
    assert Collection.objects.filter(name="Saint-Malo, cité corsaire (35288)").exists()
    assert Group.objects.filter(name__startswith="Agents 35288").count() == 1


def bulk_collectivities(count, first=1):
    pages = [
        CollectivityPage(title=f"Commune {n}", code=f"35{n:03d}", kind="village", live=True)
        for n in range(first, first + count)
    ]
    return bulk_add_children(HomePage.objects.get(), pages)


def test_collectivities_inserted_in_bulk_get_their_groups():
    pages = bulk_collectivities(30)
    # What the import and the demo seed do after a bulk insert: reindex sends the signal.
    reindex(CollectivityPage, [page.pk for page in pages])

    assert Group.objects.filter(name__startswith="Agents 35").count() == 30
    for page in pages[:3]:
        assert page_permissions(agent_group(page)) == {
            (page.pk, "add_page"),
            (page.pk, "change_page"),
        }
    names = set(Collection.objects.filter(depth=3).values_list("name", flat=True))
    assert {f"Commune {n} (35{n:03d})" for n in range(1, 31)} <= names


def test_creating_groups_costs_the_same_queries_for_3_or_30_collectivities():
    def queries(pages):
        with CaptureQueriesContext(connection) as captured:
            roles.ensure_agent_groups(pages)
        return len(captured)

    # The first collectivity ever also creates the parent collection.
    roles.ensure_agent_groups(bulk_collectivities(1, first=900))
    assert queries(bulk_collectivities(3, first=1)) == queries(bulk_collectivities(30, first=100))


def test_moderators_review_under_the_home_page_and_editors_under_the_collections_index():
    from initiatives.models import ThematicCollectionIndexPage

    home = HomePage.objects.get()
    index = ThematicCollectionIndexPage(title="Collections")
    home.add_child(instance=index)

    reviewer = {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    moderators = Group.objects.get(name=roles.MODERATORS)
    editors = Group.objects.get(name=roles.EDITORS)
    assert page_permissions(moderators) == {(home.pk, codename) for codename in reviewer}
    assert page_permissions(editors) == {(index.pk, codename) for codename in reviewer}
    editor_codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_service", "change_enjeu", "delete_category"} <= editor_codenames
    assert not set(moderators.permissions.values_list("codename", flat=True)) - {
        "access_admin",
        # Slugs, menus, SEO and import ids: hidden from agents, kept for Villes Internet.
        "edit_page_plumbing",
    }


# --- agent A on its own collectivity --------------------------------------------------------


def test_agent_edits_and_saves_a_draft_of_its_own_sheet(client, world):
    login(client, world.agent_a)
    assert client.get(edit_url(world.a_live)).status_code == 200

    response = client.post(
        edit_url(world.a_live), sheet_form(world.a_live, subtitle="Ouvert le samedi.")
    )

    assert response.status_code == 302
    sheet = refreshed(world.a_live)
    assert sheet.has_unpublished_changes
    assert sheet.get_latest_revision_as_object().subtitle == "Ouvert le samedi."
    assert sheet.subtitle != "Ouvert le samedi."  # the live version waits for moderation


def test_agent_creates_a_sheet_under_its_collectivity_as_a_draft(client, world):
    login(client, world.agent_a)
    add = reverse("wagtailadmin_pages:add", args=["initiatives", "actionsheetpage", world.a.pk])
    data = sheet_form(world.a_live, title="Une nouvelle fiche", slug="une-nouvelle-fiche")
    data["external_id"] = ""

    response = client.post(add, {**data, "action-publish": "1"})

    assert response.status_code == 302
    sheet = ActionSheetPage.objects.get(title="Une nouvelle fiche")
    assert not sheet.live  # "publish" from an agent is only a save
    assert sheet.get_parent().pk == world.a.pk
    assert sheet.owner == world.agent_a


def test_agent_cannot_publish_unpublish_lock_or_delete_a_published_sheet(client, world):
    login(client, world.agent_a)
    client.post(edit_url(world.a_draft), {**sheet_form(world.a_draft), "action-publish": "1"})
    assert not refreshed(world.a_draft).live

    assert denied(client.post(admin_url("unpublish", world.a_live.pk)))
    assert denied(client.post(admin_url("lock", world.a_live.pk)))
    assert denied(client.get(admin_url("delete", world.a_live.pk)))
    assert denied(client.post(admin_url("delete", world.a_live.pk)))
    assert refreshed(world.a_live).live
    assert refreshed(world.a_live).locked is False


def test_agent_may_throw_away_a_draft_of_its_collectivity(client, world):
    # Wagtail's rule for "change" without "publish": only pages never published go.
    login(client, world.agent_a)
    assert client.get(admin_url("delete", world.a_draft.pk)).status_code == 200
    client.post(admin_url("delete", world.a_draft.pk))
    assert not ActionSheetPage.objects.filter(pk=world.a_draft.pk).exists()


def test_agent_edits_its_collectivity_profile_but_cannot_publish_it(client, world):
    login(client, world.agent_a)
    assert client.get(edit_url(world.a)).status_code == 200
    assert denied(client.get(edit_url(world.b)))
    assert denied(client.get(admin_url("delete", world.a.pk)))


def test_agent_previews_compares_and_reads_revisions_of_its_own_sheets(client, world):
    login(client, world.agent_a)
    assert client.get(admin_url("view_draft", world.a_draft.pk)).status_code == 200
    assert client.get(admin_url("history", world.a_live.pk)).status_code == 200
    revision = world.a_live.latest_revision
    assert client.get(admin_url("revisions_view", world.a_live.pk, revision.pk)).status_code == 200
    compare = admin_url("revisions_compare", world.a_live.pk, "live", revision.pk)
    assert client.get(compare).status_code == 200


# --- agent A on Rennes (B) ------------------------------------------------------------------


# What agent A tries on Rennes' sheets: (admin view, HTTP method).
FOREIGN_SHEET_ACTIONS = [
    ("edit", "get"),
    ("edit", "post"),
    ("delete", "get"),
    ("delete", "post"),
    ("copy", "get"),
    ("move", "get"),
    ("view_draft", "get"),
    ("revisions_view", "get"),
    ("history", "get"),
    ("unpublish", "post"),
    ("lock", "post"),
]


@pytest.mark.parametrize(("view", "method"), FOREIGN_SHEET_ACTIONS)
def test_agent_can_do_nothing_on_another_collectivity_sheet(client, world, view, method):
    login(client, world.agent_a)
    for sheet in (world.b_live, world.b_draft):
        if view == "revisions_view":
            url = admin_url(view, sheet.pk, sheet.latest_revision_id)
        else:
            url = admin_url(view, sheet.pk)
        data = sheet_form(sheet, title="Piraté") if view == "edit" else {}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert denied(response), (view, sheet.title, response.status_code)
    assert refreshed(world.b_live).title == "La carte des services rennais"
    assert refreshed(world.b_live).live
    assert ActionSheetPage.objects.filter(pk=world.b_draft.pk).exists()


def test_agent_cannot_add_a_sheet_under_another_collectivity(client, world):
    login(client, world.agent_a)
    add = reverse("wagtailadmin_pages:add", args=["initiatives", "actionsheetpage", world.b.pk])
    assert denied(client.get(add))


def test_agent_cannot_move_or_copy_its_sheet_into_another_collectivity(client, world):
    login(client, world.agent_a)
    move = reverse("wagtailadmin_pages:move_confirm", args=[world.a_draft.pk, world.b.pk])
    assert denied(client.post(move))
    assert refreshed(world.a_draft).get_parent().pk == world.a.pk

    response = client.post(
        admin_url("copy", world.a_live.pk),
        {"new_title": "Copie", "new_slug": "copie", "new_parent_page": world.b.pk},
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not ActionSheetPage.objects.filter(title="Copie").exists()


def test_another_collectivity_draft_is_invisible_in_explorer_listings_search_and_choosers(
    client, world
):
    login(client, world.agent_a)
    urls = [
        reverse("wagtailadmin_explore", args=[world.b.pk]),
        reverse("wagtailadmin_explore", args=[world.a.pk]),
        reverse("wagtailadmin_pages:search") + "?q=rennais",
        reverse("wagtailadmin_pages:search") + "?q=confidentiel",
        reverse("fiches-actions:index"),
        reverse("wagtailadmin_pages:type_use", args=["initiatives", "actionsheetpage"]),
        reverse("wagtailadmin_choose_page_child", args=[world.b.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=rennais",
        reverse("wagtailadmin_home"),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "Projet confidentiel rennais" not in response.content.decode(), url

    own = client.get(reverse("wagtailadmin_pages:search") + "?q=malouin").content.decode()
    assert "Brouillon malouin des ateliers" in own
    # Published pages of others can still be linked to from a sheet.
    chooser = client.get(reverse("wagtailadmin_choose_page_search") + "?q=rennais")
    assert "La carte des services rennais" in chooser.content.decode()


# --- images and documents -------------------------------------------------------------------


def own_collection(collectivity) -> Collection:
    return Collection.objects.get(name=f"{collectivity.title} ({collectivity.code})")


def upload_image(client, collection, title="Photo"):
    png = SimpleUploadedFile("photo.png", get_test_image_file().file.getvalue(), "image/png")
    return client.post(
        reverse("wagtailimages:add"), {"title": title, "file": png, "collection": collection.pk}
    )


def test_agent_uploads_images_and_documents_to_its_collection_only(client, world):
    login(client, world.agent_a)
    upload_image(client, own_collection(world.a), "Le fablab")
    upload_image(client, own_collection(world.b), "Intrus")
    upload_image(client, Collection.get_first_root_node(), "Intrus racine")
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Bilan",
            "file": SimpleUploadedFile("bilan.pdf", document_files.pdf()),
            "collection": own_collection(world.b).pk,
        },
    )

    # Wagtail only offers the collections the user may add to: whatever was asked,
    # everything lands in Saint-Malo's collection.
    assert {image.collection for image in Image.objects.all()} == {own_collection(world.a)}
    assert {doc.collection for doc in Document.objects.all()} == {own_collection(world.a)}
    assert Image.objects.filter(title="Le fablab").exists()


def test_agent_cannot_see_or_edit_another_collectivity_images(client, world):
    image = Image.objects.create(
        title="Photo rennaise", file=get_test_image_file(), collection=own_collection(world.b)
    )

    login(client, world.agent_a)
    assert denied(client.get(reverse("wagtailimages:edit", args=[image.pk])))
    assert denied(client.post(reverse("wagtailimages:delete", args=[image.pk])))
    assert "Photo rennaise" not in client.get(reverse("wagtailimages:index")).content.decode()
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert "Photo rennaise" not in chooser.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()


def test_agent_cannot_manage_the_referentiel(client, world):
    login(client, world.agent_a)
    service_url = reverse("wagtailsnippets_initiatives_service:add")
    assert denied(client.get(service_url))
    assert denied(client.post(service_url, {"name": "Intrus", "slug": "intrus"}))
    assert not Service.objects.filter(slug="intrus").exists()


# --- moderators and editors -----------------------------------------------------------------


def test_moderator_edits_publishes_and_unpublishes_any_sheet(client, world):
    login(client, world.moderator)
    response = client.post(
        edit_url(world.b_draft), {**sheet_form(world.b_draft), "action-publish": "1"}
    )
    assert response.status_code == 302
    assert refreshed(world.b_draft).live

    client.post(admin_url("unpublish", world.a_live.pk))
    assert not refreshed(world.a_live).live
    assert client.get(admin_url("view_draft", world.a_draft.pk)).status_code == 200


def test_moderator_does_not_manage_the_referentiel(client, world):
    login(client, world.moderator)
    assert denied(client.get(reverse("wagtailsnippets_initiatives_service:add")))


def test_editor_manages_the_referentiel_and_label_awards_but_not_the_sheets(client, world):
    enjeu = Service.objects.get().enjeu
    login(client, world.editor)
    assert client.get(reverse("wagtailsnippets_initiatives_service:list")).status_code == 200
    response = client.post(
        reverse("wagtailsnippets_initiatives_enjeu:edit", args=[enjeu.pk]),
        {"name": "Enjeu renommé", "slug": enjeu.slug, "category": enjeu.category_id},
    )
    assert response.status_code == 302
    enjeu.refresh_from_db()
    assert enjeu.name == "Enjeu renommé"

    assert denied(client.get(edit_url(world.a_live)))
    assert denied(client.post(admin_url("unpublish", world.a_live.pk)))
    # Granted by app label, whatever models the labels app holds.
    label_models = [m for m in roles.labels_models() if not issubclass(m, Page)]
    assert {"award", "participation"} <= {m._meta.model_name for m in label_models}
    for action in ("add", "change", "delete"):
        assert world.editor.has_perms(
            [f"labels.{action}_{m._meta.model_name}" for m in label_models]
        )
    assert not world.agent_a.has_perm("labels.change_award")
    assert not world.moderator.has_perm("initiatives.change_service")


def test_a_new_label_section_opens_to_editors_only(client, world):
    label_index = apps.get_model("labels", "LabelIndexPage")(title="Label")
    HomePage.objects.get().add_child(instance=label_index)

    login(client, world.editor)
    assert client.get(edit_url(label_index)).status_code == 200
    login(client, world.agent_a)
    assert denied(client.get(edit_url(label_index)))


# --- the matrix in one table: who may open what (also run over HTTP against a live server,
# in test_permissions_live.py) ------------------------------------------------------------

OK, DENIED, LOGIN = "ok", "denied", "login"


def referentiel_add(world) -> str:
    return reverse("wagtailsnippets_initiatives_service:add")


def referentiel_list(world) -> str:
    return reverse("wagtailsnippets_initiatives_service:list")


ROLE_MATRIX = [
    ("agent_a", "sa fiche publiée", lambda w: edit_url(w.a_live), OK),
    ("agent_a", "son brouillon", lambda w: admin_url("view_draft", w.a_draft.pk), OK),
    ("agent_a", "sa collectivité", lambda w: edit_url(w.a), OK),
    ("agent_a", "la fiche de Rennes", lambda w: edit_url(w.b_live), DENIED),
    ("agent_a", "le brouillon de Rennes", lambda w: admin_url("view_draft", w.b_draft.pk), DENIED),
    ("agent_a", "supprimer sa fiche publiée", lambda w: admin_url("delete", w.a_live.pk), DENIED),
    ("agent_a", "le référentiel", referentiel_add, DENIED),
    ("agent_b", "sa fiche publiée", lambda w: edit_url(w.b_live), OK),
    ("agent_b", "la fiche de Saint-Malo", lambda w: edit_url(w.a_live), DENIED),
    ("moderator", "le brouillon de Rennes", lambda w: edit_url(w.b_draft), OK),
    ("moderator", "l'historique d'une fiche", lambda w: admin_url("history", w.a_live.pk), OK),
    ("moderator", "le référentiel", referentiel_add, DENIED),
    ("editor", "le référentiel", referentiel_list, OK),
    ("editor", "une fiche", lambda w: edit_url(w.a_live), DENIED),
    ("anonymous", "une fiche", lambda w: edit_url(w.a_live), LOGIN),
    ("anonymous", "le tableau de bord", lambda w: reverse("wagtailadmin_home"), LOGIN),
]


def outcome(status_code: int, location: str = "") -> str:
    if status_code == 200:
        return OK
    if status_code == 302 and "/login/" in location:
        return LOGIN
    if status_code in (302, 403):
        return DENIED
    return str(status_code)


@pytest.mark.parametrize(
    ("role", "target", "url", "expected"),
    ROLE_MATRIX,
    ids=[f"{r}: {t}" for r, t, *_ in ROLE_MATRIX],
)
def test_role_matrix(client, world, role, target, url, expected):
    if role != "anonymous":
        login(client, getattr(world, role))
    response = client.get(url(world))
    assert outcome(response.status_code, response.get("Location", "")) == expected


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = client.get(edit_url(world.a_live))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_chooser_shows_other_collectivities_live_titles_never_their_drafts(client, world):
    # Rennes' agent renames its published sheet and saves a draft only.
    sheet = world.b_live
    sheet.title = "Titre provisoire confidentiel"
    sheet.save_revision(user=world.agent_b)
    own = world.a_live
    own.title = "Nouveau titre malouin"
    own.save_revision(user=world.agent_a)

    login(client, world.agent_a)
    chosen = reverse("wagtailadmin_choose_page_chosen_multiple")
    urls = [
        reverse("wagtailadmin_choose_page_child", args=[world.b.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=rennais",
        reverse("wagtailadmin_choose_page_search") + "?q=services",
        f"{chosen}?id={sheet.pk}&id={world.b_draft.pk}",
    ]
    for url in urls:
        page = client.get(url).content.decode()
        assert "Titre provisoire confidentiel" not in page, url
        assert "Projet confidentiel rennais" not in page, url
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[world.b.pk]))
    assert "La carte des services rennais" in browse.content.decode()
    # Browsing into another collectivity's draft does not show it as the parent.
    assert (
        client.get(reverse("wagtailadmin_choose_page_child", args=[world.b_draft.pk])).status_code
        == 404
    )
    # Its own pages keep their draft titles: the agent is writing them.
    mine = client.get(reverse("wagtailadmin_choose_page_child", args=[world.a.pk]))
    assert "Nouveau titre malouin" in mine.content.decode()


def rennes_media(world):
    image = Image.objects.create(
        title="Photo rennaise", file=get_test_image_file(), collection=own_collection(world.b)
    )
    document = Document.objects.create(
        title="Bilan rennais",
        file=SimpleUploadedFile("bilan.pdf", b"%PDF-1.4 bilan"),
        collection=own_collection(world.b),
    )
    return image, document


def test_an_agent_cannot_attach_another_collectivity_image_or_document_by_id(client, world):
    image, document = rennes_media(world)
    own_image = Image.objects.create(
        title="Photo malouine", file=get_test_image_file(), collection=own_collection(world.a)
    )
    login(client, world.agent_a)
    attempts = {
        "images": sheet_form(
            world.a_live, images=inline_formset([{"image": image.pk, "caption": ""}])
        ),
        "documents": sheet_form(
            world.a_live, documents=inline_formset([{"document": document.pk}])
        ),
        "synthese": sheet_form(
            world.a_live,
            synthese=f'<p><a linktype="document" id="{document.pk}">le bilan</a></p>',
        ),
    }
    for field, data in attempts.items():
        response = client.post(edit_url(world.a_live), data)
        assert response.status_code == 200, field  # the form comes back
        page = response.content.decode().replace("&#x27;", "'")
        assert "appartient à une collection que vous ne pouvez pas utiliser" in page, field
    sheet = refreshed(world.a_live).get_latest_revision_as_object()
    assert not sheet.images.all() and not sheet.documents.all()
    assert f'id="{document.pk}"' not in sheet.synthese

    # Its own collection's image is accepted.
    data = sheet_form(world.a_live, images=inline_formset([{"image": own_image.pk}]))
    assert client.post(edit_url(world.a_live), data).status_code == 302
    latest = refreshed(world.a_live).get_latest_revision_as_object()
    assert [item.image_id for item in latest.images.all()] == [own_image.pk]

    # What a moderator placed on the sheet stays when its agent edits it.
    login(client, world.moderator)
    data = sheet_form(world.a_live, images=inline_formset([{"image": image.pk}]))
    assert client.post(edit_url(world.a_live), {**data, "action-publish": "1"}).status_code == 302
    placed = refreshed(world.a_live).images.get()

    login(client, world.agent_a)
    data = sheet_form(
        world.a_live,
        subtitle="Ouvert le samedi.",
        images=inline_formset([{"id": placed.pk, "image": image.pk}], initial=1),
    )
    assert client.post(edit_url(world.a_live), data).status_code == 302
    latest = refreshed(world.a_live).get_latest_revision_as_object()
    assert latest.subtitle == "Ouvert le samedi."
    assert [item.image_id for item in latest.images.all()] == [image.pk]
