"""Documents by address (/documents/<id>/<file>): the public gets a document only when a
published page it may see uses it, or when editors put it in "Documents publics"; its
collectivity's agents, moderators and editors always get it."""

import pytest

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection

from initiatives import roles
from initiatives.models import SheetDocument

from .opendata_helpers import add_media, publish, restrict
from .role_helpers import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    # Wagtail serves documents from disk: the suite's in-memory storage has no files there.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return build_world()


def document(title, collection):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 bilan", name="bilan.pdf"),
        collection=collection,
    )


def saint_malo_document(world, title):
    return document(title, Collection.objects.get(name="Saint-Malo (35288)"))


def status(client, user, doc) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(doc.url).status_code


def test_unpublished_documents_are_refused_to_the_public(client, world):
    orphan = saint_malo_document(world, "Orphelin")
    draft_only = saint_malo_document(world, "Brouillon seulement")
    world.a_draft.documents = [SheetDocument(document=draft_only)]
    world.a_draft.save()
    private = saint_malo_document(world, "Fiche privée")
    add_media(world.a_live, document=private)
    restrict(world.a_live)
    pending = saint_malo_document(world, "Ajouté dans un brouillon")
    sheet = world.b_live
    sheet.documents = [SheetDocument(document=pending)]
    sheet.save_revision()  # a draft of a published sheet: not yet public

    for doc in (orphan, draft_only, private, pending):
        assert status(client, None, doc) == 404, doc.title
        assert status(client, world.agent_b, doc) == 404, doc.title
        for user in (world.agent_a, world.moderator, world.editor):
            assert status(client, user, doc) == 200, (doc.title, user)


def test_documents_used_by_a_published_public_page_are_public(client, world):
    attached = saint_malo_document(world, "Bilan attaché")
    add_media(world.a_live, document=attached)
    linked = saint_malo_document(world, "Bilan cité")
    sheet = world.b_live
    sheet.synthese = f'<p>Voir <a linktype="document" id="{linked.pk}">le bilan</a>.</p>'
    publish(sheet)
    shared = document("Règlement du label", roles.public_documents_collection())

    for doc in (attached, linked, shared):
        assert status(client, None, doc) == 200, doc.title
        assert status(client, world.agent_b, doc) == 200, doc.title

    # Unpublishing the sheet takes its document back from the public.
    world.a_live.unpublish()
    assert status(client, None, attached) == 404
    assert status(client, world.agent_a, attached) == 200
