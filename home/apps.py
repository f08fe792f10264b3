from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


def apply_site_address(sender, **kwargs):
    # Once per migrate (the sender is each app in turn): home's migrations create the Site.
    if sender.name != "home":
        return
    from django.db import connections

    from atlaas.site_address import apply_to_wagtail_site

    # A migration run backwards may have dropped the table.
    tables = connections[kwargs.get("using", "default")].introspection.table_names()
    if "wagtailcore_site" not in tables:
        return
    apply_to_wagtail_site()


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .models import SitePage
        from .templatetags.site_pages import forget_footer_links

        # SITE_URL sets the Wagtail Site's host and port at every migrate (idempotent).
        post_migrate.connect(apply_site_address, sender=self)
        # The footer lists the site pages: any change to one of them refreshes it.
        page_published.connect(forget_footer_links, sender=SitePage)
        page_unpublished.connect(forget_footer_links, sender=SitePage)
        post_delete.connect(forget_footer_links, sender=SitePage)
        post_page_move.connect(forget_footer_links)
