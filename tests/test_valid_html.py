"""Every public page type is valid HTML: 0 errors from the Nu Html Checker (vnu.jar, from
npm's vnu-jar, run with Java 17), on the pages as the test server serves them, and on the
pages a visitor meets when something goes wrong: the 404 and the 500 as Django's handlers
render them with DEBUG off (as in production), and the login form of a restricted page.

Without Java or vnu.jar the test is skipped saying what to install; .ci/run installs both and
sets ATLAAS_REQUIRE_HTML_CHECKER=1, under which a missing checker fails instead."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from django.core.cache import cache

from home.models import HomePage
from tests.public_pages import build_public_pages

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_checker() -> list[str]:
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java 17 (apt-get install -y openjdk-17-jre-headless)")
    if not VNU_JAR.exists():
        missing.append("vnu.jar (npm ci)")
    if missing:
        reason = "Nu Html Checker absent : " + ", ".join(missing)
        if os.environ.get("ATLAAS_REQUIRE_HTML_CHECKER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


def check(files: list[Path]) -> list[dict]:
    command = [*html_checker(), "--errors-only", "--format", "json", *map(str, files)]
    # vnu writes its JSON report to stderr and exits 1 when it finds errors.
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)  # noqa: S603
    return json.loads(result.stderr)["messages"]


def server_error_page(client, monkeypatch):
    """The 500 a visitor gets when a page breaks: Django's handler renders 500.html."""

    def breaks(self, request, *args, **kwargs):
        raise RuntimeError("a page that breaks")

    monkeypatch.setattr(HomePage, "get_context", breaks)
    client.raise_request_exception = False
    response = client.get("/")
    client.raise_request_exception = True
    monkeypatch.undo()
    return response


def test_every_public_page_type_is_valid_html(client, corpus, tmp_path, monkeypatch):
    cache.clear()
    files = {}

    def keep(kind, url, response, status=200):
        assert response.status_code == status, (kind, url, response.status_code)
        path = tmp_path / f"{len(files):02d}.html"
        path.write_bytes(response.content)
        files[path.name] = f"{kind} ({url})"

    for kind, url in build_public_pages(corpus).items():
        keep(kind, url, client.get(url))
    login = "/_util/login/?next=/"
    keep("connexion à une page réservée", login, client.get(login))
    missing = "/cette-page-n-existe-pas/"
    keep("page introuvable", missing, client.get(missing), status=404)
    broken = server_error_page(client, monkeypatch)
    assert "Une erreur est survenue" in broken.content.decode()
    keep("erreur du serveur", "/", broken, status=500)

    errors = []
    for message in check(list(tmp_path.glob("*.html"))):
        where = files.get(Path(message.get("url", "")).name, message.get("url"))
        extract = message.get("extract", "").strip()
        errors.append(f"{where}, ligne {message.get('lastLine')}: {message['message']} [{extract}]")
    assert errors == []
