"""Who may act on the label's pages, and who may see a palmarès before its ceremony.

The label section (Label → editions) answers only to the permissions granted within it:
editors hold theirs on the Label page. The moderators' permissions, granted on the home page
so that they cover every collectivity and sheet, stop at the label's door, and so does
their review workflow: moderators moderate sheets, nothing of the label.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import PagePermissionTester, WorkflowPage

LABEL_APP = "labels"


def _in_label_section(page) -> bool:
    return ContentType.objects.get_for_id(page.content_type_id).app_label == LABEL_APP


class LabelSectionPermissionTester(PagePermissionTester):
    """Wagtail's tester, counting only the permissions granted on a page of the label
    section (a moderator's grant on the home page gives nothing here)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if self.user.is_active and not self.user.is_superuser:
            self.permissions = {
                grant.permission.codename.rsplit("_", maxsplit=1)[0]
                for grant in self.permission_policy.get_cached_permissions_for_user(user)
                if self.page.path.startswith(grant.page.path) and _in_label_section(grant.page)
            }


class LabelSectionPageMixin:
    """Label pages: permissions and workflows come from the label section only."""

    def permissions_for_user(self, user):
        return LabelSectionPermissionTester(user, self)

    def _label_workflow_page(self):
        label_pages = self.get_ancestors(inclusive=True).filter(content_type__app_label=LABEL_APP)
        return (
            WorkflowPage.objects.filter(page__in=label_pages, workflow__active=True)
            .select_related("workflow")
            .order_by("-page__depth")
            .first()
        )

    @property
    def has_workflow(self):
        return super().has_workflow and self._label_workflow_page() is not None

    def get_workflow(self):
        if super().get_workflow() is None:  # workflows turned off, or none assigned
            return None
        assigned = self._label_workflow_page()
        return assigned.workflow if assigned else None


def may_see_embargoed_palmares(user, edition) -> bool:
    """The one rule for who sees an edition's palmarès (awards, mentions, jury comments)
    before its ceremony: those who may edit the edition (editors, administrators), and
    that edition's jury."""
    from labels.jury.roles import is_juror  # the jury's roles import the models

    if user is None or not user.is_authenticated or not user.is_active or edition.pk is None:
        return False
    return edition.permissions_for_user(user).can_edit() or is_juror(user, edition)
