"""The jury's mention nominations use the term picker (searchable, chips) in the juror's
proposal and the president's decision, and a mention that does not exist is refused in
French without touching what was saved."""

import re

import pytest

from labels.models import Award, JuryProposal, Mention

from .jury_helpers import build_jury_world
from .test_jury import decide, dossier_url, propose
from .test_labels_pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_jury_world()


def picker_selects(html: str) -> dict[str, str]:
    """The pickers' selects by field name, with their markup."""
    return {
        match.group(1): match.group(0)
        for match in re.finditer(
            r'<select name="([^"]+)"[^>]*data-term-picker[^>]*>.*?</select>', html, re.S
        )
    }


def test_the_juror_and_the_president_nominate_mentions_with_the_term_picker(client, world):
    client.force_login(world.president)
    page = client.get(dossier_url(world, world.saint_malo)).content.decode()

    pickers = picker_selects(page)
    assert set(pickers) == {"mentions", "decision-mentions"}
    democratie = Mention.objects.get(slug="democratie-locale")
    for select in pickers.values():
        assert "multiple" in select
        assert 'data-search-label="Rechercher une mention"' in select
        assert 'data-none-chosen="Aucune pour l&#x27;instant."' in select
        assert f">{democratie.name}</option>" in select
    assert "js/term-picker.js" in page and "css/term-picker.css" in page


def test_the_picker_shows_the_mentions_already_proposed(client, world):
    democratie = Mention.objects.get(slug="democratie-locale")
    client.force_login(world.juror)
    propose(client, world, world.rennes, arobases="3", mentions=[democratie.pk])

    select = picker_selects(client.get(dossier_url(world, world.rennes)).content.decode())
    assert re.search(rf'<option value="{democratie.pk}" selected>', select["mentions"])


@pytest.mark.parametrize("unknown", ["999999", "pas-un-nombre"])
def test_an_unknown_mention_in_a_proposal_is_refused_in_french(client, world, unknown):
    democratie = Mention.objects.get(slug="democratie-locale")
    client.force_login(world.juror)
    propose(client, world, world.rennes, arobases="3", mentions=[democratie.pk])

    response = propose(client, world, world.rennes, arobases="2", mentions=[unknown])

    assert response.status_code == 200
    assert "Cette mention n'existe pas (ou plus)." in text(response)
    proposal = JuryProposal.objects.get(juror__user=world.juror)
    assert proposal.arobases == 3
    assert list(proposal.mentions.all()) == [democratie]


def test_an_unknown_mention_in_the_decision_is_refused_in_french(client, world):
    client.force_login(world.president)
    decide(client, world, world.rennes, arobases="3")

    response = decide(client, world, world.rennes, arobases="4", mentions=["999999"])

    assert response.status_code == 200
    assert "Cette mention n'existe pas (ou plus)." in text(response)
    award = Award.objects.get(participation=world.rennes_dossier)
    assert award.arobases == 3 and not award.mentions.exists()
