"""Editors appoint an edition's jurors from the admin: what ``manage.py create_juror`` does."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..models import Juror
from .access import EditionMixin
from .forms import JurorForm
from .roles import attach_juror, detach_juror


class JurorsView(EditionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = JurorForm
    template_name = "labels/jury/jurors.html"
    header_icon = "group"

    def check_access(self, request):
        if not self.editor:
            raise PermissionDenied
        return None

    def get_page_title(self):
        return _("Jurés — %(title)s") % {"title": self.edition.title}

    def get_breadcrumbs_items(self):
        return [*self.edition_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        seats = Juror.objects.filter(edition=self.edition).select_related("user")
        return super().get_context_data(
            seats=sorted(seats, key=lambda seat: (not seat.is_president, seat.name.lower())),
            **kwargs,
        )

    def back(self):
        return redirect(reverse("labels_jury:jurors", args=[self.edition.year]))

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            raw = request.POST["remove"]
            seat = Juror.objects.filter(
                edition=self.edition, pk=int(raw) if raw.isdigit() else None
            ).first()
            if seat is None:
                messages.error(request, _("Ce juré ne siège plus dans ce jury."))
            else:
                detach_juror(seat)
                messages.success(
                    request,
                    _("%(name)s ne siège plus dans le jury (son compte est conservé).")
                    % {"name": seat.name},
                )
            return self.back()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            seat, created = attach_juror(
                form.cleaned_data["email"], self.edition, president=form.cleaned_data["president"]
            )
        except ValidationError as error:
            form.add_error("email", error)
            return self.form_invalid(form)
        text = (
            _("Compte créé pour %(email)s, juré du %(title)s.")
            if created
            else _("%(email)s siège dans le jury du %(title)s.")
        )
        messages.success(
            self.request, text % {"email": seat.user.get_username(), "title": self.edition.title}
        )
        return self.back()
