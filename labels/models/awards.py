"""A collectivity's dossier for an edition (Participation) and what the jury gave it (Award)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from initiatives.models import ActionSheetPage, CollectivityPage
from initiatives.models.referentiel import Taxonomy
from initiatives.term_picker import TermPicker

from ..decision_freeze import decision_changed, frozen_editions_of, frozen_message
from .pages import LabelEditionPage

LEVELS = (1, 2, 3, 4, 5)
EXCELLENCE_NEEDS_FIVE = _(
    "La distinction « Territoire d'excellence numérique » n'est attribuée qu'avec 5 arobases."
)


class Mention(Taxonomy):
    """A thematic mention the jury may add to an award (démocratie locale, arobase verte…)."""

    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")


class EmbargoQuerySet(models.QuerySet):
    edition_lookup = "edition"

    def public(self, now=None):
        """Only rows of editions whose palmarès is public (LabelEditionQuerySet.revealed)."""
        revealed = LabelEditionPage.objects.revealed(now).values("pk")
        return self.filter(**{f"{self.edition_lookup}__in": revealed})


class ParticipationQuerySet(EmbargoQuerySet):
    edition_lookup = "edition"

    def public(self, now=None):
        """Dossiers of revealed editions that reached the jury: deposited, or awarded (a
        jury held elsewhere, typed in by an editor). A draft never counts in a palmarès."""
        awarded = Exists(Award.objects.filter(participation=OuterRef("pk")))
        return super().public(now).filter(Q(status__in=SUBMITTED_STATUSES) | awarded)


class AwardQuerySet(EmbargoQuerySet):
    edition_lookup = "participation__edition"


class DossierStatus(models.TextChoices):
    """Where a dossier stands in the campaign: agents write a draft and deposit it; editors
    may send a deposited dossier back as incomplete, or mark it complete."""

    DRAFT = "draft", _("brouillon")
    DEPOSITED = "deposited", _("déposé")
    INCOMPLETE = "incomplete", _("incomplet")
    COMPLETE = "complete", _("complet")


# A dossier the jury studies and the press figures count.
SUBMITTED_STATUSES = (DossierStatus.DEPOSITED, DossierStatus.INCOMPLETE, DossierStatus.COMPLETE)


class Participation(ClusterableModel):
    """A collectivity's dossier for one edition, with the published sheets it put forward."""

    edition = models.ForeignKey(
        LabelEditionPage,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("édition"),
    )
    collectivity = models.ForeignKey(
        CollectivityPage,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("collectivité"),
    )
    sheets = ParentalManyToManyField(
        ActionSheetPage,
        blank=True,
        related_name="participations",
        verbose_name=_("fiches présentées"),
        help_text=_(
            "Les fiches publiées que la collectivité présente au jury. À la création, si "
            "aucune n'est cochée, ses fiches datées de la période de candidature le sont."
        ),
    )

    status = models.CharField(
        _("état du dossier"),
        max_length=16,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
    )
    deposited_at = models.DateTimeField(_("déposé le"), null=True, blank=True)

    # What the agents write in their dossier (labels/dossiers/).
    official_name = models.CharField(_("élu en charge du numérique"), max_length=255, blank=True)
    official_role = models.CharField(_("fonction de l'élu"), max_length=255, blank=True)
    contact_name = models.CharField(_("agent référent"), max_length=255, blank=True)
    contact_email = models.EmailField(_("courriel de l'agent référent"), blank=True)
    presentation = models.TextField(
        _("politique numérique de la collectivité"),
        blank=True,
        help_text=_("Quelques paragraphes : priorités, moyens, ce qui a changé depuis deux ans."),
    )
    rules_accepted_at = models.DateTimeField(_("règlement accepté le"), null=True, blank=True)
    rules_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("règlement accepté par"),
    )
    # Set by an editor who sends a deposited dossier back to its agents.
    incomplete_message = models.TextField(_("ce qui manque au dossier"), blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier de candidature")
        verbose_name_plural = _("dossiers de candidature")
        constraints = [
            models.UniqueConstraint(
                fields=["collectivity", "edition"],
                name="labels_one_participation_per_edition",
                violation_error_message=_(
                    "Cette collectivité a déjà un dossier pour cette édition."
                ),
            )
        ]

    def __str__(self):
        return f"{self.collectivity.title} — {self.edition.title}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.sheets.all():
            self.sheets = list(self.eligible_sheets())
        return super().save(*args, **kwargs)

    def eligible_sheets(self):
        """The collectivity's published sheets dated within the edition's application period."""
        edition = self.edition
        return ActionSheetPage.objects.live().filter(
            collectivity_id=self.collectivity_id,
            date__range=(edition.applications_open, edition.applications_close),
        )

    @property
    def number(self) -> str:
        """The dossier number of the receipt: « 2025-00042 »."""
        return f"{self.edition.year}-{self.pk:05d}" if self.pk else ""

    @property
    def award(self):
        return next(iter(self.awards.all()), None)


class Award(ClusterableModel):
    """The jury's decision on a dossier: 1 to 5 arobases, a distinction, mentions."""

    participation = ParentalKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="awards",
        verbose_name=_("dossier"),
    )
    arobases = models.PositiveSmallIntegerField(
        _("arobases"),
        choices=[(level, f"{level} @") for level in LEVELS],
        validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[-1])],
    )
    excellence = models.BooleanField(
        _("Territoire d'excellence numérique"),
        default=False,
        help_text=_("Distinction réservée aux collectivités labellisées 5 arobases."),
    )
    mentions = ParentalManyToManyField(
        Mention, blank=True, related_name="awards", verbose_name=_("mentions")
    )
    jury_comment = models.TextField(_("commentaire du jury"), blank=True)
    # Set when the laureate's agents were told of their result (after the ceremony), so
    # that the notification is sent once however often its command runs.
    laureate_notified_at = models.DateTimeField(
        _("lauréat prévenu le"), null=True, blank=True, editable=False
    )

    objects = AwardQuerySet.as_manager()

    panels = [
        FieldPanel("arobases"),
        FieldPanel("excellence"),
        FieldPanel(
            "mentions",
            widget=TermPicker(
                search_label=_("Rechercher une mention"),
                chosen_label=_("Mentions choisies :"),
                none_chosen_label=_("Aucune pour l'instant."),
            ),
        ),
        FieldPanel("jury_comment"),
    ]

    class Meta:
        verbose_name = _("distinction")
        verbose_name_plural = _("distinctions")
        constraints = [
            # One award per dossier. Not a OneToOneField: the award is edited inline in its
            # dossier, which needs a ParentalKey.
            models.UniqueConstraint(fields=["participation"], name="labels_one_award_per_dossier"),
            models.CheckConstraint(
                condition=Q(arobases__gte=LEVELS[0], arobases__lte=LEVELS[-1]),
                name="labels_arobases_1_to_5",
                violation_error_message=_("Le nombre d'arobases va de 1 à 5."),
            ),
            models.CheckConstraint(
                condition=Q(excellence=False) | Q(arobases=LEVELS[-1]),
                name="labels_excellence_needs_five",
                violation_error_message=EXCELLENCE_NEEDS_FIVE,
            ),
        ]

    def __str__(self):
        return f"{self.participation} : {self.arobases} @"

    def clean(self):
        super().clean()
        if self.excellence and self.arobases != LEVELS[-1]:
            raise ValidationError({"excellence": EXCELLENCE_NEEDS_FIVE})
        frozen = frozen_editions_of(self)
        if frozen and decision_changed(self):
            raise ValidationError(frozen_message(frozen[0]), code="decisions_frozen")
