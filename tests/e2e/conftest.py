"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
``live_server``, with axe-core for the accessibility audits.

Without Chromium, Playwright or axe-core the tests are skipped, saying what to install;
``.ci/run`` installs them, so that CI always runs them.
"""

import os
from pathlib import Path

import pytest

from .a11y import AXE_SCRIPT, summary_lines

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "un mot de passe solide"
# Generous for a 2-core machine shared with other jobs (15 s was once too short for a step
# while two test runs shared the cores); a passing step takes well under it.
TIMEOUT_MS = 30_000


@pytest.fixture(scope="package")
def playwright():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium absent ({CHROMIUM}) : apt-get install -y chromium")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright absent : pip install -e '.[dev]'"
    )
    # Playwright's sync API runs an asyncio event loop in this thread; Django then sees a
    # "running loop" and refuses ORM calls from the test body (SynchronousOnlyOperation),
    # although they are plain synchronous code. Allowed only while the browser tests run.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    sync_api.expect.set_options(timeout=TIMEOUT_MS)
    manager = sync_api.sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def no_timed_autosave(settings):
    """Wagtail's editor saves a draft on its own timer. On a slow machine that save lands
    between a journey's steps (a new page becomes an edit, with another message; or two
    writes at once on SQLite): the journeys save when they click. The autosave's own
    request is tested in tests/test_agent_sheet_form.py."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def new_context(browser, live_server):
    """Opens browser contexts (one per person in a journey), closed after the test."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """An anonymous visitor's tab."""
    return new_context().new_page()


@pytest.fixture
def admin_page(new_context):
    """A tab signed in to the Wagtail admin through its login form, one context per user."""
    from playwright.sync_api import expect

    def sign_in(user):
        tab = new_context().new_page()
        tab.goto("/admin/login/")
        tab.locator("#id_username").fill(user.username)
        tab.locator("#id_password").fill(PASSWORD)
        tab.get_by_role("button", name="S'identifier").click()
        tab.wait_for_url("**/admin/")
        # The admin's account menu shows the first name when there is one.
        expect(tab.get_by_role("button", name=user.first_name or user.username)).to_be_visible()
        return tab

    return sign_in


@pytest.fixture
def axe_page(new_context):
    """A visitor's tab in which axe-core can be injected (see ``a11y.audit``)."""
    if not AXE_SCRIPT.exists():
        pytest.skip(f"axe-core absent ({AXE_SCRIPT}) : npm ci")
    # The site's Content Security Policy (script-src 'self') rightly refuses a script that
    # the page itself did not load; axe-core is the test's own instrument, not the site's,
    # so only this audit context bypasses the policy.
    return new_context(bypass_csp=True).new_page()


def pytest_terminal_summary(terminalreporter):
    if summary_lines:
        terminalreporter.section("axe-core")
        terminalreporter.write_line("\n".join(summary_lines))
