"""A new agent's first day: the invitation link, a first sheet written with the term
picker, saved, left, started again without an error, submitted; the moderator is told,
approves with a comment, and the agent's French e-mail holds it with the site's address.
Then axe on the agent's sheet form and dashboard."""

import re
from urllib.parse import urlsplit

import pytest

from django.core import mail

from initiatives import notifications, roles
from initiatives.models import ActionSheetPage

from ..role_helpers import make_user
from . import a11y
from .conftest import PASSWORD
from .world import build_world

expect = pytest.importorskip("playwright.sync_api", reason="Playwright absent").expect
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SITE = "https://atlaas.villes-internet.example"
TITLE = "Au cœur des hameaux, un conseiller numérique"
COMMENT = "Bravo ! Ajoutez une photo de l'atelier à la prochaine édition."


@pytest.fixture
def world(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    return build_world()


def first_login(tab, agent):
    """The invitation's link (made for the configured address), followed on this server."""
    link = notifications.password_setup_url(agent)
    assert link.startswith(SITE + "/admin/")
    tab.goto(urlsplit(link).path)
    expect(tab).to_have_title(re.compile("^Choisissez votre mot de passe"))
    tab.locator("#id_new_password1").fill(PASSWORD)
    tab.locator("#id_new_password2").fill(PASSWORD)
    tab.get_by_role("button", name="Enregistrer mon mot de passe").click()
    sign_in(tab, agent)


def sign_in(tab, user):
    tab.goto("/admin/login/")
    expect(tab.get_by_role("heading", name="Connexion à ATLAAS")).to_be_visible()
    tab.locator("#id_username").fill(user.username)
    tab.locator("#id_password").fill(PASSWORD)
    tab.get_by_role("button", name="S'identifier").click()
    tab.wait_for_url("**/admin/")


def write_sheet(tab):
    tab.locator("#id_title").fill(TITLE)
    tab.locator("#id_date").fill("2025-03-15")
    tab.locator("[data-contentpath=synthese] [role=textbox]").click()
    tab.keyboard.type("Un conseiller numérique passe chaque semaine dans les hameaux.")
    expect(tab.locator("#id_synthese")).to_have_value(re.compile("dans les hameaux"))
    tab.get_by_role("tab", name="Classement").click()
    search = tab.get_by_role("searchbox", name=re.compile("^Services"))
    search.fill("mediation itinerante")  # typed without accents
    tab.get_by_role(
        "checkbox", name="Médiation numérique itinérante (ressources en mobilité)"
    ).check()
    search.fill("epn")
    search.press("Enter")  # the only match is ticked; the form is not sent
    chosen = tab.get_by_role("list", name="Services choisis :")
    expect(chosen.get_by_role("listitem")).to_have_count(2)
    expect(chosen).to_contain_text("Espace public numérique (EPN)")


def test_a_new_agent_writes_leaves_restarts_and_submits_then_reads_the_approval(world, new_context):
    agent, _created = roles.attach_agent("marie.dupont@saint-malo.fr", world.saint_malo)
    moderator = make_user(
        "paul.lemoine@villes-internet.net", roles.MODERATORS, first_name="Paul", last_name="Lemoine"
    )
    tab = new_context().new_page()
    first_login(tab, agent)

    welcome = tab.get_by_role("region", name="Bienvenue sur ATLAAS")
    expect(welcome).to_contain_text("Indiquez votre prénom et votre nom")
    welcome.get_by_role("link", name="Écrivez votre première fiche action").click()
    expect(tab.get_by_text("Pour une fiche utile à vos pairs : 0 sur 6")).to_be_visible()
    write_sheet(tab)
    tab.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(tab.get_by_text(re.compile(r"Page\W+Au c.ur des hameaux.*cr..e"))).to_be_visible()

    # Left for the dashboard, then started again with the same title: no error, and the
    # earlier draft is pointed at.
    tab.goto("/admin/")
    tab.get_by_role("link", name="Nouvelle fiche action").click()
    expect(
        tab.get_by_text(f"Vous avez commencé la fiche « {TITLE} » sans la terminer")
    ).to_be_visible()
    expect(tab.get_by_role("link", name="Reprendre ce brouillon")).to_be_visible()
    write_sheet(tab)
    tab.get_by_role("button", name="Plus d'actions").click()
    tab.get_by_role("button", name="Soumettre à Relecture Villes Internet").click()
    expect(tab.get_by_text("soumise pour modération")).to_be_visible()
    expect(tab.get_by_text("erreurs de validation")).to_have_count(0)

    sheets = ActionSheetPage.objects.filter(title=TITLE).order_by("pk")
    assert [s.slug for s in sheets] == [
        "au-coeur-des-hameaux-un-conseiller-numerique",
        "au-coeur-des-hameaux-un-conseiller-numerique-2",
    ]
    submitted = sheets[1]
    assert submitted.workflow_in_progress
    assert submitted.get_latest_revision_as_object().services.count() == 2

    to_moderator = [m for m in mail.outbox if moderator.email in m.to]
    assert [m.subject for m in to_moderator] == [f"À relire : « {TITLE} »"]
    assert to_moderator[0].body.startswith("Bonjour Paul Lemoine,")

    mail.outbox.clear()
    reviewer = new_context().new_page()
    sign_in(reviewer, moderator)
    expect(reviewer.get_by_text(TITLE).first).to_be_visible()  # the dashboard's review list
    reviewer.goto(f"/admin/pages/{submitted.pk}/edit/")
    reviewer.get_by_role("button", name="Plus d'actions").click()
    reviewer.get_by_role("button", name=re.compile("^Approuver avec un commentaire")).click()
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_label("Commenter").fill(COMMENT)
    dialog.get_by_role("button", name=re.compile("^Approuver")).click()
    expect(reviewer.get_by_text(f"La page « {TITLE} » a été mise à jour.")).to_be_visible()

    (message,) = [m for m in mail.outbox if agent.email in m.to]
    assert message.subject == f"« {TITLE} » est publiée"
    assert message.body.startswith("Bonjour,")  # no name given yet: no e-mail as a name
    assert f"Commentaire de Villes Internet : « {COMMENT} »" in message.body
    assert f"{SITE}/saint-malo/au-coeur-des-hameaux-un-conseiller-numerique-2/" in message.body
    assert "localhost" not in message.body and "workflow" not in message.body


def test_no_serious_or_critical_axe_violation_on_the_agent_sheet_form_and_dashboard(
    world, new_context
):
    from ..role_helpers import make_agent

    agent = make_agent("agent@saint-malo.fr", world.saint_malo)
    tab = new_context(bypass_csp=True).new_page()
    sign_in(tab, agent)

    blocking = {}
    pages = {
        "tableau de bord": "/admin/",
        "fiche (nouvelle)": f"/admin/pages/{world.saint_malo.pk}/add_subpage/",
    }
    for name, url in pages.items():
        tab.goto(url)
        expect(tab.get_by_role("heading", level=1).first).to_be_visible()
        if "fiche" in name:
            tab.get_by_role("tab", name="Classement").click()
            expect(tab.get_by_role("searchbox", name=re.compile("^Services"))).to_be_visible()
        violations = a11y.audit(tab, name)
        serious = [v for v in violations if v["impact"] in a11y.BLOCKING]
        if serious:
            blocking[name] = a11y.describe(serious)
    a11y.write_summary()
    assert not blocking, "\n".join(f"{name}:\n{text}" for name, text in blocking.items())
