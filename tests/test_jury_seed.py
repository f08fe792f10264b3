"""seed_demo's edition in deliberation (16 fictional jurors and their proposals) and the
demo accounts `make run` prints, with their development-only password."""

import pytest

from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

from labels.ceremony.notifications import notify_laureates
from labels.demo.jury import JURORS
from labels.jury.deliberation import jury_is_open, submitted_dossiers
from labels.models import Juror, JuryProposal, LabelEditionPage

from .test_labels_seed import SMALL, label_state

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_edition_in_deliberation_with_16_jurors_proposals(
    referentiel, quiet_command, client, settings
):
    code, out, err = quiet_command("seed_demo", *SMALL)
    assert code == 0, err
    assert "Jury : édition en délibéré créée, 9 dossier(s) déposé(s)" in out

    edition = LabelEditionPage.objects.get(year=timezone.localdate().year + 1)
    assert jury_is_open(edition) and edition.ceremony_at > timezone.now()
    assert not edition.is_revealed()
    seats = Juror.objects.filter(edition=edition)
    assert seats.count() == 16 and seats.filter(is_president=True).count() == 1
    names = {seat.name for seat in seats.select_related("user")}
    assert names == {f"{first} {last}" for first, last in JURORS}
    dossiers = submitted_dossiers(edition).count()
    proposals = JuryProposal.objects.filter(participation__edition=edition)
    assert dossiers == 9 and proposals.count() == 16 * dossiers - 3
    assert proposals.values("juror").distinct().count() == 16
    # The revealed 2023 edition keeps its palmarès; nothing of the past is e-mailed now.
    assert LabelEditionPage.objects.get(year=2023).is_revealed()
    assert notify_laureates()["awards"] == 0 and mail.outbox == []

    before = (label_state(), proposals.count(), seats.count())
    code, out, _err = quiet_command("seed_demo", *SMALL)
    assert "Jury : édition en délibéré déjà présente, 0 dossier(s) déposé(s), 0 proposition" in out
    assert (label_state(), proposals.count(), seats.count()) == before

    settings.DEBUG = True
    code, out, _err = quiet_command("create_demo_accounts")
    assert code == 0 and "mot de passe (tous) : atlaas-demo" in out
    usernames = [line.split()[-1] for line in out.splitlines() if "@" in line]
    assert len(usernames) == 5
    for username in usernames:
        assert authenticate(username=username, password="atlaas-demo") is not None, username
    juror = authenticate(username=usernames[1], password="atlaas-demo")
    client.force_login(juror)
    page = client.get(reverse("labels_jury:dossiers", args=[edition.year]))
    assert (
        page.status_code == 200 and "Vos propositions : 6 sur 9 dossiers." in page.content.decode()
    )

    # One of the agent's drafts waits for moderation: the moderator sees it from the start.
    waiting = WorkflowState.objects.active().get()
    assert waiting.requested_by.get_username() == usernames[0]
    client.force_login(authenticate(username=usernames[4], password="atlaas-demo"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert waiting.content_object.title in dashboard.replace("&#x27;", "'")
    # Run again: still one submission, not two.
    quiet_command("create_demo_accounts")
    assert WorkflowState.objects.active().count() == 1


def test_demo_accounts_are_refused_without_debug(quiet_command, settings):
    settings.DEBUG = False
    with pytest.raises(Exception, match="réservés au développement"):
        quiet_command("create_demo_accounts")
