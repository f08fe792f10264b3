"""Production shares its cache between processes even without Redis (a database table that
migrate creates), so the login throttle counts every worker's failures together; `check
--deploy` warns when the configured cache is per process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.checks import run_checks
from django.test import override_settings

from security.login import FAILURE_LIMIT

ROOT = Path(__file__).resolve().parent.parent
LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "c"}}


def production_environment(database_path: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="atlaas.settings.production",
        SECRET_KEY="a-production-like-key-that-is-long-enough-for-the-settings-0123456789",
        ALLOWED_HOSTS="atlaas.example.org",
        SITE_URL="https://atlaas.example.org",
        DATABASE_URL=f"sqlite:///{database_path}",
    )
    return env


def run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def in_a_process(env, code: str) -> str:
    script = "import django; django.setup()\n" + code
    result = run(env, "-c", script)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """A fresh production database with only what `migrate security` creates."""
    env = production_environment(tmp_path_factory.mktemp("production") / "db.sqlite3")
    result = run(env, "manage.py", "migrate", "security", "--noinput")
    assert result.returncode == 0, result.stderr
    return env


def test_two_processes_count_login_failures_together_without_redis(production):
    hit = (
        "from security.login import login_rate_limit\n"
        "for _ in range({n}): login_rate_limit.hit('192.0.2.10', 'agent@saint-malo.fr')\n"
        "print(login_rate_limit.exceeded('192.0.2.10', 'agent@saint-malo.fr'))\n"
    )
    first_worker = FAILURE_LIMIT - 2
    assert in_a_process(production, hit.format(n=first_worker)) == "False"
    # Another process (another gunicorn worker) sees those failures and adds its own.
    assert in_a_process(production, hit.format(n=FAILURE_LIMIT - first_worker)) == "True"


def test_search_answers_outlive_a_few_hundred_others_in_the_database_cache(production):
    # Django's default keeps 300 entries and then drops a third of them: on a site in
    # service, answers asked again a minute later were gone and recomputed.
    keep = (
        "from django.core.cache import cache\n"
        "cache.set('a kept answer', 'kept', 300)\n"
        "for n in range(400): cache.set(f'answer {n}', n, 300)\n"
        "print(cache.get('a kept answer'))\n"
    )
    assert in_a_process(production, keep) == "kept"


def test_check_deploy_passes_on_the_production_settings_without_redis(production):
    result = run(production, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "security.W001" not in result.stderr + result.stdout


def test_check_deploy_warns_when_the_cache_is_per_process():
    with override_settings(CACHES=LOCAL_MEMORY):
        warnings = run_checks(include_deployment_checks=True)
    assert "security.W001" in [message.id for message in warnings]

    with override_settings(CACHES=DATABASE):
        warnings = run_checks(include_deployment_checks=True)
    assert "security.W001" not in [message.id for message in warnings]
