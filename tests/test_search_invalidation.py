"""Only what changes the public site empties the search's caches (issue 17, requirement
7): a draft, an autosave, a revision or a lock keep every cached answer and the workers'
facet data; publishing, unpublishing, moving, deleting, and edits of the référentiel,
collectivities, awards, glossary or editors' picks do not."""

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import Site

from initiatives.models import Service
from search import facets
from search.models import GlossaryEntry, SearchDataVersion

from .factories import make_collectivity
from .test_labels_models import make_award, make_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(corpus):
    sheet = corpus["ecole"]
    sheet.refresh_from_db()
    return sheet


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("redaction", "r@example.org", "x")


def served_from_cache(api, client, django_assert_num_queries):
    """A search already answered costs one query (the data version) when its cached
    answer and the facet data are still valid."""
    first = api(q="école")
    with django_assert_num_queries(1):
        again = client.get("/api/search/", {"q": "école"}).json()
    return again == first


def test_saving_a_draft_keeps_every_cached_answer(
    sheet, editor, api, client, django_assert_num_queries
):
    api(q="école")
    version, data = SearchDataVersion.current(), facets.facet_data()

    sheet.title = "Titre en cours de rédaction"
    revision = sheet.save_revision(user=editor)
    sheet.title = "Titre encore retouché"
    sheet.save_revision(user=editor, overwrite_revision=revision)  # an autosave

    assert SearchDataVersion.current() == version
    assert facets.facet_data() is data  # no worker reloads its facet data
    assert served_from_cache(api, client, django_assert_num_queries)
    assert "Titre en cours de rédaction" not in str(api(q="école"))


def test_locking_a_sheet_keeps_every_cached_answer(sheet, editor, api):
    api(q="école")
    version = SearchDataVersion.current()
    sheet.locked, sheet.locked_by = True, editor
    sheet.save(update_fields=["locked", "locked_by", "locked_at"])
    assert SearchDataVersion.current() == version


def test_a_new_draft_sheet_keeps_every_cached_answer(corpus, api):
    from .factories import make_sheet

    api(q="école")
    version = SearchDataVersion.current()
    make_sheet(
        corpus["ecole"].collectivity,
        title="Une école en brouillon",
        services=[Service.objects.first()],
        live=False,
    )
    assert SearchDataVersion.current() == version


def test_publishing_a_draft_shows_at_once(sheet, editor, api):
    sheet.title = "L'école numérique et ses robots"
    revision = sheet.save_revision(user=editor)
    assert api(q="robots")["count"] == 0
    revision.publish()
    assert api(q="robots")["count"] == 1


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda sheet: sheet.unpublish(), id="unpublish"),
        pytest.param(lambda sheet: sheet.delete(), id="delete"),
        pytest.param(
            lambda sheet: sheet.move(make_collectivity("29019", "Brest", "ville"), "last-child"),
            id="move",
        ),
        pytest.param(lambda sheet: Service.objects.first().save(), id="referentiel"),
        pytest.param(lambda sheet: sheet.collectivity.save_revision().publish(), id="collectivity"),
        pytest.param(
            lambda sheet: make_award(make_edition(2023), sheet.collectivity, 4, sheets=[sheet]),
            id="award",
        ),
        pytest.param(
            lambda sheet: GlossaryEntry.objects.create(term="Cité éducative", equivalents="CE"),
            id="glossary",
        ),
    ],
)
def test_what_changes_the_public_site_empties_the_caches(sheet, api, change):
    api(q="école")
    version = SearchDataVersion.current()
    change(sheet)
    assert SearchDataVersion.current() != version


@pytest.fixture
def site_root_paths_restored():
    """Wagtail keeps the root paths in Django's cache, which the test's rollback does not
    empty: the next tests must not inherit a moved root."""
    yield
    Site.clear_site_root_paths_cache()


def test_a_site_given_another_root_changes_the_result_urls(sheet, api, site_root_paths_restored):
    """Result URLs come from the site's root paths, kept with the facet data: editing the
    Site must reach them, as it reaches Wagtail's own page URLs."""
    collectivity = sheet.get_parent()
    assert api(q="école")["results"][0]["url"] == f"/{collectivity.slug}/{sheet.slug}/"

    site = Site.objects.get(is_default_site=True)
    site.root_page = collectivity
    site.save()

    assert api(q="école")["results"][0]["url"] == f"/{sheet.slug}/"
