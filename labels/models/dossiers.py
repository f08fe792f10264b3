"""Each deposit of a dossier, kept: who deposited it, when, and the sheets it presented."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .awards import Participation


class DossierDeposit(models.Model):
    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="deposits",
        verbose_name=_("dossier"),
    )
    deposited_at = models.DateTimeField(_("déposé le"))
    deposited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    # Titles as they were: a sheet renamed or deleted later does not rewrite the history.
    sheet_titles = models.JSONField(_("fiches présentées"), default=list)

    class Meta:
        verbose_name = _("dépôt de dossier")
        verbose_name_plural = _("dépôts de dossier")
        ordering = ["-deposited_at", "-pk"]

    def __str__(self):
        return f"{self.participation} — {self.deposited_at:%Y-%m-%d %H:%M}"
