import pytest

from django.core.management import call_command


@pytest.fixture
def referentiel(db):
    """The shipped référentiel (4 catégories, 16 enjeux, 139 services)."""
    from initiatives.referentiel_import import import_referentiel_file, shipped_referentiel_path

    import_referentiel_file(shipped_referentiel_path())


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


@pytest.fixture(autouse=True)
def fresh_search_facets():
    """Each test starts without facet data cached by a previous test's database."""
    from search import facets

    facets.forget()
    yield
    facets.forget()
