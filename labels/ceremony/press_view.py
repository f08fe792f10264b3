"""The editors' press page of an edition: the release's key figures, ready to copy."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..jury.access import EditionMixin
from .press import press_awards, press_figures, press_lines


class PressView(EditionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "labels/ceremony/press.html"

    def check_access(self, request):
        if not self.editor:
            raise PermissionDenied
        return None

    def get_page_title(self):
        return _("Chiffres pour la presse — %(title)s") % {"title": self.edition.title}

    def get_breadcrumbs_items(self):
        return [*self.edition_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        statistics = press_awards(self.edition)
        return super().get_context_data(
            lines=press_lines(self.edition),
            figures=press_figures(self.edition),
            levels=sorted(statistics["arobases"].items(), reverse=True),
            excellence=statistics["excellence"],
            mentions=[m for m in statistics["mentions"] if m.award_count],
            embargoed=self.edition.ceremony_at > timezone.now(),
            **kwargs,
        )
