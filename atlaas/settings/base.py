"""Settings shared by every environment. Secrets, hosts and URLs come from the environment."""

from pathlib import Path

import dj_database_url

from django.utils.translation import gettext_lazy as _

from atlaas.site_address import parse_site_url

from .content_security import (  # noqa: F401
    ADMIN_CONTENT_SECURITY_POLICY_REPLACE,
    CONTENT_SECURITY_POLICY,
    PREVIEW_CONTENT_SECURITY_POLICY_REPLACE,
)
from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "search",
    "opendata",
    "security",
    # Before initiatives: its seed_demo command extends initiatives' one with label data.
    "labels",
    "initiatives",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.api.v2",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "security.middleware.SiteCSPMiddleware",
    "security.middleware.AdminNoIndexMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which serves static files compressed already. Django's GZip pads each
    # response with random bytes (BREACH mitigation) and CSRF tokens are masked per request.
    "django.middleware.gzip.GZipMiddleware",
    # After GZip, so that the ETag is the content's, not the compressed bytes'.
    "django.middleware.http.ConditionalGetMiddleware",
    "atlaas.http_caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "atlaas.database_unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "atlaas.urls"
WSGI_APPLICATION = "atlaas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Embedded default: SQLite next to the code, no variable needed. DATABASE_URL takes any
# standard URL (sqlite:////abs/path.sqlite3, postgresql://user@host:5432/name).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env_str("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; the busy timeout waits out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Kept open between requests too (DB_CONN_MAX_AGE), as on PostgreSQL: opening the file,
    # its pragmas and reading its schema again cost 5–10 ms of CPU on every page. A sync
    # worker holds one connection, idle between requests (autocommit: no open
    # transaction, so WAL checkpoints are not held back).

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Headers sent in every environment, so that tests and development see what production sends
# (HSTS only in production.py: it would pin http://127.0.0.1 to https).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Django's ModelBackend, except that a user name with too many failed logins from one
# address gets no password check for a while.
AUTHENTICATION_BACKENDS = ["security.login.ThrottledModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# French only until an English catalogue exists: a half-translated page helps nobody.
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def shared_cache(redis_url: str) -> dict:
    """Redis shared by every worker (answers, rate limits, Wagtail's site paths). A Redis
    outage must slow the site, not break it: errors count as cache misses."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": redis_url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


CACHES = {
    "default": (
        shared_cache(env_str("REDIS_URL"))
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "atlaas"}
    )
}

# Background work (index updates) goes through django-tasks. Immediate by default; a
# database queue can be configured in production.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ATLAAS <atlaas@villes-internet.net>")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "ATLAAS"
# The site's one public address: every absolute URL (sitemap, API, feeds, canonicals,
# exports, e-mails) is built on it, and migrate writes it into the Wagtail Site record.
SITE_ADDRESS = parse_site_url(env_str("SITE_URL") or "http://127.0.0.1:8000")
SITE_URL = SITE_ADDRESS.url
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No avatars fetched from gravatar.com: the admin loads nothing from outside.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Every download goes through Wagtail's view, where security/document_access.py decides.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Checks the file's first bytes against its extension: no program renamed "bilan.pdf".
WAGTAILDOCS_DOCUMENT_FORM_BASE = "security.documents.SniffedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A 48-megapixel phone photo passes; a small file declaring a huge picture does not.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# No SVG: it can carry script.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILADMIN_USER_LOGIN_FORM = "security.login.ThrottledLoginForm"
# A login without a (safe) "next" ends on the home page, not on Django's /accounts/profile/.
LOGIN_REDIRECT_URL = "/"
# At most a few reset e-mails per address and per client, the same answer in every case.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "security.password_reset.ThrottledPasswordResetForm"  # noqa: S105
TAGGIT_CASE_INSENSITIVE = True
WAGTAILAPI_LIMIT_MAX = 100

# Search: the database backend by default (SQLite FTS5 or PostgreSQL full text);
# ELASTICSEARCH_URL or OPENSEARCH_URL move searches to a cluster (search/opensearch/), reached
# through modelsearch's own backends; the database index is kept as the fallback.
from search.backends.configuration import search_backends  # noqa: E402

WAGTAILSEARCH_BACKENDS = search_backends(
    elasticsearch_url=env_str("ELASTICSEARCH_URL"),
    opensearch_url=env_str("OPENSEARCH_URL"),
)
# Fixed groups of equivalent terms the cluster's search analyzer expands: the dotted path of
# a function returning lists of strings (search/opensearch/index_definition.py), read when
# the index is built. None by default: the editors' glossary reaches the cluster at query
# time, through the same query rewrite as the database path (search/query_terms.py).
SEARCH_SYNONYM_GROUPS = env_str("SEARCH_SYNONYM_GROUPS", "")
# The cluster's sheets index is updated once a publication commits (tests: at once).
SEARCH_INDEX_SYNC_ON_COMMIT = True
# Answers of the search page and API are cached per state of the searchable data, which
# publishing or unpublishing changes (search/cache.py). 0 turns the cache off.
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 300)
# Terms matching at least this many sheets have their matches stored (search/term_store.py):
# below it, the database ranks them in about a millisecond. At 1,000, the words of a
# typical query (100–1,000 sheets) were ranked at every first search: a third of a cold
# search on PostgreSQL. 100 stores 1,036 terms at 15,275 sheets and 1,813 at 100,000
# (36–44 s to rebuild), hardly more rows than 1,000 does: the frequent terms hold the
# matches.
SEARCH_STORED_TERM_MIN_MATCHES = env_int("SEARCH_STORED_TERM_MIN_MATCHES", 100)
# Longest time between the start of an index write and its commit (an import batch).
SEARCH_INDEX_CHANGE_MARGIN_SECONDS = env_int("SEARCH_INDEX_CHANGE_MARGIN_SECONDS", 120)
# Visitors' queries are counted in memory and written once this many have gathered or
# this many seconds have passed (search/query_log.py).
SEARCH_QUERY_LOG_BATCH = env_int("SEARCH_QUERY_LOG_BATCH", 200)
SEARCH_QUERY_LOG_SECONDS = env_int("SEARCH_QUERY_LOG_SECONDS", 60)
# The term store's change table is compacted by a background task once it holds this
# many rows (search/term_store.py).
SEARCH_INDEX_CHANGES_COMPACT_AT = env_int("SEARCH_INDEX_CHANGES_COMPACT_AT", 5000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per indexing task would drown every command's progress output.
        "django_tasks": {"level": "WARNING"},
    },
}
