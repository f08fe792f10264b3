"""While the database is down, visitors are told the site is unavailable for a moment (503,
``Retry-After``), not that it broke: proxies, crawlers and API clients then retry, and
nothing already saved was touched. The traceback still goes to the error log."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("atlaas.database")

RETRY_AFTER_SECONDS = 10


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Lost or refused connections, timeouts, a locked SQLite file: OperationalError.
        # Anything else is a bug and stays a 500.
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": _("Service momentanément indisponible, réessayez dans un instant.")},
                status=503,
            )
        else:
            # A form sent while the database was down was not saved: say so, not "retry".
            context = {"unsaved": request.method not in ("GET", "HEAD", "OPTIONS")}
            response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
