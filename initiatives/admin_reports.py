"""Wagtail's site-history and workflow reports, as an agent may see them.

An agent's user name is its e-mail address, and Wagtail's reports list every user who left
an event the viewer may see (the home page's, every image and document of every
collectivity): an agent would read the addresses of other towns' agents. Here an agent sees
only the events of its own collectivities' pages and media, filters on itself only, and
every other user is shown by name, never by address. Moderators, editors and administrators
see the reports as Wagtail makes them. The views are served at Wagtail's own addresses
(``atlaas/urls.py``).
"""

from functools import reduce
from operator import or_

import django_filters

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Q, Value
from django.utils.translation import gettext as _

from wagtail.admin.views.reports import audit_logging, workflows
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Collection, ModelLogEntry, PageLogEntry

from . import roles

STAFF_GROUPS = (roles.MODERATORS, roles.EDITORS)


def sees_only_own_collectivities(user) -> bool:
    """Agents (anyone with admin access but neither administrator, moderator nor editor)."""
    if user.is_superuser:
        return False
    if not hasattr(user, "_atlaas_staff_member"):
        user._atlaas_staff_member = user.groups.filter(name__in=STAFF_GROUPS).exists()
    return not user._atlaas_staff_member


def _own_pages(user) -> Q:
    paths = roles.agent_collectivities(user).values_list("path", flat=True)
    conditions = [Q(page__path__startswith=path) for path in paths]
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def _own_media(user) -> Q:
    collections = Collection.objects.filter(group_permissions__group__user=user).distinct()
    conditions = []
    for model in (get_image_model(), get_document_model()):
        ids = model.objects.filter(collection__in=collections).values_list("pk", flat=True)
        conditions.append(
            Q(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(pk) for pk in ids],
            )
        )
    return reduce(or_, conditions)


def visible_log_entries(log_model, user):
    entries = log_model.objects.viewable_by_user(user)
    if not sees_only_own_collectivities(user):
        return entries
    if issubclass(log_model, PageLogEntry):
        return entries.filter(_own_pages(user))
    if issubclass(log_model, ModelLogEntry):
        return entries.filter(_own_media(user))
    return entries.none()


def without_addresses(users, viewer) -> dict:
    """{user id: the user as the viewer may see it}: the same user for staff viewers and for
    the viewer itself; otherwise an unsaved copy bearing a name, never an address."""
    users = {user.pk: user for user in users if user is not None}
    if not sees_only_own_collectivities(viewer):
        return users
    staff = set(
        get_user_model()
        .objects.filter(pk__in=users, groups__name__in=STAFF_GROUPS)
        .values_list("pk", flat=True)
    )
    shown = {}
    for pk, user in users.items():
        if pk == viewer.pk:
            shown[pk] = user
            continue
        name = user.get_full_name().strip()
        if "@" in name or not name:
            if user.is_superuser or pk in staff:
                name = _("Villes Internet")
            else:
                name = _("Agent n° %(number)s") % {"number": pk}
        shown[pk] = get_user_model()(pk=pk, username=name, email="")
    return shown


def _only_the_viewer(users, viewer):
    if sees_only_own_collectivities(viewer):
        return users.filter(pk=viewer.pk)
    return users


class SiteHistoryFilterSet(audit_logging.SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        return _only_the_viewer(super().get_users_queryset(), self.request.user)


class SiteHistoryView(audit_logging.LogEntriesView):
    filterset_class = SiteHistoryFilterSet

    def get_filtered_queryset(self):
        if not sees_only_own_collectivities(self.request.user):
            return super().get_filtered_queryset()
        # Wagtail's union of every log model, built from the entries an agent may see.
        self.log_models = list(log_action_registry.get_log_entry_models())
        combined = None
        for index, log_model in enumerate(self.log_models):
            entries = (
                visible_log_entries(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            entries = self.filter_queryset(entries).order_by()
            combined = entries if combined is None else combined.union(entries, all=True)
        return combined.order_by("-timestamp")

    def decorate_paginated_queryset(self, queryset):
        entries = super().decorate_paginated_queryset(queryset)
        shown = without_addresses([entry.user for entry in entries], self.request.user)
        for entry in entries:
            if entry.user_id in shown and shown[entry.user_id] is not entry.user:
                entry.user = shown[entry.user_id]
                entry.__dict__.pop("user_display_name", None)
        return entries


def _requested_by_choices(request):
    return _only_the_viewer(workflows.get_requested_by_queryset(request), request.user)


class WorkflowFilterSet(workflows.WorkflowReportFilterSet):
    requested_by = django_filters.ModelChoiceFilter(
        field_name="requested_by", queryset=_requested_by_choices
    )


class WorkflowView(workflows.WorkflowView):
    filterset_class = WorkflowFilterSet

    def decorate_paginated_queryset(self, object_list):
        states = super().decorate_paginated_queryset(object_list)
        shown = without_addresses([state.requested_by for state in states], self.request.user)
        for state in states:
            if state.requested_by_id in shown:
                state.requested_by = shown[state.requested_by_id]
        return states


class WorkflowTasksView(workflows.WorkflowTasksView):
    def decorate_paginated_queryset(self, object_list):
        task_states = super().decorate_paginated_queryset(object_list)
        states = [task_state.workflow_state for task_state in task_states]
        shown = without_addresses([state.requested_by for state in states], self.request.user)
        for state in states:
            if state.requested_by_id in shown:
                state.requested_by = shown[state.requested_by_id]
        return task_states
