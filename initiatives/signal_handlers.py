"""Keeps the search index in step with publishing, and the roles in step with the tree.

modelsearch indexes on post_save, before modelcluster writes parental many-to-many fields
and tags, so a freshly published sheet would be indexed without its services. Reindexing
once the transaction has committed sees the page as it was saved, relations included.
"""

from django.db import connection, transaction
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from wagtail.models import Page, WorkflowPage
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import roles
from .models import ActionSheetPage, CollectivityPage, ThematicCollectionIndexPage
from .signals import pages_bulk_changed


@receiver(page_published, sender=ActionSheetPage)
def reindex_published_sheet(sender, instance, **kwargs):
    transaction.on_commit(lambda: insert_or_update_object(instance.specific))


@receiver(page_unpublished, sender=ActionSheetPage)
def reindex_unpublished_sheet(sender, instance, **kwargs):
    transaction.on_commit(lambda: insert_or_update_object(instance.specific))


# --- roles: agents' groups, editors' sections, the review workflow -------------------------


@receiver(post_migrate)
def sync_roles_after_migrate(sender, **kwargs):
    # Once per migrate (the sender is each app in turn), and only on a complete schema:
    # a migration run backwards or a partial database leaves the roles alone.
    if sender.name != "initiatives" or not _roles_tables_exist():
        return
    roles.sync_roles()


def _roles_tables_exist() -> bool:
    from home.models import HomePage

    needed = {
        model._meta.db_table
        for model in (HomePage, CollectivityPage, ThematicCollectionIndexPage, WorkflowPage)
    }
    return needed <= set(connection.introspection.table_names())


@receiver(post_save, sender=CollectivityPage)
def create_agent_group(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        roles.ensure_agent_group(instance)


@receiver(page_published, sender=CollectivityPage)
def rename_agent_group(sender, instance, **kwargs):
    # The group and the media collection carry the collectivity's name.
    roles.ensure_agent_group(instance)


@receiver(pages_bulk_changed)
def create_bulk_agent_groups(sender, model, pks, **kwargs):
    if model is CollectivityPage and pks:
        roles.ensure_agent_groups(
            CollectivityPage.objects.filter(pk__in=pks).only("pk", "code", "title")
        )


@receiver(post_save)
def open_new_section_to_editors(sender, instance, created, raw=False, **kwargs):
    """A new collections index or label page gets the editors' page permissions."""
    if not created or raw or not isinstance(instance, Page):
        return
    if sender is ThematicCollectionIndexPage or sender._meta.app_label == roles.LABELS_APP:
        roles.sync_editors()


@receiver(post_page_move)
def follow_the_new_collectivity(sender, instance, **kwargs):
    """A sheet moved under another collectivity belongs to it from now on."""
    specific = instance.specific
    if isinstance(specific, ActionSheetPage):
        parent = specific.get_parent()
        if parent and specific.collectivity_id != parent.pk:
            ActionSheetPage.objects.filter(pk=specific.pk).update(collectivity_id=parent.pk)
            insert_or_update_object(ActionSheetPage.objects.get(pk=specific.pk))
