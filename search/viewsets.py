"""The search's admin: the glossary, edited by editors in the référentiel menu."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryEntry


class GlossaryEntryViewSet(SnippetViewSet):
    model = GlossaryEntry
    icon = "openquote"
    menu_label = _("Glossaire")
    list_display = ["term", "equivalents"]
    search_backend_name = None  # a few hundred entries: the ORM is enough
    search_fields = ["term", "equivalents"]
    ordering = "term"
    copy_view_enabled = False
    inspect_view_enabled = False
