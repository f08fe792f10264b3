"""What visitors see of the label: the palmarès and its live figures, award pages, the JSON
API, a collectivity's label history, and nothing at all of an edition before its ceremony."""

import datetime
import re

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import geography
from initiatives.models import ActionSheetPage, CollectivityPage, Enjeu, new_external_id
from initiatives.page_tree import bulk_add_children
from labels.models import Award, Mention, Participation
from labels.signal_handlers import notify
from tests.factories import home_page, make_collectivity, make_sheet
from tests.test_labels_models import (
    future,
    label_index,
    make_award,
    make_edition,
    mention,
)

pytestmark = pytest.mark.django_db

VILLAGES = ("35002", "35003")  # Amanlis, Andouillé-Neuville
VILLES = ("35288", "29019", "22113")  # Saint-Malo, Brest, Lannion
EPCI = "200000172"  # CC Faucigny - Glières, 7 communes


def html(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def text(response) -> str:
    """The page's visible words, tags removed and spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", html(response))
    return re.sub(r"\s+", " ", words.replace("\u202f", " ").replace("\xa0", " "))


def _words(raw: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)).replace("\u202f", " ").strip()


def key_figures(response) -> dict[str, str]:
    """The palmarès key figures as {label: value}, e.g. {"villes": "184"}."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html(response), re.S)
    return {_words(label): _words(value) for label, value in pairs}


def bulk_collectivities(codes):
    places = [geography.lookup(code) for code in codes]
    return bulk_add_children(
        home_page(),
        [
            CollectivityPage(
                title=place.name,
                code=place.code,
                kind=place.kind,
                population=place.population,
                departement=place.departement,
                region=place.region,
                members=", ".join(place.members),
                live=True,
            )
            for place in places
        ],
    )


def bulk_sheets(collectivity, count, services, live=True):
    sheets = bulk_add_children(
        collectivity,
        [
            ActionSheetPage(
                title=f"Initiative {number:02d} de {collectivity.title}",
                date=datetime.date(2022, 1, 1) + datetime.timedelta(days=number),
                collectivity=collectivity,
                external_id=new_external_id(),
                live=live,
            )
            for number in range(count)
        ],
    )
    through = ActionSheetPage.services.through
    through.objects.bulk_create(
        through(actionsheetpage_id=sheet.pk, service_id=service.pk)
        for sheet in sheets
        for service in services
    )
    return sheets


def bulk_awards(edition, collectivities, level=3):
    Participation.objects.bulk_create(
        Participation(edition=edition, collectivity=collectivity) for collectivity in collectivities
    )
    Award.objects.bulk_create(
        Award(participation=participation, arobases=level)
        for participation in Participation.objects.filter(edition=edition, awards__isnull=True)
    )
    notify(Award)  # as seed_demo does after its bulk writes


def count_queries(client, url, *, cached=False) -> int:
    """Queries of one request; by default with every cached answer forgotten first."""
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def services(referentiel):
    """One service in each of three enjeux of the référentiel."""
    return [
        Enjeu.objects.get(slug=slug).services.first()
        for slug in ("democratie-locale", "mediation", "education")
    ]


@pytest.fixture
def palmares(services):
    """Label 2023 (past ceremony): 2 villages, 3 villes, 1 intercommunalité of 7 communes."""
    edition = make_edition()
    towns = {town.code: town for town in bulk_collectivities(VILLAGES + VILLES + (EPCI,))}
    sheets = {code: bulk_sheets(town, 2, services[:1]) for code, town in towns.items()}
    draft = bulk_sheets(towns["35288"], 1, services[:1], live=False)
    levels = {"35002": 2, "35003": 3, "35288": 5, "29019": 4, "22113": 3, EPCI: 4}
    awards = {}
    for code, level in levels.items():
        put_forward = sheets[code] + (draft if code == "35288" else [])
        awards[code] = make_award(
            edition,
            towns[code],
            level,
            excellence=code == "35288",
            mentions=[mention("democratie-locale")] if code in ("35288", "35003") else [],
            sheets=put_forward,
        )
    return edition, towns, awards


# The palmarès


def test_the_palmares_figures_are_computed_from_the_dossiers(client, palmares):
    edition, towns, _awards = palmares
    population = sum(town.population for town in towns.values())

    response = client.get("/label/2023/")

    assert response.status_code == 200
    figures = key_figures(response)
    assert figures["dossiers de candidature"] == "6"
    assert figures["villages"] == "2" and figures["villes"] == "3"
    assert figures["intercommunalité regroupant 7 communes"] == "1"
    # The draft put forward by Saint-Malo is not counted.
    assert figures["fiches actions présentées"] == "12"
    assert figures["habitants représentés"] == f"{population:,}".replace(",", " ")
    page = text(response)
    assert "24e édition du label" in page
    assert "du 1er juin 2022 au 28 octobre 2022" in page
    assert "2 février 2023 à Albi" in page


def test_the_api_gives_the_same_figures_and_the_awards_by_level(client, palmares):
    _edition, towns, _awards = palmares

    data = client.get("/api/labels/2023/").json()

    assert data["year"] == 2023 and data["edition"] == 24
    assert data["ceremony"] == "2023-02-02T14:30:00+01:00"
    assert data["figures"] == {
        "dossiers": 6,
        "villages": 2,
        "villes": 3,
        "intercommunalites": 1,
        "communes_in_intercommunalites": 7,
        "sheets": 12,
        "inhabitants": sum(town.population for town in towns.values()),
    }
    assert data["arobases"] == {"1": 0, "2": 1, "3": 2, "4": 2, "5": 1}
    assert data["excellence"] == 1
    # Only the mentions given in this edition are listed.
    assert data["mentions"] == {"democratie-locale": 2}


def test_the_palmares_lists_the_awarded_collectivities_by_level(client, palmares):
    _edition, towns, _awards = palmares

    response = client.get("/label/2023/")

    page = text(response)
    assert 'aria-label="5 arobases sur 5"' in html(response)
    assert "1 Territoire d'excellence numérique" in page
    assert page.index("Saint-Malo") < page.index("Brest") < page.index("Amanlis")
    assert 'href="/label/2023/saint-malo/"' in html(response)


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("arobases=4", {"Brest", "CC Faucigny - Glières"}, {"Saint-Malo", "Lannion"}),
        ("type=village", {"Amanlis", "Andouillé-Neuville"}, {"Brest", "Saint-Malo"}),
        ("region=53", {"Saint-Malo", "Brest", "Amanlis"}, {"CC Faucigny - Glières"}),
        ("mention=democratie-locale", {"Saint-Malo", "Andouillé-Neuville"}, {"Brest"}),
        ("arobases=9&type=capitale&region=xx", {"Saint-Malo", "Amanlis"}, set()),
    ],
)
def test_the_palmares_filters_by_level_kind_region_and_mention(
    client, palmares, query, shown, hidden
):
    response = client.get(f"/label/2023/?{query}")
    assert response.status_code == 200
    listing = text(response).split("Le palmarès", 1)[1]
    assert all(f"{name} " in listing for name in shown), listing
    assert not any(f"{name} " in listing for name in hidden), listing


def test_the_palmares_runs_the_same_queries_with_5_or_50_awards(client, services):
    edition = make_edition()
    towns = bulk_collectivities(sorted(geography.communes())[:50])
    for town in towns:
        bulk_sheets(town, 1, services[:1])
    bulk_awards(edition, towns[:5])
    urls = ["/label/2023/", "/api/labels/2023/", "/label/"]
    few = {url: count_queries(client, url) for url in urls}
    bulk_awards(edition, towns[5:], level=4)
    assert {url: count_queries(client, url) for url in urls} == few
    assert key_figures(client.get("/label/2023/"))["dossiers de candidature"] == "50"
    # Until the data changes, the figures and the list come from the cache.
    assert count_queries(client, "/label/2023/", cached=True) < few["/label/2023/"] - 5


def test_the_palmares_shows_a_changed_award_at_once(client, palmares):
    _edition, _towns, awards = palmares
    assert "2 villages" not in text(client.get("/label/2023/?arobases=5"))
    client.get("/label/2023/")  # both answers are now cached

    brest = awards["29019"]
    brest.arobases = 5
    brest.mentions.add(mention("arobase-verte"))
    brest.save()

    listing = text(client.get("/label/2023/?arobases=5")).split("Le palmarès", 1)[1]
    assert "Brest " in listing and "Saint-Malo " in listing
    page = text(client.get("/label/2023/"))
    assert page.index("Brest") < page.index("Lannion")
    assert re.search(r"Arobase verte — transition écologique\s*1\b", page), page


# Award pages


def test_an_award_page_shows_the_badge_the_mentions_and_the_sheets_by_enjeu(client, services):
    edition = make_edition()
    saint_malo = make_collectivity()
    democracy, mediation = services[0], services[1]
    council = make_sheet(
        saint_malo, "Conseils municipaux en vidéo", [democracy], date=datetime.date(2022, 9, 1)
    )
    both = make_sheet(
        saint_malo,
        "Un budget participatif accompagné",
        [democracy, mediation],
        date=datetime.date(2022, 8, 1),
    )
    draft = make_sheet(saint_malo, "Brouillon présenté", [mediation], live=False)
    make_sheet(saint_malo, "Fiche non présentée", [mediation])
    make_award(
        edition,
        saint_malo,
        4,
        mentions=[mention("democratie-locale")],
        sheets=[council, both, draft],
        comment="Une démarche exemplaire.",
    )

    response = client.get("/label/2023/saint-malo/")

    assert response.status_code == 200
    page = text(response)
    assert 'aria-label="4 arobases sur 5"' in html(response)
    assert "Démocratie locale" in page and "Une démarche exemplaire." in page
    assert "2 fiches actions présentées au jury" in page
    assert "Fiche non présentée" not in page and "Brouillon présenté" not in page
    assert "Enjeux couverts par les fiches présentées : Démocratie locale, Médiation." in page
    assert "2 enjeux sur 16" in page
    groups = re.findall(r'<details class="sheet-group.*?</details>', html(response), re.S)
    titles = {
        re.search(r'sheet-group__name">(.*?)<', group)[1]: re.findall(
            r'<a href="[^"]+">(.*?)</a>', group
        )
        for group in groups
    }
    assert titles == {
        "Démocratie locale": ["Conseils municipaux en vidéo", "Un budget participatif accompagné"],
        "Médiation": ["Un budget participatif accompagné"],
    }
    assert "Territoire d'excellence numérique" not in page.split("Les enjeux couverts")[0]


def test_an_award_page_of_another_collectivity_or_edition_is_not_found(client, palmares):
    assert client.get("/label/2023/rennes/").status_code == 404
    assert client.get("/label/2023/saint-malo/plus/").status_code == 404
    assert client.get("/label/2022/saint-malo/").status_code == 404


def test_the_award_page_runs_the_same_queries_with_3_or_30_sheets(client, services):
    edition = make_edition()
    (saint_malo,) = bulk_collectivities(["35288"])
    sheets = bulk_sheets(saint_malo, 30, services)
    participation = Participation(edition=edition, collectivity=saint_malo)
    participation.sheets = sheets[:3]
    participation.save()
    Award.objects.create(participation=participation, arobases=3)
    # What each process reads once per state of the data (restricted sections, the
    # header's indexes) is read by this first visit, not by the two compared.
    client.get("/label/2023/saint-malo/")
    few = count_queries(client, "/label/2023/saint-malo/")
    Participation.sheets.through.objects.bulk_create(
        Participation.sheets.through(participation=participation, actionsheetpage=sheet)
        for sheet in sheets[3:]
    )
    assert count_queries(client, "/label/2023/saint-malo/") == few


# The embargo, as a visitor meets it


@pytest.fixture
def embargoed(services):
    """Label 2027, published, ceremony to come: Saint-Malo's 5 @ are ready but secret."""
    edition = make_edition(2027, ceremony_at=future(), place="Albi")
    saint_malo = make_collectivity()
    sheet = make_sheet(saint_malo, "Fiche présentée", services[:1])
    make_award(
        edition,
        saint_malo,
        5,
        excellence=True,
        mentions=[mention("arobase-verte")],
        sheets=[sheet],
        comment="Secret du jury.",
    )
    return edition, saint_malo


def test_before_the_ceremony_the_palmares_shows_only_the_date_and_place(client, embargoed):
    edition, _saint_malo = embargoed

    response = client.get("/label/2027/")

    assert response.status_code == 200
    page = text(response)
    assert "Palmarès dévoilé le" in page and "à Albi" in page
    for secret in ("Saint-Malo", "arobases sur 5", "excellence", "Arobase verte", "dossier"):
        assert secret not in page, secret


def test_before_the_ceremony_award_page_api_and_timeline_reveal_nothing(client, embargoed):
    _edition, saint_malo = embargoed

    assert client.get("/label/2027/saint-malo/").status_code == 404
    response = client.get("/api/labels/2027/")
    assert response.status_code == 404
    assert response.json() == {"error": "Aucun palmarès publié pour le label 2027."}
    collectivity = text(client.get(saint_malo.url))
    assert "2027" not in collectivity and "arobases sur 5" not in collectivity
    index = text(client.get("/label/"))
    assert "Palmarès à venir" in index and "dossier" not in index


def test_a_mention_created_for_an_embargoed_edition_is_not_listed_for_an_earlier_one(
    client, palmares
):
    edition = make_edition(2027, ceremony_at=future(), place="Albi")
    secret = Mention.objects.create(name="Mention spéciale 2027", slug="speciale-2027")
    make_award(edition, make_collectivity("35238", "Rennes"), 3, mentions=[secret])

    data = client.get("/api/labels/2023/").json()

    assert "speciale-2027" not in data["mentions"]
    assert "Mention spéciale 2027" not in text(client.get("/label/2023/"))


def test_the_palmares_appears_once_the_ceremony_has_begun(client, embargoed):
    edition, saint_malo = embargoed
    edition.ceremony_at = datetime.datetime(2023, 2, 2, 13, 30, tzinfo=datetime.UTC)
    edition.save_revision().publish()

    assert "Saint-Malo" in text(client.get("/label/2027/"))
    assert client.get("/label/2027/saint-malo/").status_code == 200
    assert client.get("/api/labels/2027/").json()["excellence"] == 1
    assert "2027" in text(client.get(saint_malo.url))


def test_an_unpublished_edition_reveals_nothing(client, services):
    edition = make_edition(2023, live=False)
    make_award(edition, make_collectivity(), 5)

    assert client.get("/label/2023/").status_code == 404
    assert client.get("/label/2023/saint-malo/").status_code == 404
    assert client.get("/api/labels/2023/").status_code == 404


def test_editors_preview_the_palmares_before_the_ceremony(client, embargoed):
    edition, _saint_malo = embargoed

    preview = edition.make_preview_request()
    preview.render()
    assert "Saint-Malo" in preview.content.decode()

    client.force_login(get_user_model().objects.create_superuser("editrice", "e@x.fr", "pw"))
    page = text(client.get("/label/2027/"))
    assert "Aperçu réservé aux éditeurs" in page and "Saint-Malo" in page
    assert client.get("/label/2027/saint-malo/").status_code == 200
    client.logout()
    assert "Saint-Malo" not in text(client.get("/label/2027/"))


# The collectivity's history and the label section


def test_a_collectivity_page_shows_its_label_history_linked_to_award_pages(client, services):
    saint_malo = make_collectivity()
    for year, level in ((2021, 3), (2023, 5), (2022, 4)):
        edition = make_edition(
            year, ceremony_at=datetime.datetime(year, 2, 2, 14, tzinfo=datetime.UTC)
        )
        make_award(edition, saint_malo, level, excellence=level == 5)

    response = client.get(saint_malo.url)

    content = html(response)
    links = re.findall(r'href="(/label/\d+/saint-malo/)"', content)
    assert links == [
        "/label/2021/saint-malo/",
        "/label/2022/saint-malo/",
        "/label/2023/saint-malo/",
    ]
    assert "3 arobases sur 5" in content and "5 arobases sur 5" in content
    for link in links:
        assert client.get(link).status_code == 200


def test_the_collectivity_page_runs_the_same_queries_with_1_or_4_awards(client, services):
    saint_malo = make_collectivity()
    editions = [
        make_edition(year, ceremony_at=datetime.datetime(year, 2, 2, 14, tzinfo=datetime.UTC))
        for year in (2020, 2021, 2022, 2023)
    ]
    make_award(editions[0], saint_malo, 2, mentions=[mention("democratie-locale")])
    one = count_queries(client, saint_malo.url)
    for edition in editions[1:]:
        make_award(edition, saint_malo, 4, mentions=[mention("arobase-verte")])
    assert count_queries(client, saint_malo.url) == one


def test_the_label_section_lists_editions_latest_first_and_is_in_the_navigation(client, palmares):
    make_edition(2022, ceremony_at=datetime.datetime(2022, 2, 3, 13, tzinfo=datetime.UTC))

    page = text(client.get("/label/"))

    assert page.index("Label 2023") < page.index("Label 2022")
    assert "6 dossiers" in page and "6 collectivités labellisées" in page
    assert 'href="/label/"' in html(client.get("/"))
    assert label_index().url == "/label/"


def test_millions_of_inhabitants_are_rounded_not_cut():
    from labels.templatetags.label_tags import millions

    assert millions(4_999_533) == "5,0"
    assert millions(12_345_678) == "12,3"
    assert millions(950_000) == 950_000


def test_the_palmares_shows_where_the_awarded_collectivities_are(client, palmares):
    edition, _towns, _awards = palmares
    html_text = html(client.get(edition.url))
    assert "Carte : svg-maps (Victor Cazanave), CC BY 4.0" in html_text
    assert "Collectivités labellisées par département" in html_text
    assert 'class="dept-map__area shade-' in html_text
