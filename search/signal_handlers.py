"""Bumps SearchDataVersion whenever something search shows may have changed, and only
then: a version bump empties every cached answer and makes every worker reload its facet
data, so what changes nothing public (a draft, an autosave, a revision, a lock) must not
bump it."""

from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signals import page_published, page_unpublished, post_page_move

from initiatives.models import ActionSheetPage, Category, CollectivityPage, Enjeu, Service
from initiatives.signals import pages_bulk_changed
from labels.models import Award, Mention, Participation

from .models import (
    GlossaryEntry,
    SearchDataVersion,
    forget_after_request,
    remember_during_request,
)

WATCHED_MODELS = (
    ActionSheetPage, CollectivityPage, Service, Enjeu, Category, PageViewRestriction,
    Award, Participation, Mention,  # the label facets and the palmarès (labels.palmares)
    GlossaryEntry, SearchPromotion,  # query-time equivalents, editors' picks
    Site,  # every URL search shows (its root paths are kept per version: search.results)
)  # fmt: skip
# What Wagtail writes on a page when a revision is saved (draft, autosave) or the page is
# locked: the public page is unchanged.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        COMMENTS_RELATION_NAME,
        "locked",
        "locked_at",
        "locked_by",
    }
)


request_started.connect(remember_during_request, dispatch_uid="data-version-memo-start")
request_finished.connect(forget_after_request, dispatch_uid="data-version-memo-end")


def _bump():
    # Inside the writer's transaction: other processes see the new version when it commits.
    SearchDataVersion.bump()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(pages_bulk_changed)
def content_changed(sender, **kwargs):
    _bump()


def changes_nothing_public(instance, update_fields) -> bool:
    """A page saved as a draft: never published (publishing sends ``page_published``), or
    only its revision bookkeeping written."""
    if not isinstance(instance, Page):
        return False
    if not instance.live:
        # Unpublishing sends page_unpublished; a page never live shows nowhere.
        return True
    return update_fields is not None and set(update_fields) <= DRAFT_FIELDS


@receiver(post_save)
def model_saved(sender, instance, update_fields=None, **kwargs):
    if sender in WATCHED_MODELS and not changes_nothing_public(instance, update_fields):
        _bump()


@receiver(post_delete)
def model_deleted(sender, **kwargs):
    if sender in WATCHED_MODELS:
        _bump()


@receiver(m2m_changed, sender=ActionSheetPage.services.through)
@receiver(m2m_changed, sender=Participation.sheets.through)
@receiver(m2m_changed, sender=Award.mentions.through)
def relations_changed(sender, instance, **kwargs):
    # A draft sheet's services are written when it is created, and show nowhere.
    if not changes_nothing_public(instance, None):
        _bump()


# What Wagtail writes on a file when it first measures it: nothing shown changes.
FILE_BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


@receiver(post_save)
def file_replaced(sender, instance, created=False, update_fields=None, **kwargs):
    """An image or a document edited (replaced file, alt text, title) changes the sheets
    that show it, whose panels are kept per data version (``initiatives.data_fragments``).
    A new upload shows nowhere until a sheet naming it is published: no bump."""
    if created or sender not in (get_image_model(), get_document_model()):
        return
    if update_fields is None or not set(update_fields) <= FILE_BOOKKEEPING_FIELDS:
        _bump()


@receiver(post_delete)
def file_deleted(sender, **kwargs):
    if sender in (get_image_model(), get_document_model()):
        _bump()
