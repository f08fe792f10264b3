"""The jury's way in: a "Jury" menu item and a dashboard panel, for jurors and editors."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .deliberation import jury_is_open
from .roles import is_label_editor, juror_editions


class JuryMenuItem(MenuItem):
    def is_shown(self, request):
        return is_label_editor(request.user) or juror_editions(request.user).exists()


def jury_menu_item() -> JuryMenuItem:
    return JuryMenuItem(
        _("Jury du label"), reverse("labels_jury:index"), icon_name="trophy", order=225
    )


class JurorPanel(Component):
    """On a juror's dashboard: their editions, with the way to the dossiers once open."""

    name = "jury"
    order = 40
    template_name = "labels/jury/dashboard_panel.html"

    def __init__(self, editions):
        self.editions = editions

    def get_context_data(self, parent_context):
        return {
            "editions": [
                {"edition": edition, "open": jury_is_open(edition)} for edition in self.editions
            ]
        }
