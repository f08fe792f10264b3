"""After the ceremony, each laureate's agents get one e-mail with their result and the link
to their award page. Sent once per award, however often ``notify_laureates`` runs: an award
is claimed (``laureate_notified_at`` set) before its e-mail goes, and released if it fails."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from initiatives.roles import agents_of

from ..models import Award

logger = logging.getLogger(__name__)


def absolute_site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def laureate_message(award) -> tuple[str, str]:
    edition = award.participation.edition
    collectivity = award.participation.collectivity
    with override(settings.LANGUAGE_CODE):
        subject = _("%(title)s : %(name)s est labellisée %(level)s @") % {
            "title": edition.title,
            "name": collectivity.title,
            "level": award.arobases,
        }
        url = absolute_site_url(edition.award_url(collectivity.slug))
        lines = [
            _("Bonjour,"),
            "",
            _(
                "Le jury du %(title)s a attribué %(level)s arobase(s) sur 5 à %(name)s. Le "
                "palmarès vient d'être dévoilé."
            )
            % {"title": edition.title, "level": award.arobases, "name": collectivity.title},
        ]
        if award.excellence:
            lines.append(
                _("Le jury lui décerne aussi la distinction « Territoire d'excellence numérique ».")
            )
        mentions = [mention.name for mention in award.mentions.all()]
        if mentions:
            lines.append(_("Mentions du jury : %(mentions)s.") % {"mentions": ", ".join(mentions)})
        lines += [
            "",
            _("La page de votre distinction, avec le badge et le diplôme à imprimer :"),
            url,
            "",
            _("L'équipe ATLAAS — Villes Internet"),
        ]
    return subject, "\n".join(lines)


def pending_awards(now=None):
    """Awards whose palmarès is public and whose laureate has not been told yet."""
    return (
        Award.objects.public(now)
        .filter(laureate_notified_at__isnull=True)
        .select_related("participation__edition", "participation__collectivity")
        .prefetch_related("mentions")
        .order_by("participation__edition__year", "participation__collectivity__title")
    )


def notify_laureates(now=None) -> dict:
    """Sends what is due; returns how many awards were notified and e-mails sent."""
    now = now or timezone.now()
    report = {"awards": 0, "emails": 0, "without_agent": 0}
    for award in pending_awards(now):
        # The claim: a second run (or a concurrent one) finds this award taken.
        claimed = Award.objects.filter(pk=award.pk, laureate_notified_at__isnull=True).update(
            laureate_notified_at=now
        )
        if not claimed:
            continue
        recipients = [
            user.email or user.get_username()
            for user in agents_of(award.participation.collectivity).filter(is_active=True)
        ]
        report["awards"] += 1
        if not recipients:
            report["without_agent"] += 1
            continue
        subject, body = laureate_message(award)
        try:
            send_mail(subject, body, None, recipients)
        except Exception:
            Award.objects.filter(pk=award.pk).update(laureate_notified_at=None)
            logger.exception("Laureate e-mail not sent (award %s); will retry", award.pk)
            raise
        report["emails"] += len(recipients)
    return report
