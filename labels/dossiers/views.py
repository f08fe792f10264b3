"""The agents' dossier pages in the admin: /admin/label/<year>/dossier/ (choose a
collectivity when an agent has several) and /admin/label/<year>/dossier/<code>/.

Only the collectivity's agents reach a dossier here; editors read every dossier in the
"Dossiers et distinctions" listing; moderators and other agents get a 403.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from initiatives import geography, roles
from labels.campaign import CampaignState, agent_may_edit, campaign_state
from labels.models import LabelEditionPage, Participation

from .deposit import deposit, missing_for_deposit
from .eligibility import candidate_sheets
from .forms import DossierForm
from .mosaic import build_mosaic, services_by_sheet

INDEX_URL_NAME = "labels_dossier"
DOSSIER_URL_NAME = "labels_dossier_of"


def _edition(year) -> LabelEditionPage:
    edition = LabelEditionPage.objects.live().filter(year=year).first()
    if edition is None:
        raise Http404
    return edition


class DossierChoiceView(WagtailAdminTemplateMixin, TemplateView):
    """An agent of one collectivity goes straight to its dossier; of several, chooses."""

    template_name = "labels/admin/dossier_choice.html"
    header_icon = "doc-full"

    def dispatch(self, request, year):
        self.edition = _edition(year)
        self.collectivities = list(roles.agent_collectivities(request.user))
        if not self.collectivities:
            raise PermissionDenied
        if len(self.collectivities) == 1:
            return redirect(DOSSIER_URL_NAME, year, self.collectivities[0].code)
        return super().dispatch(request, year)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get_page_title(self):
        return _("Dossier de candidature — %(edition)s") % {"edition": self.edition.title}

    def get_context_data(self, **kwargs):
        dossiers = {
            p.collectivity_id: p
            for p in Participation.objects.filter(
                edition=self.edition, collectivity__in=self.collectivities
            )
        }
        rows = [
            {
                "collectivity": c,
                "dossier": dossiers.get(c.pk),
                "url": reverse(DOSSIER_URL_NAME, args=[self.edition.year, c.code]),
            }
            for c in self.collectivities
        ]
        return super().get_context_data(edition=self.edition, rows=rows, **kwargs)


class DossierView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "labels/admin/dossier.html"
    header_icon = "doc-full"

    def dispatch(self, request, year, code):
        self.edition = _edition(year)
        collectivity = roles.agent_collectivities(request.user).filter(code=code).first()
        if collectivity is None:
            # Another collectivity's dossier, or no agent at all: the same answer.
            raise PermissionDenied
        self.collectivity = collectivity
        self.participation = (
            Participation.objects.filter(edition=self.edition, collectivity=collectivity)
            .select_related("rules_accepted_by")
            .first()
        )
        return super().dispatch(request, year, code)

    @property
    def editable(self) -> bool:
        if self.participation is None:
            return campaign_state(self.edition) == CampaignState.OPEN
        return agent_may_edit(self.participation)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get_page_title(self):
        return _("Dossier de %(collectivity)s — %(edition)s") % {
            "collectivity": self.collectivity.title,
            "edition": self.edition.title,
        }

    def form(self, data=None):
        return DossierForm(
            data,
            instance=self.participation or Participation(edition=self.edition),
            collectivity=self.collectivity,
            edition=self.edition,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        if not self.editable:
            messages.error(request, self.closed_message())
            return redirect(DOSSIER_URL_NAME, self.edition.year, self.collectivity.code)
        form = self.form(request.POST)
        wants_deposit = request.POST.get("action") == "deposit"
        if not form.is_valid():
            messages.error(request, _("Le dossier n'a pas été enregistré : corrigez les erreurs."))
            return self.render_to_response(self.get_context_data(form=form), status=200)
        participation = form.save(commit=False)
        participation.collectivity = self.collectivity
        if form.cleaned_data["accept_rules"] and participation.rules_accepted_at is None:
            participation.rules_accepted_at = timezone.now()
            participation.rules_accepted_by = request.user
        sheets = form.cleaned_data["sheets"]
        if wants_deposit:
            problems = missing_for_deposit(participation, sheets)
            if problems:
                for problem in problems:
                    form.add_error(None, problem)
                messages.error(
                    request,
                    _("Le dossier n'a pas été déposé : il est incomplet. Rien n'a été modifié."),
                )
                return self.render_to_response(self.get_context_data(form=form))
        with transaction.atomic():
            participation.save()
            participation.sheets = sheets  # after the first save: no automatic choice
            participation.save()
            if wants_deposit:
                try:
                    record = deposit(participation, sheets, request.user)
                except ValidationError as error:  # raced with the closing: nothing kept
                    transaction.set_rollback(True)
                    messages.error(request, " ".join(error.messages))
                    return redirect(DOSSIER_URL_NAME, self.edition.year, self.collectivity.code)
        if wants_deposit:
            messages.success(
                request,
                _(
                    "Dossier n° %(number)s déposé le %(date)s. Un accusé de réception a été "
                    "envoyé aux agents de %(collectivity)s."
                )
                % {
                    "number": participation.number,
                    "date": date_format(timezone.localtime(record.deposited_at), "j F Y à H:i"),
                    "collectivity": self.collectivity.title,
                },
            )
        else:
            messages.success(request, _("Brouillon du dossier enregistré."))
        return redirect(DOSSIER_URL_NAME, self.edition.year, self.collectivity.code)

    def closed_message(self) -> str:
        state = campaign_state(self.edition)
        if state == CampaignState.UPCOMING:
            return _("Les candidatures ouvriront le %(date)s.") % {
                "date": date_format(self.edition.applications_open, "j F Y")
            }
        return _(
            "Les candidatures sont closes depuis le %(date)s : le dossier ne peut plus être "
            "modifié ni déposé."
        ) % {"date": date_format(self.edition.applications_close, "j F Y")}

    def get_context_data(self, form, **kwargs):
        candidates = candidate_sheets(self.collectivity, self.edition)
        services_of = services_by_sheet(item.sheet.pk for item in candidates)
        chosen = form.chosen_ids()
        saved_sheets = list(self.participation.sheets.all()) if self.participation else []
        mosaic_ids = chosen if self.editable else {sheet.pk for sheet in saved_sheets}
        return super().get_context_data(
            edition=self.edition,
            campaign=self.edition.campaign,
            collectivity=self.collectivity,
            participation=self.participation,
            deposits=list(self.participation.deposits.select_related("deposited_by"))
            if self.participation
            else [],
            editable=self.editable,
            closed_message=None if self.editable else self.closed_message(),
            form=form,
            candidates=[
                {
                    "item": item,
                    "checked": item.sheet.pk in chosen,
                    "services": " ".join(str(s) for s, _e in services_of.get(item.sheet.pk, [])),
                    "enjeux": " ".join(
                        sorted({str(e) for _s, e in services_of.get(item.sheet.pk, [])})
                    ),
                }
                for item in candidates
            ],
            saved_sheets=saved_sheets,
            mosaic=build_mosaic(mosaic_ids, services_of),
            members=member_communes(self.collectivity),
            **kwargs,
        )


def member_communes(collectivity) -> list:
    """An intercommunalité's member communes, from the geography (name, code, population)."""
    communes = geography.communes()
    return [communes[code] for code in collectivity.member_codes if code in communes]
