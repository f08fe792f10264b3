"""Documents are checked by their content, not only by their name: a program renamed
"bilan.pdf" is refused at upload (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

import os

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

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
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _is_pdf(head: bytes) -> bool:
    # Readers accept the header anywhere in the first kilobyte.
    return b"%PDF-" in head[:1024]


def _is_text(head: bytes) -> bool:
    return head.startswith(UTF16_BOMS) or b"\x00" not in head


def _starts_with(signature: bytes):
    return lambda head: head.startswith(signature)


# What the content of each extension looks like; WAGTAILDOCS_EXTENSIONS says which are
# accepted. Office Open XML and OpenDocument files are zip archives, older Office ones OLE.
CONTENT_CHECKS = {
    "pdf": _is_pdf,
    "csv": _is_text,
    "txt": _is_text,
    **dict.fromkeys(("docx", "xlsx", "pptx", "odt", "ods", "odp"), _starts_with(ZIP)),
    **dict.fromkeys(("doc", "xls", "ppt"), _starts_with(OLE)),
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
        if head.startswith(EXECUTABLE_SIGNATURES):
            raise forms.ValidationError(self.error_messages["executable"], code="executable")
        extension = os.path.splitext(uploaded.name)[1].lstrip(".").lower()
        check = CONTENT_CHECKS.get(extension)
        if check is not None and not check(head):
            raise forms.ValidationError(
                self.error_messages["mismatch"],
                code="mismatch",
                params={"extension": extension},
            )
        return uploaded
