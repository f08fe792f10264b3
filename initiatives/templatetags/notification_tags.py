"""What the moderation e-mails (templates/wagtailadmin/notifications/) need and Wagtail's
context lacks: the site's configured address for every link, the person's name, and the
moderator's comment on an approval.

Every link is built from ``settings.WAGTAILADMIN_BASE_URL``, never from the Wagtail Site
record (``page.full_url`` gave ``http://localhost/…``) nor from a request.
"""

from django import template
from django.conf import settings
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState

register = template.Library()


def site_address() -> str:
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


@register.simple_tag
def site_url(path: str) -> str:
    """``/admin/pages/3/edit/`` → ``https://atlaas.example.org/admin/pages/3/edit/``."""
    return site_address() + path


@register.simple_tag
def admin_edit_link(page) -> str:
    return site_address() + reverse("wagtailadmin_pages:edit", args=[page.pk])


@register.simple_tag
def public_link(page) -> str:
    """The page's public address at the configured site address."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    return site_address() + parts[2]


@register.filter
def person_name(user) -> str:
    """« Marie Dupont », or « » when the account has no name (the greeting then says
    « Bonjour, » alone rather than an e-mail address)."""
    if user is None:
        return ""
    return user.get_full_name().strip()


@register.simple_tag
def approval_comment(obj) -> str:
    """The comment the moderator left when approving the object's latest workflow."""
    state = (
        WorkflowState.objects.for_instance(obj)
        .filter(status=WorkflowState.STATUS_APPROVED)
        .order_by("-created_at", "-pk")
        .first()
    )
    if state is None:
        return ""
    task_state = (
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return (task_state.comment or "").strip() if task_state else ""
