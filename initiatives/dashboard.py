"""The agent's panel on the admin home page: its collectivity's sheets, where each one
stands in the review, and what to do next."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail.admin.ui.components import Component
from wagtail.models import Revision, WorkflowState, get_default_page_content_type

from .admin_branding import GUIDE_URL_NAME
from .models import ActionSheetPage
from .sheet_checklist import checks_for_sheets, missing

SHEETS_SHOWN = 10


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    counted: str  # "3 brouillons"
    hint: str
    # Shown first: what waits for the agent, then what waits for Villes Internet.
    rank: int


NEEDS_CHANGES = Status(
    "needs_changes",
    _("Modifications demandées"),
    ngettext_lazy("%(count)s à corriger", "%(count)s à corriger", "count"),
    _("Corrigez la fiche d'après le commentaire, puis soumettez-la de nouveau."),
    0,
)
DRAFT = Status(
    "draft",
    _("Brouillon"),
    ngettext_lazy("%(count)s brouillon", "%(count)s brouillons", "count"),
    _("Complétez la fiche, puis « Soumettre à Relecture Villes Internet »."),
    1,
)
LIVE_WITH_DRAFT = Status(
    "live_draft",
    _("Publiée, modifications en brouillon"),
    ngettext_lazy(
        "%(count)s publiée avec des modifications en brouillon",
        "%(count)s publiées avec des modifications en brouillon",
        "count",
    ),
    _("Soumettez vos modifications à la relecture pour les publier."),
    2,
)
IN_REVIEW = Status(
    "in_review",
    _("En relecture"),
    ngettext_lazy("%(count)s en relecture", "%(count)s en relecture", "count"),
    _("Villes Internet relit la fiche ; vous serez prévenu par courriel."),
    3,
)
SCHEDULED = Status(
    "scheduled",
    _("Publication programmée"),
    ngettext_lazy("%(count)s programmée", "%(count)s programmées", "count"),
    _("Approuvée : elle paraîtra à la date prévue."),
    4,
)
PUBLISHED = Status(
    "published",
    _("Publiée"),
    ngettext_lazy("%(count)s publiée", "%(count)s publiées", "count"),
    _("En ligne. Pour l'édition suivante, copiez-la plutôt que de la réécrire."),
    5,
)
STATUSES = (NEEDS_CHANGES, DRAFT, LIVE_WITH_DRAFT, IN_REVIEW, SCHEDULED, PUBLISHED)


@dataclass
class SheetRow:
    sheet: ActionSheetPage
    status: Status
    comment: str = ""
    links: list = field(default_factory=list)
    # What would make it more useful to peers (initiatives.sheet_checklist), not yet done.
    to_complete: list = field(default_factory=list)

    @property
    def title_url(self) -> str:
        return self.links[0][1] if self.links else ""


def _status(sheet, workflow_state, scheduled: bool) -> Status:
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return NEEDS_CHANGES
        return IN_REVIEW
    if scheduled:
        return SCHEDULED
    if not sheet.live:
        return DRAFT
    return LIVE_WITH_DRAFT if sheet.has_unpublished_changes else PUBLISHED


def _links(sheet, status: Status) -> list[tuple[str, str]]:
    links = []
    if status is not IN_REVIEW:
        links.append((_("Modifier"), reverse("wagtailadmin_pages:edit", args=[sheet.pk])))
    if status is not PUBLISHED:
        links.append((_("Aperçu"), reverse("wagtailadmin_pages:view_draft", args=[sheet.pk])))
    if sheet.live:
        links.append((_("Voir en ligne"), sheet.url))
        links.append((_("Copier"), reverse("wagtailadmin_pages:copy", args=[sheet.pk])))
    return links


def sheet_rows(collectivity) -> list[SheetRow]:
    """Every sheet of the collectivity with its status, in three queries whatever their
    number: the sheets, their active workflow states, their scheduled revisions."""
    sheets = list(
        ActionSheetPage.objects.child_of(collectivity).order_by(
            "-latest_revision_created_at", "-pk"
        )
    )
    ids = [str(sheet.pk) for sheet in sheets]
    page_type = get_default_page_content_type()
    states = {
        state.object_id: state
        for state in WorkflowState.objects.active()
        .filter(base_content_type=page_type, object_id__in=ids)
        .select_related("current_task_state")
    }
    scheduled = set(
        Revision.page_revisions.filter(
            object_id__in=ids, approved_go_live_at__isnull=False
        ).values_list("object_id", flat=True)
    )
    rows = []
    for sheet in sheets:
        state = states.get(str(sheet.pk))
        status = _status(sheet, state, str(sheet.pk) in scheduled)
        comment = ""
        if status is NEEDS_CHANGES and state.current_task_state is not None:
            comment = state.current_task_state.comment
        rows.append(SheetRow(sheet, status, comment, _links(sheet, status)))
    rows.sort(key=lambda row: row.status.rank)
    return rows


def collectivity_summary(collectivity) -> dict:
    rows = sheet_rows(collectivity)
    shown = rows[:SHEETS_SHOWN]
    checklists = checks_for_sheets([row.sheet for row in shown])
    for row in shown:
        row.to_complete = missing(checklists.get(row.sheet.pk, []))
    counts = []
    for status in STATUSES:
        count = sum(1 for row in rows if row.status is status)
        if count:
            counts.append({"status": status, "text": status.counted % {"count": count}})
    return {
        "collectivity": collectivity,
        "rows": shown,
        "total": len(rows),
        "counts": counts,
        "add_url": reverse(
            "wagtailadmin_pages:add",
            args=["initiatives", "actionsheetpage", collectivity.pk],
        ),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[collectivity.pk]),
        "explore_url": reverse("wagtailadmin_explore", args=[collectivity.pk]),
    }


class AgentCollectivityPanel(Component):
    """First on the admin home page of an agent, one section per collectivity."""

    name = "atlaas_agent_collectivity"
    template_name = "initiatives/admin/agent_dashboard_panel.html"
    order = 50
    # A new account's welcome comes first, even above the label campaign's panel (order
    # 40): someone who has never written a sheet needs to know where to start before
    # being asked for a dossier.
    WELCOME_ORDER = 30

    class Media:
        css = {"all": ["css/agent-dashboard.css"]}

    def __init__(self, collectivities, user):
        self.summaries = [collectivity_summary(c) for c in collectivities]
        self.needs_name = not user.get_full_name().strip()
        # A new account (no sheet yet, or no name) is told what to do first.
        self.welcome = self.needs_name or not any(s["total"] for s in self.summaries)
        if self.welcome:
            self.order = self.WELCOME_ORDER

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "summaries": self.summaries,
            "request": request,
            "welcome": self.welcome,
            "needs_name": self.needs_name,
            "account_url": reverse("wagtailadmin_account"),
            "guide_url": reverse(GUIDE_URL_NAME),
        }
