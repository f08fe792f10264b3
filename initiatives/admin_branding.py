"""ATLAAS in the admin rather than Wagtail: the help menu leads to ATLAAS's own guide for
agents (Wagtail's editor guide and release notes speak of a CMS the agents never chose),
and the admin's own style sheet (logo, login note). Logo, titles and the login page are
the templates of templates/wagtailadmin/."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE_URL_NAME = "atlaas_agent_guide"
WAGTAIL_HELP_ITEMS = {"editor-guide"}


class AgentGuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "initiatives/admin/agent_guide.html"
    page_title = _("Guide de l'agent")
    header_icon = "help"


def guide_menu_item() -> MenuItem:
    return MenuItem(
        _("Guide de l'agent ATLAAS"),
        reverse(GUIDE_URL_NAME),
        name="atlaas-guide",
        icon_name="help",
        order=900,
    )


def keep_atlaas_help(request, menu_items):
    """``construct_help_menu``: Wagtail's guide and "what's new" leave the menu."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in WAGTAIL_HELP_ITEMS and not item.name.startswith("whats-new")
    ]


def editor_js() -> str:
    return format_html('<script src="{}" defer></script>', static("js/admin-a11y.js"))


def admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("css/atlaas-admin.css"))
