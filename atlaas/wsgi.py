import logging
import os

from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlaas.settings.production")

application = get_wsgi_application()


def _apply_site_address():
    """SITE_URL is written into the Wagtail Site at start too, so that changing the variable
    and restarting is enough. A database that does not answer yet must not stop the start:
    the next migrate or start applies it."""
    from atlaas.site_address import apply_to_wagtail_site

    try:
        apply_to_wagtail_site()
    except DatabaseError:
        logging.getLogger(__name__).warning("SITE_URL not applied: database unavailable")


_apply_site_address()
