"""The jury's journey in Chromium: a juror studies a dossier and proposes (bad input gets a
French message and loses nothing); the president decides and closes the deliberation; at
the ceremony the award page offers the laureate's kit and the palmarès shows its figures."""

import datetime
import re

import pytest

from django.utils import timezone

from labels.models import Award, JuryProposal

from ..jury_helpers import build_jury_world

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world():
    world = build_jury_world()
    # Vitré never deposited its draft: it has no part in this journey.
    world.draft_dossier.delete()
    JuryProposal.objects.create(
        participation=world.malo_dossier,
        juror=world.juror_two.jury_seats.get(),
        arobases=5,
        private_comment="Un dossier exemplaire, à mon sens.",
    )
    return world


def test_a_juror_proposes_the_president_decides_and_the_ceremony_reveals_the_kit(
    world, admin_page, page
):
    year = world.edition.year
    juror = admin_page(world.juror)

    # The juror's dashboard leads to the dossiers.
    juror.get_by_role("link", name=f"Les dossiers du Label {year}").click()
    expect(juror.get_by_text("Vos propositions : 0 sur 2 dossiers.")).to_be_visible()
    juror.get_by_role("link", name="Rennes").click()
    expect(juror.get_by_role("heading", name="La mosaïque des enjeux")).to_be_visible()
    # Rennes has never been labelled 5 @: excellence is not offered…
    expect(juror.get_by_label("Territoire d'excellence numérique")).to_have_count(0)
    # …and a forged request for it is refused in French, keeping what was typed.
    juror.get_by_label("5 @", exact=True).check()
    juror.get_by_label("Commentaire privé").fill("Une belle progression.")
    juror.locator("form:has(textarea[name=private_comment])").evaluate(
        "form => form.insertAdjacentHTML('beforeend',"
        " '<input type=hidden name=excellence value=on>')"
    )
    juror.get_by_role("button", name="Enregistrer ma proposition").click()
    expect(juror.get_by_text("ne peut pas être proposé pour Rennes")).to_be_visible()
    expect(juror.get_by_label("Commentaire privé")).to_have_value("Une belle progression.")
    assert not JuryProposal.objects.filter(participation=world.rennes_dossier).exists()
    # No level chosen: the range is explained.
    juror.goto(f"/admin/label/{year}/jury/35238/")
    juror.get_by_label("Commentaire privé").fill("Une belle progression.")
    juror.get_by_role("button", name="Enregistrer ma proposition").click()
    expect(juror.get_by_text("Le nombre d'arobases va de 1 à 5")).to_be_visible()
    expect(juror.get_by_label("Commentaire privé")).to_have_value("Une belle progression.")
    juror.get_by_label("3 @", exact=True).check()
    juror.get_by_role("button", name="Enregistrer ma proposition").click()
    expect(
        juror.get_by_text("Votre proposition pour Rennes est enregistrée : 3 @.")
    ).to_be_visible()

    # Saint-Malo: the others' proposals appear once the juror's own is recorded.
    juror.goto(f"/admin/label/{year}/jury/")
    juror.get_by_role("link", name="Saint-Malo").click()
    expect(juror.get_by_text("Un dossier exemplaire, à mon sens.")).to_have_count(0)
    juror.get_by_label("4 @", exact=True).check()
    juror.get_by_label("Territoire d'excellence numérique").check()
    juror.get_by_role("button", name="Enregistrer ma proposition").click()
    expect(juror.get_by_text("ne va qu'avec 5 arobases")).to_be_visible()
    juror.get_by_label("5 @", exact=True).check()
    juror.get_by_role("button", name="Enregistrer ma proposition").click()
    expect(juror.get_by_text("Un dossier exemplaire, à mon sens.")).to_be_visible()

    # The president reads the table, decides each dossier and closes.
    president = admin_page(world.president)
    president.goto(f"/admin/label/{year}/deliberation/")
    rows = president.get_by_role("row")
    expect(rows.filter(has_text="Saint-Malo")).to_contain_text("5 @")
    expect(rows.filter(has_text="Rennes")).to_contain_text("à décider")
    for name, level, comment in (
        ("Saint-Malo", "5 @", "Une politique numérique exemplaire."),
        ("Rennes", "3 @", ""),
    ):
        president.get_by_role("link", name=name).click()
        decision = president.locator("form:has(input[name=decide])")
        decision.get_by_label(level, exact=True).check()
        if name == "Saint-Malo":
            decision.get_by_label("Territoire d'excellence numérique").check()
            decision.get_by_label("Le mot du jury").fill(comment)
            # The mention is found with the term picker, typed without its accent.
            decision.get_by_label("Rechercher une mention").fill("democratie")
            decision.get_by_label("Démocratie locale").check()
            expect(decision.locator(".term-picker__chips")).to_contain_text("Démocratie locale")
        decision.get_by_role("button", name="Enregistrer la décision").click()
        expect(president.get_by_text(f"Décision enregistrée pour {name}")).to_be_visible()
    president.get_by_role("button", name="Clore le délibéré").click()
    expect(president.get_by_text("Délibéré clos : les décisions sont figées")).to_be_visible()
    world.edition.refresh_from_db()
    assert world.edition.deliberation_closed_at is not None
    award = Award.objects.get(participation=world.malo_dossier)
    assert (award.arobases, award.excellence) == (5, True)
    assert [mention.slug for mention in award.mentions.all()] == ["democratie-locale"]

    # Before the ceremony the public sees nothing.
    assert page.goto(f"/label/{year}/saint-malo/").status == 404

    # The ceremony begins.
    world.edition.ceremony_at = timezone.now() - datetime.timedelta(minutes=1)
    world.edition.save_revision().publish()

    page.goto(f"/label/{year}/")
    figures = page.locator(".label-figures")
    expect(figures.locator(".label-figure--main dd")).to_have_text("2")
    expect(figures).to_contain_text(re.compile(r"villes"))
    page.get_by_role("link", name="Saint-Malo").first.click()
    expect(page.get_by_role("heading", name="Le kit du lauréat")).to_be_visible()
    expect(page.get_by_text("Une politique numérique exemplaire.")).to_be_visible()
    badge = page.get_by_role("img", name=re.compile("Badge du label"))
    expect(badge).to_be_visible()
    # The badge is a real image the browser could draw (waited for: it loads after the page).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=badge.element_handle()
    )
    page.get_by_role("link", name="Imprimer le diplôme").click()
    expect(page.get_by_role("heading", name="Diplôme")).to_be_visible()
    expect(page.get_by_text("le label Ville Internet")).to_be_visible()
    expect(page.get_by_text("Territoire d'excellence numérique")).to_be_visible()
