"""Wagtail's other name for update_index."""

from .update_index import Command  # noqa: F401
