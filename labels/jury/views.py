"""The juror's pages: the dossiers of their edition, and each dossier to study and propose."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from initiatives import geography
from initiatives.listings import published_sheets
from initiatives.models import Enjeu, Service

from ..models import Award, JuryProposal, LabelEditionPage, Participation
from .access import EditionMixin
from .deliberation import (
    dossier_by_code,
    excellence_counts,
    is_closed,
    juror_progress,
    proposals_for,
    record_decision,
    submitted_dossiers,
)
from .forms import DecisionForm, ProposalForm
from .roles import is_label_editor, juror_editions

# The decision form shares the page with the president's own proposal: its own field ids.
DECISION_PREFIX = "decision"


class JuryIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The editions whose jury the visitor may open: their seats, or all for editors."""

    template_name = "labels/jury/index.html"
    header_icon = "trophy"

    def dispatch(self, request, *args, **kwargs):
        self.editor = is_label_editor(request.user)
        self.editions = list(
            LabelEditionPage.objects.order_by("-year")
            if self.editor
            else juror_editions(request.user)
        )
        if not self.editor and not self.editions:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Jury du label")

    def get_context_data(self, **kwargs):
        return super().get_context_data(editions=self.editions, is_editor=self.editor, **kwargs)


class DossierListView(EditionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "labels/jury/dossier_list.html"

    def check_access(self, request):
        return self.jury_door(request)

    def get_page_title(self):
        return _("Jury — %(title)s") % {"title": self.edition.title}

    def get_breadcrumbs_items(self):
        return [*self.edition_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        dossiers = list(
            submitted_dossiers(self.edition)
            .select_related("collectivity")
            .annotate(sheet_count=Count("sheets", distinct=True))
            .order_by("collectivity__title")
        )
        own = juror_progress(self.seat) if self.seat else {}
        rows = [
            {
                "dossier": dossier,
                "collectivity": dossier.collectivity,
                "departement": geography.departement_name(dossier.collectivity.departement),
                "proposal": own.get(dossier.pk),
            }
            for dossier in dossiers
        ]
        return super().get_context_data(
            rows=rows, done=sum(1 for row in rows if row["proposal"]), **kwargs
        )


class DossierView(EditionMixin, WagtailAdminTemplateMixin, TemplateView):
    """One dossier: the collectivity, its presentation, the mosaic, the sheets; the juror's
    proposal; once it is recorded, the other jurors' proposals; the president's decision."""

    template_name = "labels/jury/dossier.html"

    def check_access(self, request):
        return self.jury_door(request)

    def dispatch(self, request, *args, code, **kwargs):
        self.code = code
        return super().dispatch(request, *args, **kwargs)

    def setup_dossier(self):
        self.dossier = dossier_by_code(self.edition, self.code)
        if self.dossier is None:
            raise Http404
        self.own = (
            JuryProposal.objects.filter(juror=self.seat, participation=self.dossier)
            .prefetch_related("mentions")
            .first()
            if self.seat
            else None
        )

    def get(self, request, *args, **kwargs):
        self.setup_dossier()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.setup_dossier()
        if is_closed(self.edition):
            messages.error(
                request, _("Le délibéré est clos : propositions et décisions sont figées.")
            )
            return redirect(self.url())
        if "decide" in request.POST:
            return self.decide(request)
        if self.seat is None:
            messages.error(request, _("Seuls les jurés de cette édition font des propositions."))
            return redirect(self.url())
        form = ProposalForm(request.POST, participation=self.dossier)
        if not form.is_valid():
            messages.error(request, _("La proposition n'a pas été enregistrée : voir ci-dessous."))
            return self.render_to_response(self.get_context_data(proposal_form=form))
        data = form.cleaned_data
        proposal, _created = JuryProposal.objects.update_or_create(
            participation=self.dossier,
            juror=self.seat,
            defaults={
                "arobases": data["arobases"],
                "excellence": data["excellence"],
                "private_comment": data["private_comment"],
            },
        )
        proposal.mentions.set(data["mentions"])
        messages.success(
            request,
            _("Votre proposition pour %(name)s est enregistrée : %(level)s @.")
            % {"name": self.dossier.collectivity.title, "level": data["arobases"]},
        )
        return redirect(self.url())

    def decide(self, request):
        if self.seat is None or not self.seat.is_president:
            messages.error(request, _("Seul le président du jury enregistre la décision."))
            return redirect(self.url())
        form = DecisionForm(request.POST, participation=self.dossier, prefix=DECISION_PREFIX)
        if not form.is_valid():
            messages.error(request, _("La décision n'a pas été enregistrée : voir ci-dessous."))
            return self.render_to_response(self.get_context_data(decision_form=form))
        data = form.cleaned_data
        record_decision(
            self.dossier,
            arobases=data["arobases"],
            excellence=data["excellence"],
            mentions=data["mentions"],
            jury_comment=data["jury_comment"],
        )
        messages.success(
            request,
            _("Décision enregistrée pour %(name)s : %(level)s @.")
            % {"name": self.dossier.collectivity.title, "level": data["arobases"]},
        )
        return redirect(reverse("labels_jury:deliberation", args=[self.edition.year]))

    def url(self):
        return reverse("labels_jury:dossier", args=[self.edition.year, self.code])

    def get_page_title(self):
        return self.dossier.collectivity.title

    def get_breadcrumbs_items(self):
        return [
            *self.edition_breadcrumbs(),
            {
                "url": reverse("labels_jury:dossiers", args=[self.edition.year]),
                "label": _("Jury — %(title)s") % {"title": self.edition.title},
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        dossier, collectivity = self.dossier, self.dossier.collectivity
        sheets = list(
            published_sheets()
            .filter(
                pk__in=Participation.sheets.through.objects.filter(
                    participation_id=dossier.pk
                ).values("actionsheetpage_id")
            )
            .order_by("-date", "title")
        )
        # Others' proposals only once this juror's own is recorded; editors read them all.
        sees_others = self.editor or self.own is not None
        closed = is_closed(self.edition)
        president = self.seat is not None and self.seat.is_president
        kwargs.setdefault(
            "proposal_form",
            ProposalForm(initial=ProposalForm.initial_from(self.own), participation=dossier),
        )
        if president:
            kwargs.setdefault(
                "decision_form",
                DecisionForm(
                    initial=DecisionForm.initial_from(dossier.award),
                    participation=dossier,
                    prefix=DECISION_PREFIX,
                ),
            )
        return super().get_context_data(
            dossier=dossier,
            collectivity=collectivity,
            departement=geography.departement_name(collectivity.departement),
            members=_member_communes(collectivity),
            earlier_awards=list(
                Award.objects.filter(
                    participation__collectivity=collectivity,
                    participation__edition__year__lt=self.edition.year,
                )
                .select_related("participation__edition")
                .order_by("-participation__edition__year")
            ),
            earlier_fives=excellence_counts(self.edition).get(collectivity.pk, 0),
            mosaic=_mosaic(sheets),
            sheets=sheets,
            own=self.own,
            others=(
                [p for p in proposals_for(dossier) if p.pk != getattr(self.own, "pk", None)]
                if sees_others
                else None
            ),
            closed=closed,
            may_propose=self.seat is not None and not closed,
            president=president,
            decision=dossier.award,
            **kwargs,
        )


def _member_communes(collectivity) -> list[dict]:
    communes = geography.communes()
    rows = []
    for code in collectivity.member_codes:
        place = communes.get(code)
        rows.append(
            {
                "code": code,
                "name": place.name if place else code,
                "population": place.population if place else None,
            }
        )
    return sorted(rows, key=lambda row: row["name"])


def _mosaic(sheets) -> list[dict]:
    """The 16 enjeux by category, each with how many of the sheets serve it and how many of
    its services they cover."""
    covered_services: dict[int, set[int]] = {}
    sheets_per_enjeu: dict[int, int] = {}
    for sheet in sheets:
        enjeux = set()
        for service in sheet.services.all():
            covered_services.setdefault(service.enjeu_id, set()).add(service.pk)
            enjeux.add(service.enjeu_id)
        for enjeu_id in enjeux:
            sheets_per_enjeu[enjeu_id] = sheets_per_enjeu.get(enjeu_id, 0) + 1
    totals = dict(
        Service.objects.values_list("enjeu_id")
        .annotate(count=Count("pk"))
        .values_list("enjeu_id", "count")
    )
    rows: list[dict] = []
    for enjeu in Enjeu.objects.select_related("category").order_by(
        "category__sort_order", "sort_order"
    ):
        if not rows or rows[-1]["category"].pk != enjeu.category_id:
            rows.append({"category": enjeu.category, "cells": []})
        rows[-1]["cells"].append(
            {
                "enjeu": enjeu,
                "sheets": sheets_per_enjeu.get(enjeu.pk, 0),
                "services": len(covered_services.get(enjeu.pk, ())),
                "total": totals.get(enjeu.pk, 0),
            }
        )
    return rows
