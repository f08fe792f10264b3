"""Wagtail hooks of the security app."""

from wagtail import hooks

from .document_access import refuse_unpublished_documents

hooks.register("before_serve_document", refuse_unpublished_documents)
