"""The campaign on an agent's admin home page: a link to each collectivity's dossier while
applications are open (or while a dossier sent back as incomplete may be completed), and
the older sheets whose status to confirm."""

from django.urls import reverse

from wagtail.admin.ui.components import Component

from initiatives.models import ActionStatus

from .campaign import agent_may_edit
from .models import Participation
from .sheet_status import SHOWN, URL_NAME, open_editions, sheets_to_confirm


def editions_with_work(collectivities):
    """Open editions, and editions where one of these dossiers may still be completed."""
    editions = {edition.pk: edition for edition in open_editions()}
    incomplete = Participation.objects.filter(
        collectivity__in=collectivities, status="incomplete"
    ).select_related("edition")
    for participation in incomplete:
        if participation.edition.live and agent_may_edit(participation):
            editions.setdefault(participation.edition_id, participation.edition)
    return sorted(editions.values(), key=lambda edition: -edition.year)


def campaign_summaries(collectivities) -> list[dict]:
    summaries = []
    for edition in editions_with_work(collectivities):
        dossiers = {
            p.collectivity_id: p
            for p in Participation.objects.filter(edition=edition, collectivity__in=collectivities)
        }
        rows = []
        for collectivity in collectivities:
            to_confirm = (
                list(sheets_to_confirm(collectivity, edition)) if edition.campaign.is_open else []
            )
            rows.append(
                {
                    "collectivity": collectivity,
                    "dossier": dossiers.get(collectivity.pk),
                    "url": reverse("labels_dossier_of", args=[edition.year, collectivity.code]),
                    "to_confirm": to_confirm[:SHOWN],
                    "to_confirm_total": len(to_confirm),
                }
            )
        summaries.append({"edition": edition, "rows": rows})
    return summaries


class CampaignPanel(Component):
    name = "atlaas_label_campaign"
    template_name = "labels/admin/campaign_panel.html"
    order = 40  # above the sheets' panel: the campaign has a deadline

    class Media:
        css = {"all": ["css/dossier.css"]}

    def __init__(self, collectivities):
        self.collectivities = list(collectivities)

    def get_context_data(self, parent_context):
        return {
            "summaries": campaign_summaries(self.collectivities),
            "status_choices": ActionStatus.choices,
            "confirm_url_name": URL_NAME,
            "request": parent_context["request"],
        }
