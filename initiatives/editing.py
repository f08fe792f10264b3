"""What the page forms show to whom: agents see only what they write.

Wagtail's *Promotion* tab (slug, « Faire apparaître dans les menus », SEO title) and
*Paramètres* tab (import id, comment notifications) are plumbing for
Villes Internet's moderators and editors. Their fields carry a permission that only those
groups (and administrators) hold: for an agent the fields are not even in the form, so a
save can neither show nor change them (``FieldPanel(permission=…)``, django-permissionedforms).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    CommentPanel,
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    PublishingPanel,
)

# Declared on ActionSheetPage's Meta; given to moderators and editors by ``roles``.
PLUMBING_CODENAME = "edit_page_plumbing"
PLUMBING_PERMISSION = f"initiatives.{PLUMBING_CODENAME}"


def promotion_tab() -> ObjectList:
    return ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("slug", permission=PLUMBING_PERMISSION),
                    FieldPanel("seo_title", permission=PLUMBING_PERMISSION),
                    FieldPanel("search_description", permission=PLUMBING_PERMISSION),
                ],
                heading=_("Pour les moteurs de recherche"),
            ),
            FieldPanel("show_in_menus", permission=PLUMBING_PERMISSION),
        ],
        heading=_("Promotion"),
        permission=PLUMBING_PERMISSION,
    )


def with_publishing(panels: list) -> list:
    """``panels`` and Wagtail's scheduled publishing, for everyone: it renders as the dialog
    the status side panel opens (an agent may ask for a publication date when submitting),
    nothing in the tab itself."""
    return [*panels, PublishingPanel()]


def settings_tab(*panels) -> ObjectList:
    """``panels`` first, then the comment notifications."""
    children = list(panels)
    if getattr(settings, "WAGTAILADMIN_COMMENTS_ENABLED", True):
        children.append(CommentPanel())
    return ObjectList(children, heading=_("Paramètres"), permission=PLUMBING_PERMISSION)


class LabelledInlinePanel(InlinePanel):
    """An inline panel whose add button says « Ajouter une image » rather than Wagtail's
    « Ajouter un(e) image »: French needs the article of each word."""

    def __init__(self, *args, add_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "initiatives/admin/labelled_inline_panel.html"


class SheetChecklistPanel(Panel):
    """What would make the sheet more useful to peers, computed from the sheet as last
    saved (``initiatives.sheet_checklist``); a guide, never a rule."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "initiatives/admin/sheet_checklist_panel.html"

        def get_context_data(self, parent_context=None):
            from initiatives.sheet_checklist import checks_for_page

            context = super().get_context_data(parent_context)
            context["checks"] = checks_for_page(self.instance)
            context["done"] = sum(item.done for item in context["checks"])
            return context
