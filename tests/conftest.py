import pytest

from django.core.management import call_command


@pytest.fixture
def referentiel(db):
    """The shipped référentiel (4 catégories, 16 enjeux, 139 services)."""
    from initiatives.referentiel_import import import_referentiel_file, shipped_referentiel_path

    import_referentiel_file(shipped_referentiel_path())


@pytest.fixture
def service(db):
    """A service of the « Médiation numérique » enjeu, for pages listing sheets."""
    from .factories import ServiceFactory

    return ServiceFactory(name="Espace public numérique", enjeu__name="Médiation numérique")


@pytest.fixture
def saint_malo(db):
    """Saint-Malo (35288), a ville of the real geography."""
    from .factories import make_collectivity

    return make_collectivity()


@pytest.fixture
def quiet_command():
    """Runs a management command, returning (exit code, stdout, stderr) instead of exiting."""
    import io

    def run(*args, **options):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(*args, stdout=out, stderr=err, **options)
            code = 0
        except SystemExit as exit_:
            code = exit_.code or 0
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture
def empty_cache():
    """Rate limits, cached answers and stored sitemaps start, and end, with nothing kept."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_search_facets():
    """Each test starts without facet data cached by a previous test's database."""
    from search import facets
    from search.opensearch import labels

    facets.forget()
    labels.forget()
    yield
    facets.forget()
    labels.forget()


def _uses_database(request) -> bool:
    return bool(
        request.node.get_closest_marker("django_db")
        or {"db", "transactional_db"} & set(request.fixturenames)
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked ``opensearch`` need a live node: without OPENSEARCH_URL they are skipped,
    saying so; with it they run, and fail if the node does not answer."""
    import os

    if os.environ.get("OPENSEARCH_URL"):
        return
    skip = pytest.mark.skip(reason="needs a live OpenSearch node: make opensearch, OPENSEARCH_URL")
    for item in items:
        if item.get_closest_marker("opensearch"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def cluster_index_in_step(request, django_db_blocker):
    """With OPENSEARCH_URL or ELASTICSEARCH_URL set, each test that uses the database
    starts with the cluster's sheets index rebuilt from it: a test's changes are rolled
    back in the database, the index must forget them too."""
    from search.opensearch.sync import rebuild, sheet_index

    global _cluster_index_created
    index = sheet_index()
    if index is not None and _uses_database(request):
        with django_db_blocker.unblock():
            # A new index once per run (settings of an earlier run are not kept), then
            # its documents replaced: creating an index takes the node a second.
            rebuild(index, new_index=not _cluster_index_created)
        _cluster_index_created = True
    yield


_cluster_index_created = False


@pytest.fixture(scope="module")
def module_corpus(django_db_setup, django_db_blocker):
    """Built once per test module inside a transaction that is rolled back at its end;
    each test still runs in its own savepoint, so what a test changes is undone."""
    from django.db import transaction

    from initiatives.referentiel_import import import_referentiel_file, shipped_referentiel_path

    from .search_corpus import build_corpus

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            import_referentiel_file(shipped_referentiel_path())
            yield build_corpus()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def corpus(module_corpus, db):
    """Three real collectivities and eight French sheets: six published, one draft, one
    restricted to logged-in users (see tests/search_corpus.py)."""
    return module_corpus


@pytest.fixture
def api(client):
    """GET /api/search/ with the given parameters, returning the decoded JSON."""

    def get(**params):
        response = client.get("/api/search/", params)
        assert response.status_code == 200, response.content[:500]
        return response.json()

    return get


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory
):
    """Live-server and browser tests on SQLite get a file database in WAL mode.

    pytest-django's default SQLite test database lives in memory, shared between threads
    through SQLite's shared cache, whose table locks fail at once ("database table is
    locked") instead of waiting: on a slow machine the live server then answered a
    submission with the 503 page while the test thread still held a lock. A file in WAL
    mode lets readers go on while one thread writes, and the busy timeout of
    atlaas/settings/base.py makes a writer wait for the other instead of failing.
    """
    from django.conf import settings

    if not any(item.get_closest_marker("live") for item in request.session.items):
        return
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    name = database.get("TEST", {}).get("NAME") or "test"
    directory = tmp_path_factory.mktemp("live-database")
    database.setdefault("TEST", {})["NAME"] = str(directory / f"{name}.sqlite3")
