"""Documents are checked by their content, not only by their name: a program renamed
"bilan.pdf" is refused at upload (WAGTAILDOCS_DOCUMENT_FORM_BASE).

The first bytes say what a file claims to be; its structure, read by the library that reads
that format (pypdf for PDF, zipfile and the packaging rules of Office Open XML and
OpenDocument), says whether it is one. A file that only starts like a PDF and goes on as a
program is refused, and so is an archive named ".docx" that is not a Word document."""

import codecs
import logging
import os
import zipfile

from pypdf import PdfReader

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

logger = logging.getLogger(__name__)

HEAD_BYTES = 2048

# Windows (PE), Linux (ELF), macOS (Mach-O, universal and Java class), scripts (#!).
EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# Names that a document's archive has no reason to hold.
EXECUTABLE_NAMES = (
    ".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js",
    ".jse", ".wsf", ".hta", ".jar", ".sh", ".app", ".elf", ".so", ".dylib", ".lnk",
)  # fmt: skip
ZIP = b"PK\x03\x04"
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# More members than any real document has: not worth reading.
MAX_ARCHIVE_MEMBERS = 5000

# The main part of each Office Open XML kind, as [Content_Types].xml declares it (the
# macro-enabled kinds, .docm and the like, declare another one and are refused).
OOXML_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# The "mimetype" member that OpenDocument puts first in the archive.
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}


def leading_content(head: bytes) -> bytes:
    """The head without byte-order marks and white space, which a program loader or a shell
    may skip: " #!/bin/sh" and a BOM before "#!" are still scripts."""
    stripped = None
    while stripped != head:
        stripped = head
        for bom in BOMS:
            head = head.removeprefix(bom)
        head = head.lstrip(b" \t\r\n\x0b\x0c\x00")
    return head


def is_executable(head: bytes) -> bool:
    return head.startswith(EXECUTABLE_SIGNATURES) or leading_content(head).startswith(
        EXECUTABLE_SIGNATURES
    )


def is_pdf(uploaded: UploadedFile, head: bytes) -> bool:
    # A PDF starts with its header: a space or anything else before it is refused, even
    # though some readers would look further.
    if not head.startswith(b"%PDF-"):
        return False
    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded, strict=False)
        reader.trailer["/Root"]  # noqa: B018  (the document catalog must be there)
        len(reader.pages)
    # pypdf reads untrusted bytes: whatever it raises means "not a PDF it can read".
    except Exception as error:  # noqa: BLE001
        logger.info("Uploaded PDF refused: %s", error)
        return False
    finally:
        uploaded.seek(0)
    return True


def is_text(uploaded: UploadedFile, head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in head


def _archive_holds_a_program(archive: zipfile.ZipFile) -> bool:
    for member in archive.infolist():
        if member.filename.lower().endswith(EXECUTABLE_NAMES):
            return True
        if member.is_dir() or member.file_size == 0:
            continue
        with archive.open(member) as content:
            if is_executable(content.read(64)):
                return True
    return False


def _has_structure(archive: zipfile.ZipFile, extension: str) -> bool:
    names = set(archive.namelist())
    if extension in OOXML_MAIN_TYPES:
        if not {"[Content_Types].xml", "_rels/.rels"} <= names:
            return False
        with archive.open("[Content_Types].xml") as content_types:
            return OOXML_MAIN_TYPES[extension] in content_types.read(1_000_000).decode(
                "utf-8", "replace"
            )
    members = archive.infolist()
    if not members or members[0].filename != "mimetype" or "META-INF/manifest.xml" not in names:
        return False
    return archive.read("mimetype").strip() == ODF_MIMETYPES[extension]


def office_document_check(extension: str):
    def is_office_document(uploaded: UploadedFile, head: bytes) -> bool:
        if not head.startswith(ZIP):
            return False
        uploaded.seek(0)
        try:
            with zipfile.ZipFile(uploaded) as archive:
                if len(archive.infolist()) > MAX_ARCHIVE_MEMBERS:
                    return False
                return _has_structure(archive, extension) and not _archive_holds_a_program(archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
            return False
        finally:
            uploaded.seek(0)

    return is_office_document


# What the content of each extension is; WAGTAILDOCS_EXTENSIONS says which are accepted.
CONTENT_CHECKS = {
    "pdf": is_pdf,
    "csv": is_text,
    "txt": is_text,
    **{extension: office_document_check(extension) for extension in OOXML_MAIN_TYPES},
    **{extension: office_document_check(extension) for extension in ODF_MIMETYPES},
}


def read_head(uploaded: UploadedFile) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    return head


class SniffedDocumentForm(BaseDocumentForm):
    error_messages = {
        "executable": _(
            "Ce fichier est un programme ou un script, pas un document : il a été refusé."
        ),
        "mismatch": _(
            "Le contenu de ce fichier ne correspond pas à son extension « .%(extension)s » : "
            "il a été refusé. Enregistrez-le à nouveau au bon format depuis le logiciel qui "
            "l'a créé."
        ),
    }

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # Only a new upload is read; an unchanged file was checked when it was sent.
        if not isinstance(uploaded, UploadedFile):
            return uploaded
        head = read_head(uploaded)
        if is_executable(head):
            raise forms.ValidationError(self.error_messages["executable"], code="executable")
        extension = os.path.splitext(uploaded.name)[1].lstrip(".").lower()
        check = CONTENT_CHECKS.get(extension)
        if check is not None and not check(uploaded, head):
            raise forms.ValidationError(
                self.error_messages["mismatch"],
                code="mismatch",
                params={"extension": extension},
            )
        return uploaded
