from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Sécurité")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib import admin

        from . import login, shared_cache  # noqa: F401  (shared_cache registers its check)

        login.connect_signals()
        # Wagtail's admin reads WAGTAILADMIN_USER_LOGIN_FORM; Django's admin has no setting.
        admin.site.login_form = login.ThrottledAdminAuthenticationForm
