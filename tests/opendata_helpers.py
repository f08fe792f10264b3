"""Builders shared by the open data tests: media files, contacts, restrictions."""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from initiatives.models import SheetContact, SheetDocument, SheetImage

HIDDEN_EMAIL = "cachee.agent@mairie-exemple.fr"
SHOWN_EMAIL = "accueil.numerique@mairie-exemple.fr"


def make_image(title="Atelier numérique"):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def make_document(title="Bilan de l'action"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 bilan", name="bilan.pdf")
    )


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_contacts(sheet, *contacts):
    """contacts: (name, email, show_email) tuples; republishes the sheet."""
    sheet.contacts = [
        SheetContact(name=name, role="Chargée de mission", email=email, show_email=shown)
        for name, email, shown in contacts
    ]
    return publish(sheet)


def add_media(sheet, image=None, document=None):
    if image is not None:
        sheet.images = [SheetImage(image=image, caption="Les ateliers du mardi")]
    if document is not None:
        sheet.documents = [SheetDocument(document=document)]
    return publish(sheet)


def restrict(page, restriction_type=PageViewRestriction.LOGIN):
    return PageViewRestriction.objects.create(page=page, restriction_type=restriction_type)


def make_collection(title, sheets, slug=None, **fields):
    """A published thematic collection whose hand-picked sheets are ``sheets``."""
    from initiatives.models import (
        ThematicCollectionIndexPage,
        ThematicCollectionPage,
        ThematicCollectionSheet,
    )

    from .factories import home_page

    index = ThematicCollectionIndexPage.objects.first()
    if index is None:
        index = ThematicCollectionIndexPage(title="Collections", slug="collections")
        home_page().add_child(instance=index)
        publish(index)
    collection = ThematicCollectionPage(title=title, slug=slug or "", **fields)
    collection.sheet_items = [
        ThematicCollectionSheet(sheet=sheet, note=f"Note sur {sheet.title}") for sheet in sheets
    ]
    index.add_child(instance=collection)
    return publish(collection)
