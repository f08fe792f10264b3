"""The jury of an edition: its members (accounts), each juror's proposal per dossier, and
the record of a deliberation reopened by an editor.

*À huis clos*: nothing here is ever shown outside the jury's admin pages. No public page,
API, feed, export, search index or count reads these models.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .awards import LEVELS, Mention, Participation
from .pages import LabelEditionPage


class Juror(models.Model):
    """An account that sits on the jury of one edition; the president decides and closes."""

    edition = models.ForeignKey(
        LabelEditionPage, on_delete=models.CASCADE, related_name="jurors", verbose_name=_("édition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jury_seats",
        verbose_name=_("compte"),
    )
    is_president = models.BooleanField(_("président du jury"), default=False)

    class Meta:
        verbose_name = _("juré")
        verbose_name_plural = _("jurés")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="labels_one_seat_per_edition")
        ]

    def __str__(self):
        return f"{self.name} — {self.edition.title}"

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class JuryProposal(models.Model):
    """What one juror proposes for one dossier, before the president decides."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="jury_proposals",
        verbose_name=_("dossier"),
    )
    juror = models.ForeignKey(
        Juror, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("juré")
    )
    arobases = models.PositiveSmallIntegerField(
        _("arobases"),
        validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[-1])],
    )
    excellence = models.BooleanField(_("Territoire d'excellence numérique"), default=False)
    mentions = models.ManyToManyField(
        Mention, blank=True, related_name="+", verbose_name=_("mentions proposées")
    )
    private_comment = models.TextField(_("commentaire privé"), blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("proposition du jury")
        verbose_name_plural = _("propositions du jury")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "juror"], name="labels_one_proposal_per_juror"
            ),
            models.CheckConstraint(
                condition=Q(arobases__gte=LEVELS[0], arobases__lte=LEVELS[-1]),
                name="labels_proposal_arobases_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.juror.name} : {self.participation} ({self.arobases} @)"


class DeliberationReopening(models.Model):
    """An editor reopened a closed deliberation: who, when and why, kept for the record."""

    edition = models.ForeignKey(
        LabelEditionPage,
        on_delete=models.CASCADE,
        related_name="deliberation_reopenings",
        verbose_name=_("édition"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("rouvert par"),
    )
    reason = models.TextField(_("motif"))
    closed_at = models.DateTimeField(_("délibéré qui avait été clos le"))
    reopened_at = models.DateTimeField(_("rouvert le"), auto_now_add=True)

    class Meta:
        verbose_name = _("réouverture du délibéré")
        verbose_name_plural = _("réouvertures du délibéré")
        ordering = ["-reopened_at"]

    def __str__(self):
        return f"{self.edition.title} : {self.reopened_at:%Y-%m-%d}"
