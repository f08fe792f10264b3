"""The deliberation table (president and editors), closing it (president, from the jury's
date) and reopening it (editors, with a reason kept on record)."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..models import DeliberationReopening
from .access import EditionMixin
from .deliberation import (
    close_deliberation,
    deliberation_rows,
    is_closed,
    may_close,
    progress,
    reopen_deliberation,
    undecided,
)
from .forms import ReopenForm


class DeliberationView(EditionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "labels/jury/deliberation.html"

    def check_access(self, request):
        return self.jury_door(request, president_only=True)

    def get_page_title(self):
        return _("Délibéré — %(title)s") % {"title": self.edition.title}

    def get_breadcrumbs_items(self):
        return [*self.edition_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        president = self.seat is not None and self.seat.is_president
        kwargs.setdefault("reopen_form", ReopenForm())
        return super().get_context_data(
            rows=deliberation_rows(self.edition),
            progress=progress(self.edition),
            closed=is_closed(self.edition),
            may_close=president and may_close(self.edition) and not is_closed(self.edition),
            president=president,
            reopenings=list(
                DeliberationReopening.objects.filter(edition=self.edition).select_related("user")
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "reopen" in request.POST:
            return self.reopen(request)
        return self.close(request)

    def back(self):
        return redirect(reverse("labels_jury:deliberation", args=[self.edition.year]))

    def close(self, request):
        if self.seat is None or not self.seat.is_president:
            messages.error(request, _("Seul le président du jury clôt le délibéré."))
            return self.back()
        if is_closed(self.edition):
            messages.error(request, _("Le délibéré est déjà clos."))
            return self.back()
        if not may_close(self.edition):
            messages.error(
                request,
                _("Le délibéré ne peut être clos qu'à partir du jour du jury, le %(date)s.")
                % {"date": date_format(self.edition.jury_date, "j F Y")},
            )
            return self.back()
        missing = undecided(self.edition).count()
        if missing:
            messages.error(
                request,
                _(
                    "Le délibéré n'a pas été clos : %(count)s dossier(s) attendent encore la "
                    "décision du jury."
                )
                % {"count": missing},
            )
            return self.back()
        close_deliberation(self.edition)
        messages.success(
            request, _("Délibéré clos : les décisions sont figées jusqu'à la cérémonie.")
        )
        return self.back()

    def reopen(self, request):
        if not self.editor:
            messages.error(request, _("Seuls les éditeurs du label rouvrent un délibéré clos."))
            return self.back()
        if not is_closed(self.edition):
            messages.error(request, _("Le délibéré n'est pas clos."))
            return self.back()
        form = ReopenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Le délibéré n'a pas été rouvert : voir ci-dessous."))
            return self.render_to_response(self.get_context_data(reopen_form=form))
        reopen_deliberation(self.edition, request.user, form.cleaned_data["reason"])
        messages.success(request, _("Délibéré rouvert : le président peut modifier les décisions."))
        return self.back()
