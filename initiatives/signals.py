"""Signals the domain sends for changes made without Django's per-object signals."""

from django.dispatch import Signal

# Sent after pages were written in bulk (seed, import), with ``model`` and ``pks``.
pages_bulk_changed = Signal()
