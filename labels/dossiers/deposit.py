"""Depositing a dossier, sending it back as incomplete, and the e-mails both send."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from initiatives import roles
from labels.models import DossierDeposit, DossierStatus

from .eligibility import sheet_eligibility

REQUIRED_FIELDS = (
    ("official_name", gettext_lazy("le nom de l'élu en charge du numérique")),
    ("official_role", gettext_lazy("la fonction de l'élu")),
    ("contact_name", gettext_lazy("le nom de l'agent référent")),
    ("contact_email", gettext_lazy("le courriel de l'agent référent")),
    ("presentation", gettext_lazy("la présentation de la politique numérique")),
)


def missing_for_deposit(participation, sheets) -> list[str]:
    """What keeps the dossier from being deposited, as French sentences (empty: ready)."""
    problems = []
    missing = [str(label) for name, label in REQUIRED_FIELDS if not getattr(participation, name)]
    if missing:
        problems.append(_("Renseignez %(fields)s.") % {"fields": ", ".join(missing)})
    edition = participation.edition
    if not any(sheet_eligibility(sheet, edition).eligible for sheet in sheets):
        problems.append(_("Choisissez au moins une fiche éligible à présenter au jury."))
    if participation.rules_accepted_at is None:
        problems.append(_("Acceptez le règlement du label pour déposer le dossier."))
    return problems


def dossier_url(participation) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "labels_dossier_of",
        args=[participation.edition.year, participation.collectivity.code],
    )


def agent_addresses(collectivity) -> list[str]:
    return [user.email or user.get_username() for user in roles.agents_of(collectivity)]


@transaction.atomic
def deposit(participation, sheets, user, now=None) -> DossierDeposit:
    """Records a deposit (the dossier is already saved with its sheets) and e-mails the
    receipt to the collectivity's agents once the transaction commits."""
    problems = missing_for_deposit(participation, sheets)
    if problems:
        raise ValidationError(problems)
    now = now or timezone.now()
    participation.status = DossierStatus.DEPOSITED
    participation.deposited_at = now
    participation.incomplete_message = ""
    participation.save(update_fields=["status", "deposited_at", "incomplete_message"])
    record = DossierDeposit.objects.create(
        participation=participation,
        deposited_at=now,
        deposited_by=user,
        sheet_titles=[sheet.title for sheet in sheets],
    )
    transaction.on_commit(lambda: send_receipt(participation, record))
    return record


def receipt_message(participation, record) -> tuple[str, str]:
    with override(settings.LANGUAGE_CODE):
        edition, collectivity = participation.edition, participation.collectivity
        subject = _("Dossier %(number)s déposé : %(collectivity)s, label %(year)s") % {
            "number": participation.number,
            "collectivity": collectivity.title,
            "year": edition.year,
        }
        when = timezone.localtime(record.deposited_at)
        lines = [
            _("Bonjour,"),
            "",
            _(
                "Le dossier de %(collectivity)s pour le label %(year)s a été déposé le "
                "%(date)s à %(time)s par %(user)s."
            )
            % {
                "collectivity": collectivity.title,
                "year": edition.year,
                "date": date_format(when, "j F Y"),
                "time": date_format(when, "H:i"),
                "user": _display_name(record.deposited_by),
            },
            _("Numéro de dossier : %(number)s") % {"number": participation.number},
            "",
            _("Fiches présentées au jury :"),
            *(f"- {title}" for title in record.sheet_titles),
            "",
            _(
                "Vous pouvez le modifier et le déposer de nouveau jusqu'à la clôture des "
                "candidatures, le %(close)s :"
            )
            % {"close": date_format(edition.applications_close, "j F Y")},
            dossier_url(participation),
            "",
            _("L'équipe ATLAAS — Villes Internet"),
        ]
    return subject, "\n".join(lines)


def send_receipt(participation, record) -> None:
    subject, body = receipt_message(participation, record)
    send_mail(subject, body, None, agent_addresses(participation.collectivity))


def mark_incomplete(participation, message: str) -> None:
    """An editor sends a deposited dossier back: its agents may complete it until the jury
    date, and are told what is missing."""
    if participation.status not in (DossierStatus.DEPOSITED, DossierStatus.COMPLETE):
        raise ValidationError(_("Seul un dossier déposé peut être déclaré incomplet."))
    if not message.strip():
        raise ValidationError(_("Dites aux agents ce qui manque au dossier."))
    participation.status = DossierStatus.INCOMPLETE
    participation.incomplete_message = message.strip()
    participation.save(update_fields=["status", "incomplete_message"])
    subject, body = incomplete_message(participation)
    transaction.on_commit(
        lambda: send_mail(subject, body, None, agent_addresses(participation.collectivity))
    )


def incomplete_message(participation) -> tuple[str, str]:
    with override(settings.LANGUAGE_CODE):
        edition = participation.edition
        subject = _("Dossier %(number)s incomplet : label %(year)s") % {
            "number": participation.number,
            "year": edition.year,
        }
        lines = [
            _("Bonjour,"),
            "",
            _("Villes Internet a relu le dossier de %(collectivity)s et le juge incomplet :")
            % {"collectivity": participation.collectivity.title},
            "",
            participation.incomplete_message,
            "",
        ]
        if edition.jury_date:
            lines.append(
                _("Vous pouvez le compléter et le déposer de nouveau jusqu'au %(date)s :")
                % {"date": date_format(edition.jury_date, "j F Y")}
            )
        lines += [dossier_url(participation), "", _("L'équipe ATLAAS — Villes Internet")]
    return subject, "\n".join(lines)


def _display_name(user) -> str:
    if user is None:
        return _("un compte supprimé")
    return user.get_full_name() or user.get_username()
