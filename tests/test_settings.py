"""Production settings: refuse to start without a secret key, pass Django's deploy checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from atlaas.settings.env import env_bool

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment.pop("SITE_URL", None)
    environment.update(
        DJANGO_SETTINGS_MODULE="atlaas.settings.production",
        SITE_URL="https://atlaas.example.org",
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "address", ["", "http://localhost:8000", "http://127.0.0.1:8000", "https://localhost"]
)
def test_production_refuses_to_start_with_a_local_site_address(address):
    result = run_manage(
        "check",
        SECRET_KEY="k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        SITE_URL=address,
    )
    assert result.returncode != 0
    assert "SITE_URL must be the public address of the site" in result.stderr


@pytest.mark.parametrize(
    "address, message",
    [
        ("atlaas.example.org", "must be an http:// or https:// address"),
        ("https://atlaas.example.org/fiches/", "must be the site's root"),
        ("https://atlaas.example.org:8443", "an https address must use port 443"),
    ],
)
def test_a_site_address_wagtail_could_not_write_is_refused_with_a_clear_message(address, message):
    result = run_manage(
        "check",
        SECRET_KEY="k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        SITE_URL=address,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_production_passes_deploy_checks_without_warning():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="atlaas.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_hsts_and_the_strict_content_security_policy():
    # A request through the production middleware, without any database query.
    code = (
        "from django.test import Client; r = Client().get('/robots.txt', secure=True); "
        "print(r.status_code); [print(k + ': ' + v) for k, v in r.headers.items()]"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        SECRET_KEY="k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    headers = dict(line.split(": ", 1) for line in lines[lines.index("200") + 1 :])
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";" and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("0", False), ("False", False), ("", False)],
)
def test_boolean_variables_parse_false_as_false(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_a_boolean_variable_with_a_typo_is_refused(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ValueError, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def database_settings(url):
    """The default database as production settings build it from DATABASE_URL."""
    code = (
        "import json; from django.conf import settings; d = settings.DATABASES['default']; "
        "print(json.dumps({k: d.get(k) for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', "
        "'OPTIONS')}))"
    )
    result = run_manage("shell", "--no-imports", "-c", code, SECRET_KEY="k" * 60, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgres_connections_are_kept_and_checked_so_the_site_survives_a_restart():
    # A kept connection that died with the server is replaced at the next request instead
    # of failing it (bench/load.py --restart-db shows it).
    database = database_settings("postgresql://atlaas@db.example.org:5432/atlaas")
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_connections_are_kept_between_requests_as_on_postgres():
    """Opening the SQLite file again on every page (its pragmas, its schema) cost 5–10 ms
    of the workers' CPU per request."""
    database = database_settings("sqlite:////tmp/atlaas-settings-check.sqlite3")
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_writers_queue_instead_of_failing_with_database_is_locked():
    database = database_settings("sqlite:////tmp/atlaas-settings-check.sqlite3")
    # IMMEDIATE takes the write lock at BEGIN, where the busy timeout applies; a deferred
    # transaction upgrading from read to write would fail at once.
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
