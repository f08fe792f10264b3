"""Slugs that dropped « œ », « æ », « ß »… (nux-les-mines) are made again from the title,
transliterated (noeux-les-mines); the old address of the page and of everything under it
redirects permanently to the page.

Only slugs equal to what the title gave with the letters dropped are changed: a slug chosen
by hand is kept.
"""

from anyascii import anyascii
from django.db import migrations
from django.utils.text import slugify

MAX_SLUG_LENGTH = 200


def _dropped(title):
    return slugify(title or "", allow_unicode=False)[:MAX_SLUG_LENGTH].strip("-")


def _french(title):
    return slugify(anyascii(title or ""))[:MAX_SLUG_LENGTH].strip("-")


def _normalise(path):
    path = path if path.startswith("/") else "/" + path
    return path[:-1] if path.endswith("/") and len(path) > 1 else path


def reslug(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    sites = [(site.pk, site.root_page.url_path) for site in Site.objects.select_related("root_page")]

    # Shallowest first, so that a page's url_path already carries its parent's new slug.
    for page in Page.objects.filter(depth__gt=1).order_by("depth", "path").iterator():
        new_base = _french(page.title)
        if not new_base or page.slug == new_base or page.slug != _dropped(page.title):
            continue
        parent_path = page.path[:-4]
        siblings = set(
            Page.objects.filter(path__startswith=parent_path, depth=page.depth)
            .exclude(pk=page.pk)
            .values_list("slug", flat=True)
        )
        new_slug, suffix = new_base, 2
        while new_slug in siblings:
            new_slug, suffix = f"{new_base}-{suffix}", suffix + 1
        page.refresh_from_db(fields=["url_path"])
        old_prefix = page.url_path
        new_prefix = old_prefix[: -len(page.slug) - 1] + new_slug + "/"
        subtree = list(Page.objects.filter(path__startswith=page.path).values_list("pk", "url_path"))
        for site_id, root_url_path in sites:
            wanted = {
                _normalise(url_path[len(root_url_path) - 1 :]): pk
                for pk, url_path in subtree
                if url_path.startswith(root_url_path) and url_path != root_url_path
            }
            existing = set(
                Redirect.objects.filter(site_id=site_id, old_path__in=wanted).values_list(
                    "old_path", flat=True
                )
            )
            Redirect.objects.bulk_create(
                [
                    Redirect(
                        old_path=old_path,
                        site_id=site_id,
                        redirect_page_id=pk,
                        is_permanent=True,
                        automatically_created=True,
                    )
                    for old_path, pk in wanted.items()
                    if old_path not in existing
                ]
            )
        for pk, url_path in subtree:
            Page.objects.filter(pk=pk).update(url_path=new_prefix + url_path[len(old_prefix) :])
        Page.objects.filter(pk=page.pk).update(slug=new_slug)
        # A revision published later must not bring the old slug back.
        if page_type is not None:
            for revision in Revision.objects.filter(
                base_content_type=page_type, object_id=str(page.pk)
            ):
                if isinstance(revision.content, dict) and revision.content.get("slug") == page.slug:
                    revision.content["slug"] = new_slug
                    revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0005_sheet_page_plumbing_permission"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(reslug, migrations.RunPython.noop)]
