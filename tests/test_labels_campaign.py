"""An edition's campaign state, derived from its dates (issue 15, section 1)."""

import datetime
import html
import re

import pytest

from django.utils import timezone

from labels.campaign import CampaignState, campaign_state
from labels.models import LabelEditionPage

from .campaign_helpers import build_campaign

NOW = datetime.datetime(2024, 3, 20, 12, 0, tzinfo=datetime.UTC)


def edition(**fields) -> LabelEditionPage:
    values = {
        "applications_open": datetime.date(2024, 3, 17),
        "applications_close": datetime.date(2024, 5, 31),
        "jury_date": datetime.date(2024, 6, 20),
        "ceremony_at": datetime.datetime(2024, 7, 4, 18, tzinfo=datetime.UTC),
    }
    values.update(fields)
    return LabelEditionPage(year=2024, number=25, **values)


@pytest.mark.parametrize(
    ("now", "closed", "expected"),
    [
        (datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC), None, CampaignState.UPCOMING),
        (datetime.datetime(2024, 3, 17, 8, tzinfo=datetime.UTC), None, CampaignState.OPEN),
        (datetime.datetime(2024, 5, 31, 20, tzinfo=datetime.UTC), None, CampaignState.OPEN),
        (datetime.datetime(2024, 6, 2, tzinfo=datetime.UTC), None, CampaignState.INSTRUCTION),
        (datetime.datetime(2024, 6, 25, tzinfo=datetime.UTC), NOW, CampaignState.DELIBERATED),
        (datetime.datetime(2024, 7, 4, 18, tzinfo=datetime.UTC), NOW, CampaignState.REVEALED),
    ],
)
def test_the_state_follows_the_calendar(now, closed, expected):
    assert campaign_state(edition(deliberation_closed_at=closed), now) == expected


def text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))


@pytest.mark.django_db
def test_the_public_page_says_applications_are_open_until_the_closing_date(client):
    campaign = build_campaign()
    url = campaign.open.url
    page = text(client.get(url))
    close = campaign.open.applications_close
    assert "Candidatures ouvertes" in page
    assert f"jusqu'au {close.day}" in page
    assert "Ouvrir le dossier de ma collectivité" not in page  # anonymous

    client.force_login(campaign.world.agent_a)
    assert "Ouvrir le dossier de ma collectivité" in text(client.get(url))
    client.force_login(campaign.world.moderator)
    assert "Ouvrir le dossier de ma collectivité" not in text(client.get(url))

    closed = text(client.get(campaign.closed.url))
    assert "Instruction" in closed and "le jury est à l'œuvre" in closed


@pytest.mark.django_db
def test_a_closed_deliberation_and_a_ceremony_show_in_the_state(client):
    campaign = build_campaign()
    LabelEditionPage.objects.filter(pk=campaign.closed.pk).update(
        deliberation_closed_at=timezone.now()
    )
    assert "Délibéré" in text(client.get(campaign.closed.url))
    LabelEditionPage.objects.filter(pk=campaign.closed.pk).update(
        ceremony_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert "Palmarès dévoilé" in text(client.get(campaign.closed.url))


@pytest.mark.django_db
def test_the_demo_has_a_campaign_under_way(referentiel, quiet_command, client):
    from labels.demo.campaign import campaign_year
    from labels.models import DossierDeposit, Participation

    code, out, err = quiet_command(
        "seed_demo", "--sheets", "90", "--collectivities", "9", "--no-index"
    )
    assert code == 0, err
    assert "Campagne en cours : édition créée, 5 dossier(s) ajouté(s)" in out
    edition = LabelEditionPage.objects.get(year=campaign_year())
    assert edition.campaign.state == CampaignState.OPEN
    statuses = sorted(
        Participation.objects.filter(edition=edition).values_list("status", flat=True)
    )
    assert statuses == ["deposited", "deposited", "draft", "draft", "incomplete"]
    assert DossierDeposit.objects.filter(participation__edition=edition).count() == 3
    assert "Candidatures ouvertes" in text(client.get(edition.url))

    code, out, err = quiet_command(
        "seed_demo", "--sheets", "90", "--collectivities", "9", "--no-index"
    )
    assert "Campagne en cours : édition conservée, 0 dossier(s) ajouté(s)" in out


@pytest.mark.django_db
def test_an_upcoming_edition_says_when_applications_open(client):
    from .campaign_helpers import make_campaign_edition

    today = timezone.localdate()
    upcoming = make_campaign_edition(
        2031,
        opens=today + datetime.timedelta(days=40),
        closes=today + datetime.timedelta(days=120),
        jury=today + datetime.timedelta(days=150),
        ceremony=timezone.now() + datetime.timedelta(days=200),
    )
    page = text(client.get(upcoming.url))
    opens = upcoming.applications_open
    assert "À venir" in page
    assert f"Les candidatures ouvriront le {opens.day}" in page and str(opens.year) in page
