"""seed_demo with the label: every demo collectivity takes part in Label 2023 with all its
published sheets, awards look like a real palmarès, reruns change nothing, pages render; and
the press-2023 plan gives the figures the press announced."""

import random
from collections import Counter

import pytest

from initiatives.demo import places
from initiatives.models import ActionSheetPage, CollectivityPage
from labels import palmares
from labels.demo.plan import EDITIONS, LATEST, Participant, plan_awards
from labels.models import Award, LabelEditionPage, LabelIndexPage, Participation

pytestmark = pytest.mark.django_db

SMALL = ("--sheets", "90", "--collectivities", "9", "--no-index")


def label_state() -> tuple:
    return (
        list(
            Participation.objects.order_by("pk").values_list("pk", "edition_id", "collectivity_id")
        ),
        list(
            Award.objects.order_by("pk").values_list("pk", "arobases", "excellence", "jury_comment")
        ),
        sorted(
            Participation.sheets.through.objects.values_list(
                "participation_id", "actionsheetpage_id"
            )
        ),
        sorted(Award.mentions.through.objects.values_list("award_id", "mention_id")),
    )


def test_the_demo_label_puts_every_collectivity_and_sheet_in_label_2023(
    referentiel, quiet_command, client
):
    code, out, err = quiet_command("seed_demo", *SMALL)
    assert code == 0, err
    assert "Label : 4 édition(s) créée(s), " in out

    label_2023 = LabelEditionPage.objects.get(year=2023)
    assert (label_2023.number, label_2023.ceremony_place) == (24, "Albi")
    assert label_2023.ceremony_at.isoformat() == "2023-02-02T13:30:00+00:00"
    figures = palmares.figures(palmares.edition_participations(label_2023))
    collectivities = CollectivityPage.objects.all()
    kinds = Counter(collectivities.values_list("kind", flat=True))
    assert figures["dossiers"] == collectivities.count() == 9
    assert (figures["villages"], figures["villes"], figures["intercommunalites"]) == (
        kinds["village"],
        kinds["ville"],
        kinds["intercommunalite"],
    )
    assert figures["sheets"] == ActionSheetPage.objects.live().count() == 90
    assert figures["inhabitants"] == sum(collectivities.values_list("population", flat=True))
    assert Award.objects.filter(participation__edition=label_2023).count() == 9
    assert not Award.objects.filter(excellence=True).exclude(arobases=5).exists()
    earlier = (
        Participation.objects.filter(edition__year__lt=label_2023.year).values("edition").distinct()
    )
    assert 0 < earlier.count() <= 3

    # Every label page renders, each award page of 2023 too.
    assert client.get("/label/").status_code == 200
    for edition in LabelEditionPage.objects.all():
        assert client.get(edition.url).status_code == 200, edition.url
    for collectivity in collectivities:
        response = client.get(f"/label/2023/{collectivity.slug}/")
        assert response.status_code == 200, collectivity.slug
    assert LabelIndexPage.objects.get().url == "/label/"


def test_a_rerun_of_the_demo_seed_changes_nothing_in_the_label(referentiel, quiet_command):
    quiet_command("seed_demo", *SMALL)
    before = label_state()

    code, out, _err = quiet_command("seed_demo", *SMALL)

    assert code == 0
    assert "Label : 0 édition(s) créée(s), 0 dossier(s), 0 distinction(s) et 0 fiche(s)" in out
    assert label_state() == before


def test_the_press_2023_plan_gives_the_announced_figures_and_a_plausible_palmares():
    planned = places.plan(places.PRESS_2023, random.Random(2023))
    strongest = ["democratie-locale", "mediation", "education", "transition-ecologique", "emploi"]
    participants = [
        Participant(entry.place.code, entry.published, strongest[rank % len(strongest)])
        for rank, entry in enumerate(planned)
    ]

    awards = plan_awards(participants, seed=2023)

    latest = [award for award in awards if award.year == LATEST.year]
    kinds = Counter(entry.place.kind for entry in planned)
    # What the palmarès of Label 2023 reads once the demo is seeded: every collectivity takes
    # part, with all its published sheets.
    assert len(latest) == 257
    assert kinds == {"village": 60, "ville": 184, "intercommunalite": 13}
    epcis = [entry.place for entry in planned if entry.place.kind == "intercommunalite"]
    assert sum(len(place.members) for place in epcis) == 273
    assert sum(entry.published for entry in planned) == 15_275
    assert 4_950_000 <= sum(entry.place.population for entry in planned) <= 5_050_000

    levels = Counter(award.arobases for award in latest)
    assert sum(levels.values()) == 257
    assert min(levels[3], levels[4]) > max(levels[1], levels[5]) > 0
    excellent = [award for award in latest if award.excellence]
    assert 0 < len(excellent) < levels[5]
    assert all(award.arobases == 5 for award in awards if award.excellence)
    assert any(award.mentions for award in latest)
    per_year = Counter(award.year for award in awards)
    years = [edition.year for edition in EDITIONS]
    assert [per_year[year] for year in years] == sorted(per_year[year] for year in years)
    assert per_year[years[0]] < 257

    # Levels never fall from one edition to the next.
    history: dict[str, list[int]] = {}
    for award in awards:
        history.setdefault(award.code, []).append(award.arobases)
    assert all(levels == sorted(levels) for levels in history.values())
    assert plan_awards(participants, seed=2023) == awards
    assert plan_awards(participants, seed=7) != awards
