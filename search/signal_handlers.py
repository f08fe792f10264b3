"""Bumps SearchDataVersion whenever something search shows may have changed."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from initiatives.models import ActionSheetPage, Category, CollectivityPage, Enjeu, Service
from initiatives.signals import pages_bulk_changed
from labels.models import Award, Mention, Participation

from .models import SearchDataVersion

WATCHED_MODELS = (
    ActionSheetPage, CollectivityPage, Service, Enjeu, Category, PageViewRestriction,
    Award, Participation, Mention,  # the label facets and the palmarès (labels.palmares)
)  # fmt: skip


def _bump():
    # Inside the writer's transaction: other processes see the new version when it commits.
    SearchDataVersion.bump()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(pages_bulk_changed)
def content_changed(sender, **kwargs):
    _bump()


@receiver(post_save)
@receiver(post_delete)
def model_changed(sender, **kwargs):
    if sender in WATCHED_MODELS:
        _bump()


@receiver(m2m_changed, sender=ActionSheetPage.services.through)
@receiver(m2m_changed, sender=Participation.sheets.through)
@receiver(m2m_changed, sender=Award.mentions.through)
def relations_changed(sender, **kwargs):
    _bump()
