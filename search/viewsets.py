"""The search's admin: the glossary, edited by editors in the référentiel menu, and the
report of the queries visitors type."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryEntry, VisitorQueryDay


class GlossaryEntryViewSet(SnippetViewSet):
    model = GlossaryEntry
    icon = "openquote"
    menu_label = _("Glossaire")
    list_display = ["term", "equivalents"]
    search_backend_name = None  # a few hundred entries: the ORM is enough
    search_fields = ["term", "equivalents"]
    ordering = "term"
    copy_view_enabled = False
    inspect_view_enabled = False


class VisitorQueriesView(WagtailAdminTemplateMixin, TemplateView):
    """The queries visitors type most, and those that found nothing, over a period."""

    template_name = "search/admin/visitor_queries.html"
    header_icon = "search"
    page_title = _("Recherches des visiteurs")
    PERIODS = (7, 30, 90, 365)
    LIMIT = 50

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("search.view_visitorqueryday"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from .query_log import flush

        flush()  # what gathered in this process so far
        try:
            days = int(self.request.GET.get("jours", 30))
        except ValueError:
            days = 30
        days = days if days in self.PERIODS else 30
        since = timezone.localdate() - timedelta(days=days)
        totals = (
            VisitorQueryDay.objects.filter(date__gt=since)
            .values("query_string")
            .annotate(searches=Sum("hits"), fruitless_searches=Sum("fruitless"))
        )
        return {
            **super().get_context_data(**kwargs),
            "days": days,
            "periods": self.PERIODS,
            "frequent": totals.order_by("-searches", "query_string")[: self.LIMIT],
            "fruitless": totals.filter(fruitless_searches__gt=0).order_by(
                "-fruitless_searches", "query_string"
            )[: self.LIMIT],
        }
