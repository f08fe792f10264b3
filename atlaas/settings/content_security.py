"""Content Security Policy, sent by django-csp on every response in every environment.

Public pages load nothing but the site's own files: no inline script, no inline style, no
plugin, no framing. The rich text of the sheets is cleaned on the way in; this policy is the
second wall, should some markup get through.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Directives replaced under the back offices (/admin/, /django-admin/) only, by
# security.middleware.SiteCSPMiddleware. Measured in Chromium on Wagtail 8.0's page editor,
# explorer, snippet, image and document views:
# - inline <script> elements are still part of Wagtail's templates (InlinePanel, date
#   widgets, listings), with per-widget content: no hash can cover them, no nonce reaches them;
# - inline style attributes in its templates, and <style> elements added by its editor's
#   JavaScript libraries;
# - blob: images (upload thumbnails).
# Only signed-in staff reach these pages, and everything they show went through the
# rich text cleaning; public pages keep the strict policy above.
ADMIN_CONTENT_SECURITY_POLICY_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    # Thumbnails of the images being uploaded are shown from blob: URLs.
    "img-src": [SELF, "data:", "blob:"],
    # The page editor shows its live preview in an iframe of the admin itself.
    "frame-ancestors": [SELF],
}

# A page preview is the public page (strict policy), shown inside the admin's preview panel.
PREVIEW_CONTENT_SECURITY_POLICY_REPLACE = {
    "frame-ancestors": [SELF],
}
