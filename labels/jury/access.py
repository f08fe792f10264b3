"""The doors of the jury's admin pages: which edition a URL names, and who may enter.

A juror enters their own edition's pages from the day after the applications close; the
president also reads the deliberation; label editors read everything and appoint jurors.
Anyone else (agents, moderators, jurors of another edition) gets a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.admin import messages

from ..models import LabelEditionPage
from .deliberation import jury_is_open
from .roles import is_label_editor, seat_of


class EditionMixin:
    """Resolves ``year`` to the edition, and the visitor's seat on its jury."""

    header_icon = "trophy"

    def dispatch(self, request, *args, year, **kwargs):
        self.edition = get_object_or_404(LabelEditionPage, year=year)
        self.seat = seat_of(request.user, self.edition)
        self.editor = is_label_editor(request.user)
        refused = self.check_access(request)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)

    def check_access(self, request):
        raise NotImplementedError

    def jury_door(self, request, *, president_only=False):
        """The common rule of the jury's pages: editors always; a juror of this edition
        (the president only, if asked) once the applications are closed."""
        if self.editor:
            return None
        if self.seat is None or (president_only and not self.seat.is_president):
            raise PermissionDenied
        if not jury_is_open(self.edition):
            messages.error(
                request,
                _(
                    "Les dossiers du %(title)s seront ouverts au jury après la clôture des "
                    "candidatures, le %(date)s."
                )
                % {
                    "title": self.edition.title,
                    "date": date_format(self.edition.applications_close, "j F Y"),
                },
            )
            return redirect("wagtailadmin_home")
        return None

    def edition_breadcrumbs(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Tableau de bord")},
            {"url": reverse("labels_jury:index"), "label": _("Jury du label")},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edition=self.edition, seat=self.seat, is_editor=self.editor, **kwargs
        )
