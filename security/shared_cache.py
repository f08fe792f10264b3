"""The cache that every process of the site shares: Redis when REDIS_URL is set, otherwise a
table of the database (Django's database cache), so that the login and password throttles
count the attempts of every gunicorn worker together. Local memory is per process: with
two workers, each would allow its own five failures."""

from django.conf import settings
from django.core import checks

# Created by security/migrations/0001_shared_cache_table.py, so that `migrate` on a fresh
# database is all a deployment needs.
CACHE_TABLE = "atlaas_cache"

PER_PROCESS_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def create_cache_table(using: str) -> None:
    # Django's createcachetable, for our table whatever CACHES says in the settings of the
    # process that migrates (development and tests use local memory). Imported here: the
    # production settings import this module.
    from django.core.management.commands.createcachetable import Command as CreateCacheTable

    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(using, CACHE_TABLE, dry_run=False)


@checks.register(checks.Tags.security, checks.Tags.caches, deploy=True)
def check_cache_is_shared(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_BACKENDS:
        return []
    return [
        checks.Warning(
            f"The default cache ({backend}) is per process: with several workers, each "
            "counts failed logins and password attempts on its own.",
            hint="Set REDIS_URL, or use atlaas.settings.production's database cache "
            f"(table {CACHE_TABLE}, created by migrate).",
            id="security.W001",
        )
    ]
