"""The demo's campaign under way: an edition whose applications are open today, with a few
of the demo's collectivities at each step of their dossier (brouillon, déposé, incomplet).

Dates are relative to the day of the seed, so that `make run` always shows an open
campaign; a rerun keeps the edition and the dossiers it finds. People are fictional.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from initiatives.models import ActionSheetPage, ActionStatus, CollectivityPage
from initiatives.signals import pages_bulk_changed

from ..campaign import eligibility_start
from ..models import DossierDeposit, DossierStatus, LabelEditionPage, LabelIndexPage, Participation

# (status, official, role, contact): two drafts, two deposited, one sent back as incomplete.
DOSSIERS = (
    (
        DossierStatus.DEPOSITED,
        "Léa Fictive",
        "Adjointe au maire déléguée au numérique",
        "Paul Exemple",
    ),
    (DossierStatus.DEPOSITED, "Marc Imaginaire", "Vice-président chargé du numérique", "Inès Démo"),
    (DossierStatus.INCOMPLETE, "Jeanne Inventée", "Maire", "Hugo Fictif"),
    (DossierStatus.DRAFT, "Louis Supposé", "Conseiller municipal délégué", ""),
    (DossierStatus.DRAFT, "", "", ""),
)
SHEETS_PUT_FORWARD = 3
INCOMPLETE_MESSAGE = (
    "Merci de présenter au moins une fiche sur l'inclusion numérique et de préciser les "
    "moyens humains consacrés au numérique dans la présentation."
)
PRESENTATION = (
    "Depuis deux ans, la collectivité a fait du numérique un outil au service des habitants : "
    "démarches en ligne accompagnées, médiation dans les lieux de proximité, données ouvertes. "
    "(Texte de démonstration.)"
)


@dataclass
class CampaignReport:
    edition_created: bool = False
    dossiers_created: int = 0


def campaign_year() -> int:
    # Editions are named by their ceremony's year: the one in deliberation (labels/demo/jury.py)
    # is next year's, so the demo's open campaign is the one after it.
    return timezone.localdate().year + 2


@transaction.atomic
def seed_campaign(codes: list[str]) -> CampaignReport:
    report = CampaignReport()
    index = LabelIndexPage.objects.first()
    if index is None:  # seed_label runs first and creates it
        return report
    edition = LabelEditionPage.objects.filter(year=campaign_year()).first()
    if edition is None:
        edition = _create_edition(index)
        report.edition_created = True
    collectivities = _with_sheets(codes)
    existing = set(
        Participation.objects.filter(edition=edition).values_list("collectivity_id", flat=True)
    )
    now = timezone.now()
    for (status, official, role, contact), collectivity in zip(
        DOSSIERS, collectivities, strict=False
    ):
        if collectivity.pk in existing:
            continue
        _create_dossier(edition, collectivity, status, official, role, contact, now)
        report.dossiers_created += 1
    if report.dossiers_created:
        # The sheets' statuses were updated in bulk: search's status facet must reload.
        pages_bulk_changed.send(sender=ActionSheetPage, model=ActionSheetPage, pks=[])
    return report


def _create_edition(index) -> LabelEditionPage:
    today = timezone.localdate()
    year = campaign_year()
    close = today + datetime.timedelta(days=60)
    page = LabelEditionPage(
        title=f"Label {year}",
        slug=str(year),
        year=year,
        number=year - 1999,
        applications_open=today - datetime.timedelta(days=30),
        applications_close=close,
        jury_date=close + datetime.timedelta(days=35),
        ceremony_at=timezone.make_aware(
            datetime.datetime.combine(close + datetime.timedelta(days=70), datetime.time(14, 30))
        ),
        ceremony_place="Paris",
        introduction=(
            f"<p>Les candidatures au label {year} sont ouvertes : chaque collectivité dépose "
            "son dossier et présente ses fiches actions au jury.</p>"
        ),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _with_sheets(codes) -> list:
    """Collectivities of the demo with published sheets, an intercommunalité first when
    there is one (its dossier lists its member communes)."""
    with_sheets = set(
        ActionSheetPage.objects.live()
        .filter(collectivity__code__in=codes)
        .values_list("collectivity_id", flat=True)
    )
    collectivities = [
        c for c in CollectivityPage.objects.filter(pk__in=with_sheets).order_by("code")
    ]
    collectivities.sort(key=lambda c: c.kind != "intercommunalite")
    return collectivities[: len(DOSSIERS)]


def _create_dossier(edition, collectivity, status, official, role, contact, now) -> None:
    sheets = list(
        ActionSheetPage.objects.live()
        .filter(collectivity=collectivity)
        .order_by("-date", "pk")[:SHEETS_PUT_FORWARD]
    )
    # The agents confirmed these actions are still running when the campaign opened: they
    # are eligible whatever their date.
    confirmed = max(edition.applications_open, eligibility_start(edition))
    ActionSheetPage.objects.filter(pk__in=[s.pk for s in sheets]).update(
        action_status=ActionStatus.RUNNING, status_confirmed_on=confirmed
    )
    submitted = status != DossierStatus.DRAFT
    participation = Participation(
        edition=edition,
        collectivity=collectivity,
        status=status,
        official_name=official,
        official_role=role,
        contact_name=contact,
        contact_email=f"{contact.split()[0].lower()}@exemple.invalid" if contact else "",
        presentation=PRESENTATION if official else "",
        deposited_at=now if submitted else None,
        rules_accepted_at=now if submitted else None,
        incomplete_message=INCOMPLETE_MESSAGE if status == DossierStatus.INCOMPLETE else "",
    )
    participation.sheets = sheets
    participation.save()
    if submitted:
        DossierDeposit.objects.create(
            participation=participation,
            deposited_at=now,
            deposited_by=None,
            sheet_titles=[sheet.title for sheet in sheets],
        )
