from django.core.exceptions import ImproperlyConfigured

from atlaas.site_address import refuse_local_address

from .base import *  # noqa: F403
from .base import SECRET_KEY, SITE_ADDRESS
from .env import env_bool, env_int, env_str

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production."
    )

# Sitemaps, feeds and agents' e-mails must not send anyone to localhost.
refuse_local_address(SITE_ADDRESS)

DEBUG = False

# Every worker must see the same throttle counts: without Redis, a table of the database
# (created by migrate, see security/shared_cache.py) rather than each process's memory.
if not env_str("REDIS_URL"):
    from security.shared_cache import CACHE_TABLE

    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Django's default (300 entries, a third dropped beyond) threw away search
            # answers still asked for (with agents at work, 29 % of the answers asked again
            # were recomputed: bench/load.py --agent drafts on PostgreSQL), and would churn
            # the parts of pages kept per state of the data (a few per sheet,
            # initiatives/data_fragments.py) and the rate-limit counts all day.
            "OPTIONS": {"MAX_ENTRIES": env_int("DB_CACHE_MAX_ENTRIES", 200_000)},
        }
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
