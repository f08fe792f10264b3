"""Keeps the search index in step with publishing.

modelsearch indexes on post_save, before modelcluster writes parental many-to-many fields
and tags, so a freshly published sheet would be indexed without its services. Reindexing
once the transaction has committed sees the page as it was saved, relations included.
"""

from django.db import transaction
from django.dispatch import receiver

from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished

from .models import ActionSheetPage


@receiver(page_published, sender=ActionSheetPage)
def reindex_published_sheet(sender, instance, **kwargs):
    transaction.on_commit(lambda: insert_or_update_object(instance.specific))


@receiver(page_unpublished, sender=ActionSheetPage)
def reindex_unpublished_sheet(sender, instance, **kwargs):
    transaction.on_commit(lambda: insert_or_update_object(instance.specific))
