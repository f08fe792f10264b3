"""Sheets an agent started and left: the admin saves a draft by itself while one types
(Wagtail's autosave), so a sheet abandoned during its creation is still there. Starting a
new sheet tells the agent about it, with a link, rather than leaving two half-sheets."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.admin import messages
from wagtail.models import WorkflowState, get_default_page_content_type

from .models import ActionSheetPage


def unfinished_drafts(user, collectivity):
    """The user's never-published sheets of the collectivity not in review, newest first."""
    drafts = ActionSheetPage.objects.child_of(collectivity).filter(
        owner=user, live=False, first_published_at__isnull=True
    )
    in_review = WorkflowState.objects.active().filter(
        base_content_type=get_default_page_content_type()
    )
    return drafts.exclude(
        pk__in=[int(pk) for pk in in_review.values_list("object_id", flat=True)]
    ).order_by("-latest_revision_created_at", "-pk")


def mention_unfinished_drafts(request, parent_page, page_class):
    """``before_create_page`` hook: a note above the new sheet's form (never a block)."""
    if page_class is not ActionSheetPage or request.method != "GET":
        return None
    drafts = list(unfinished_drafts(request.user, parent_page)[:2])
    if not drafts:
        return None
    latest = drafts[0]
    count = unfinished_drafts(request.user, parent_page).count()
    text = ngettext(
        "Vous avez commencé la fiche « {title} » sans la terminer : reprenez-la plutôt que "
        "d'en créer une autre, ou continuez ci-dessous.",
        "Vous avez {count} fiches commencées et non terminées, la dernière étant « {title} » : "
        "reprenez-la plutôt que d'en créer une autre, ou continuez ci-dessous.",
        count,
    )
    messages.info(
        request,
        format_html(text, title=latest.get_admin_display_title(), count=count),
        buttons=[
            messages.button(
                reverse("wagtailadmin_pages:edit", args=[latest.pk]), _("Reprendre ce brouillon")
            )
        ],
    )
    return None
