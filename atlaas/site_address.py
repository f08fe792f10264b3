"""The site's one public address (SITE_URL): every absolute URL the site writes — sitemap,
API, feeds, canonicals, Open Graph, exports, e-mails — is built on it, never on the host a
request happened to name. Wagtail builds page URLs from its Site record (host and port; the
scheme follows from the port), so the record is kept in step with the setting at every
migrate and when the WSGI application starts."""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "testserver"}  # noqa: S104


@dataclass(frozen=True)
class SiteAddress:
    scheme: str
    hostname: str
    port: int

    @property
    def url(self) -> str:
        """scheme://host[:port], without a trailing slash."""
        host = f"[{self.hostname}]" if ":" in self.hostname else self.hostname
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{host}"
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def is_local(self) -> bool:
        return self.hostname in LOCAL_HOSTS or self.hostname.endswith(".localhost")


def parse_site_url(value: str) -> SiteAddress:
    """Checks SITE_URL and splits it. Wagtail's Site tells https from http by port 443 only,
    so an https address on another port could not be written in its record: refused."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"SITE_URL={value!r} is not a valid address.") from error
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL={value!r} must be an http:// or https:// address, "
            "e.g. https://atlaas.example.org"
        )
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(
            f"SITE_URL={value!r} must be the site's root (scheme, host and port only)."
        )
    port = port or DEFAULT_PORTS[parts.scheme]
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured(
            f"SITE_URL={value!r}: an https address must use port 443 (Wagtail's Site record "
            "cannot express https on another port)."
        )
    if parts.scheme == "http" and port == 443:
        raise ImproperlyConfigured(f"SITE_URL={value!r}: port 443 is for https.")
    return SiteAddress(parts.scheme, parts.hostname.lower(), port)


def refuse_local_address(address: SiteAddress) -> None:
    """Production writes this address in sitemaps, feeds and e-mails sent to agents."""
    if address.is_local:
        raise ImproperlyConfigured(
            f"SITE_URL must be the public address of the site in production "
            f"(e.g. https://atlaas.example.org), not {address.url}."
        )


def site_url() -> str:
    from django.conf import settings

    return settings.SITE_URL


def absolute_url(path: str) -> str:
    """The configured address followed by ``path``; an address that is already absolute is
    returned as it is."""
    if not path or path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        path = "/" + path
    return site_url() + path


def apply_to_wagtail_site() -> bool:
    """Writes SITE_URL's host and port into the default Wagtail Site. Idempotent: returns
    whether anything changed."""
    from wagtail.models import Site

    address = parse_site_url(site_url())
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    if (site.hostname, site.port) == (address.hostname, address.port):
        return False
    site.hostname, site.port = address.hostname, address.port
    site.save(update_fields=["hostname", "port"])
    # Wagtail caches every site's root path, keyed on its root URL.
    Site.clear_site_root_paths_cache()
    logger.info("Wagtail site set to %s", address.url)
    return True
