from atlaas.site_address import parse_site_url

from .base import *  # noqa: F403
from .base import DATABASES, WAGTAILSEARCH_BACKENDS

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Every term is stored from its first search on, and every change since is applied: the
# suite's searches go through the term store's reading and correcting paths, not only the
# database's (production stores only terms with 1,000 matches or more).
SEARCH_STORED_TERM_MIN_MATCHES = 1
SEARCH_INDEX_CHANGE_MARGIN_SECONDS = 0
# The test client's host, so that absolute URLs read as the pages were requested.
SITE_ADDRESS = parse_site_url("http://testserver")
SITE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = SITE_ADDRESS.url
# Visitors' queries are written when a test asks (query_log.flush), never in the middle of
# another test's counted queries.
SEARCH_QUERY_LOG_BATCH = 10**9
SEARCH_QUERY_LOG_SECONDS = 10**9
# Tests never commit: the cluster's index follows each change at once. A run has indexes of
# its own on a shared node (per xdist worker).
SEARCH_INDEX_SYNC_ON_COMMIT = False
if "URLS" in WAGTAILSEARCH_BACKENDS["default"]:
    import os

    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = (
        f"atlaas_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_"
    )
