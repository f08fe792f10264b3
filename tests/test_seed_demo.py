"""manage.py seed_demo: real places, French sheets that render, the press figures exactly,
the same site for the same seed, and a rerun that duplicates nothing."""

import datetime
import re
from collections import Counter

import pytest

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse

from wagtail.models import Page

from initiatives import geography
from initiatives.management.commands.seed_demo import Command as SeedDemoCommand
from initiatives.models import (
    ActionSheetPage,
    ActionSheetTag,
    CollectivityPage,
    SheetContact,
    SheetLink,
)

pytestmark = pytest.mark.django_db

SMALL = ("--sheets", "60", "--collectivities", "6")


def seed_demo():
    # This app's command itself: labels extends "seed_demo" with its own data and tests it.
    return SeedDemoCommand()


@pytest.fixture
def seed(referentiel, quiet_command):
    def run(*args):
        code, out, err = quiet_command(seed_demo(), *args)
        assert code == 0, err
        return out

    return run


def snapshot() -> list[tuple]:
    """Every demo sheet as a visitor sees it: place, texts, classification, contacts, links."""
    sheets = (
        ActionSheetPage.objects.order_by("external_id")
        .select_related("collectivity")
        .prefetch_related("services", "tags", "contacts", "links")
    )
    return [
        (
            sheet.external_id,
            sheet.collectivity.code,
            sheet.url_path,
            sheet.title,
            sheet.subtitle,
            sheet.date,
            sheet.live,
            sheet.actions,
            sheet.synthese,
            sheet.resultats,
            sorted(service.slug for service in sheet.services.all()),
            sorted(tag.name for tag in sheet.tags.all()),
            [(contact.name, contact.role, contact.email) for contact in sheet.contacts.all()],
            [(link.url, link.title) for link in sheet.links.all()],
        )
        for sheet in sheets
    ]


def counts() -> dict[str, int]:
    return {
        "collectivities": CollectivityPage.objects.count(),
        "sheets": ActionSheetPage.objects.count(),
        "live": ActionSheetPage.objects.live().count(),
        "services": ActionSheetPage.services.through.objects.count(),
        "tags": ActionSheetTag.objects.count(),
        "contacts": SheetContact.objects.count(),
        "links": SheetLink.objects.count(),
    }


def assert_tree_is_consistent():
    assert all(problems == [] for problems in Page.find_problems())


def assert_large_tree_is_consistent():
    """find_problems' checks (depth, orphans, numchild) in one query: it runs two queries per
    page, minutes at 16,000 pages. Also: every URL leads to one page."""
    rows = list(Page.objects.values_list("path", "depth", "numchild", "url_path"))
    step = Page.steplen
    paths = {path for path, _depth, _numchild, _url in rows}
    children = Counter(path[:-step] for path, depth, _numchild, _url in rows if depth > 1)
    assert [path for path, depth, _n, _u in rows if depth != len(path) // step] == []
    assert [path for path, depth, _n, _u in rows if depth > 1 and path[:-step] not in paths] == []
    assert [path for path, _d, numchild, _u in rows if children[path] != numchild] == []
    assert len({url for _p, _d, _n, url in rows}) == len(rows)


def test_an_empty_referentiel_stops_the_seed_with_advice_in_french(db, quiet_command):
    with pytest.raises(CommandError, match="manage.py import_referentiel"):
        quiet_command(seed_demo(), "--no-index")

    assert CollectivityPage.objects.count() == 0


def test_the_default_demo_is_small_real_french_and_every_page_renders(seed, client, admin_client):
    out = seed("--no-index")

    kinds = Counter(CollectivityPage.objects.values_list("kind", flat=True))
    assert kinds == {"ville": 28, "village": 9, "intercommunalite": 3}
    assert ActionSheetPage.objects.live().count() == 400
    assert ActionSheetPage.objects.filter(live=False).count() == 20
    assert "420 / 420 fiches" in out
    assert_tree_is_consistent()

    collectivities = list(CollectivityPage.objects.order_by("-population"))
    for collectivity in collectivities:
        place = geography.lookup(collectivity.code)
        assert (collectivity.title, collectivity.population) == (place.name, place.population)
    # A bounded sample: the largest and smallest, and the first of each kind.
    sample = {collectivities[0], collectivities[-1]}
    sample |= {next(c for c in collectivities if c.kind == kind) for kind in kinds}
    for collectivity in sample:
        response = client.get(collectivity.url)
        assert response.status_code == 200, collectivity.url
        assert collectivity.title in response.content.decode().replace("&#x27;", "'")

    sheets = list(ActionSheetPage.objects.live().order_by("external_id"))
    for sheet in sheets[::40]:  # a bounded sample across collectivities and sizes
        response = client.get(sheet.url)
        assert response.status_code == 200, sheet.url
        html = response.content.decode()
        assert sheet.title in html.replace("&#x27;", "'")
        assert "lorem" not in html.lower()
    for path in ("/", "/collectivites/", "/enjeux/"):
        assert client.get(path).status_code == 200, path
    draft = ActionSheetPage.objects.filter(live=False).first()
    assert client.get(draft.url).status_code == 404
    # Pages written in bulk have no revision: the editor must still open them.
    for page in (draft, collectivities[0]):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.url_path


def test_the_demo_has_its_collections_and_a_moderator_to_tell(seed, client):
    from django.contrib.auth.models import Group

    from initiatives.models import ThematicCollectionIndexPage, ThematicCollectionPage
    from initiatives.roles import EDITORS, MODERATORS

    out = seed(*SMALL, "--no-index")
    assert "Collections : 3 page(s) créée(s)" in out
    index = ThematicCollectionIndexPage.objects.get()
    collections = ThematicCollectionPage.objects.live().child_of(index)
    assert collections.count() == 2
    body = client.get(index.url).content.decode().replace("&#x27;", "'")
    for collection in collections:
        assert collection.title in body
        assert client.get(collection.url).status_code == 200
    # Editors may work there: the index is one of their pages.
    assert Group.objects.get(name=EDITORS).page_permissions.filter(page=index).exists()
    assert Group.objects.get(name=MODERATORS).user_set.filter(first_name="Camille").exists()

    out = seed(*SMALL, "--no-index")
    assert "Collections : 0 page(s) créée(s)" in out
    assert ThematicCollectionPage.objects.count() == 2


def test_sheets_read_like_a_town_and_stay_coherent(seed):
    seed(*SMALL, "--no-index")

    for sheet in ActionSheetPage.objects.select_related("collectivity").prefetch_related(
        "services__enjeu", "contacts", "links", "tags"
    ):
        services = list(sheet.services.all())
        assert 1 <= len(services) <= 3
        assert len({service.enjeu.category_id for service in services}) == 1
        for html in (sheet.actions, sheet.synthese, sheet.resultats, sheet.recommandations):
            assert html.startswith("<p>") and html.endswith(("</p>", "</ul>"))
        if sheet.live:
            # Put forward to Label 2023, whose jury met on 8 December 2022.
            assert datetime.date(2015, 1, 1) <= sheet.date <= datetime.date(2022, 12, 8)
        assert sheet.tags.exists()
        contacts = list(sheet.contacts.all())
        assert contacts and [c.sort_order for c in contacts] == list(range(len(contacts)))
        domain = contacts[0].email.split("@")[1]
        assert re.fullmatch(r"(ville|mairie|c[ac])-[a-z0-9-]+\.fr", domain)
        assert all(link.url.startswith(f"https://www.{domain}/") for link in sheet.links.all())


def test_a_rerun_creates_nothing_and_completes_an_interrupted_run(seed):
    seed(*SMALL, "--no-index")
    before, contents = counts(), snapshot()

    out = seed(*SMALL, "--no-index")
    assert "Fiches : 0 créée(s), 63 déjà présente(s)." in out
    assert counts() == before

    # An interrupted run lost its last batch: the rerun writes it again, identically.
    for page in ActionSheetPage.objects.filter(external_id__gt="demo-000050"):
        page.delete()
    assert ActionSheetPage.objects.count() == 50
    out = seed(*SMALL, "--no-index")
    assert "Fiches : 13 créée(s), 50 déjà présente(s)." in out
    assert counts() == before
    assert snapshot() == contents
    assert_tree_is_consistent()


def test_the_same_seed_gives_the_same_site_and_another_seed_another(seed):
    with transaction.atomic():
        seed(*SMALL, "--no-index")
        first = snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        seed(*SMALL, "--no-index", "--seed", "7")
        other = snapshot()
        transaction.set_rollback(True)
    assert ActionSheetPage.objects.count() == 0

    seed(*SMALL, "--no-index")

    assert snapshot() == first
    assert {row[3] for row in other} != {row[3] for row in first}


def test_press_2023_reproduces_the_label_figures_from_the_database(seed):
    seed("--scale", "press-2023", "--no-index")

    collectivities = CollectivityPage.objects.all()
    kinds = Counter(collectivities.values_list("kind", flat=True))
    assert kinds == {"village": 60, "ville": 184, "intercommunalite": 13}
    epcis = collectivities.filter(kind="intercommunalite")
    assert sum(len(epci.member_codes) for epci in epcis) == 273
    population = collectivities.aggregate(total=Sum("population"))["total"]
    assert 4_950_000 <= population <= 5_050_000
    assert ActionSheetPage.objects.live().count() == 15_275

    for collectivity in collectivities:
        place = geography.lookup(collectivity.code)
        assert collectivity.title == place.name
        assert collectivity.kind == place.kind
        assert collectivity.population == place.population
        assert (collectivity.departement, collectivity.region) == (place.departement, place.region)
        assert collectivity.member_codes == list(place.members)

    published = collectivities.annotate(
        sheets=Count("action_sheets", filter=Q(action_sheets__live=True))
    ).order_by("-population")
    assert min(c.sheets for c in published) >= 1
    biggest, smallest = published.first(), published.last()
    assert biggest.sheets > 5 * smallest.sheets
    years = Counter(ActionSheetPage.objects.live().values_list("date__year", flat=True))
    assert set(years) == set(range(2015, 2023))
    assert years[2022] > years[2019] > years[2015]
    assert_large_tree_is_consistent()


def test_an_indexed_demo_is_found_by_search_without_its_drafts(seed, api):
    seed("--sheets", "12", "--collectivities", "2")

    sheet = ActionSheetPage.objects.live().order_by("external_id").first()
    found = [row["external_id"] for row in api(q=sheet.title)["results"]]
    assert sheet.external_id in found
    draft = ActionSheetPage.objects.get(live=False)
    assert draft.external_id not in [row["external_id"] for row in api(q=draft.title)["results"]]


def test_impossible_sizes_are_refused_in_french(referentiel, quiet_command):
    with pytest.raises(CommandError, match="chaque collectivité publie au moins une fiche"):
        quiet_command(seed_demo(), "--sheets", "3", "--collectivities", "10")
    with pytest.raises(CommandError, match="soit --scale"):
        quiet_command(seed_demo(), "--scale", "press-2023", "--sheets", "10")

    assert CollectivityPage.objects.count() == 0


def test_demo_texts_do_not_read_as_copies_of_each_other(referentiel):
    """The generator alone, over one sheet in five of the press-2023 plan (the full scale is
    measured by seed_demo's summary): at least 90 % unique synthèses, and no sentence
    outside stock phrases in more than 2 % of the sheets."""
    import random

    from initiatives.demo import places
    from initiatives.demo.seeding import external_id, load_catalog
    from initiatives.demo.texts import write_sheet
    from initiatives.demo.variety import TEXT_FIELDS, measure
    from initiatives.demo.voice import voice_of

    catalog = load_catalog()
    rows, number = [], 0
    for entry in places.plan(places.SCALES["press-2023"], random.Random(2023)):  # noqa: S311
        voice = voice_of(entry.place)
        for rank in range(entry.published + entry.drafts):
            number += 1
            if number % 5:
                continue
            content = write_sheet(
                random.Random(f"2023:{external_id(number)}"),  # noqa: S311
                voice,
                entry.place.population,
                catalog,
                draft=rank >= entry.published,
            )
            rows.append({name: getattr(content, name) for name in TEXT_FIELDS})
    variety = measure(rows)
    assert variety.unique_synthese_share >= 0.9
    assert variety.top_sentence_share <= 0.02, variety.top_sentence


def test_the_variety_measure_sees_copies_and_spares_stock_phrases():
    from initiatives.demo.variety import measure

    copy = "<p>Un bus numérique. Il passe le mardi.</p><p>Les grandes étapes :</p>"
    rows = [
        {"synthese": copy, "actions": "", "resultats": "", "recommandations": ""},
        {"synthese": copy, "actions": "", "resultats": "", "recommandations": ""},
        {"synthese": "<p>Autre chose.</p>", "actions": "", "resultats": "", "recommandations": ""},
    ]
    variety = measure(rows)
    assert variety.unique_synthese_share == pytest.approx(1 / 3)
    assert variety.top_sentence in ("Un bus numérique.", "Il passe le mardi.")
    assert variety.top_sentence_share == pytest.approx(2 / 3)


def test_the_summary_prints_how_varied_the_demo_texts_are(seed):
    out = seed(*SMALL, "--no-index")
    assert re.search(
        r"Variété des textes : \d+\.\d % de synthèses uniques ; la phrase la plus reprise "
        r"\(hors formules types\) figure dans \d+\.\d\d % des fiches\.",
        out,
    )


def test_the_demo_shows_ideas_that_travel_between_collectivities(seed, client):
    from initiatives.models import SheetInspiration

    out = seed(*SMALL, "--no-index")
    links = list(SheetInspiration.objects.select_related("page", "source"))
    assert len(links) >= 3 and f"Inspirations : {len(links)} fiche(s)" in out
    for link in links:
        # An earlier sheet of another town, both public.
        assert link.source.collectivity_id != link.page.collectivity_id
        assert link.source.date < link.page.date
        assert link.source.live and link.page.live
    source = links[0].source
    body = client.get(source.url).content.decode()
    assert "A inspiré" in body and links[0].page.title in body.replace("&#x27;", "'")

    # A rerun adds none, and an editor's removal of a link is not undone.
    links[0].delete()
    out = seed(*SMALL, "--no-index")
    assert SheetInspiration.objects.count() == len(links) - 1
    assert "Inspirations :" not in out
