"""Sends the sheets a change affects to ``sync`` (connected by search.apps when a cluster
is configured).

Synced once the change commits (``SEARCH_INDEX_SYNC_ON_COMMIT``, on by default), so a
rolled-back publication never reaches the index; the test settings sync at once, since
tests never commit.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from initiatives.models import ActionSheetPage, CollectivityPage, Enjeu, Service
from initiatives.signals import pages_bulk_changed
from labels.models import Award, LabelEditionPage, Participation

from .client import cluster_backend
from .sync import sync_sheets_or_remember


def _schedule(sheet_ids) -> None:
    if cluster_backend() is None:
        return
    ids = sorted({int(pk) for pk in sheet_ids})
    if not ids:
        return
    if getattr(settings, "SEARCH_INDEX_SYNC_ON_COMMIT", True):
        transaction.on_commit(lambda: sync_sheets_or_remember(ids), robust=True)
    else:
        sync_sheets_or_remember(ids)


def _sheets_under(page: Page) -> list[int]:
    return list(
        ActionSheetPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    )


@receiver(page_published)
@receiver(page_unpublished)
def sheet_visibility_changed(sender, instance, **kwargs):
    if isinstance(instance, ActionSheetPage):
        _schedule([instance.pk])
    elif isinstance(instance, CollectivityPage):
        _schedule(_sheets_under(instance))
    elif isinstance(instance, LabelEditionPage):  # its ceremony date makes awards public
        _schedule(
            Participation.sheets.through.objects.filter(
                participation__edition=instance
            ).values_list("actionsheetpage_id", flat=True)
        )


@receiver(post_delete, sender=ActionSheetPage)
def sheet_deleted(sender, instance, **kwargs):
    _schedule([instance.pk])


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    # A move can put a sheet under a restricted page, or take it out of one.
    _schedule(_sheets_under(instance))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _schedule(_sheets_under(page))


@receiver(post_save, sender=CollectivityPage)
def collectivity_saved(sender, instance, **kwargs):
    _schedule(ActionSheetPage.objects.filter(collectivity=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Service)
@receiver(post_save, sender=Enjeu)
def referentiel_changed(sender, instance, **kwargs):
    services = [instance] if isinstance(instance, Service) else instance.services.all()
    _schedule(
        ActionSheetPage.services.through.objects.filter(service__in=services).values_list(
            "actionsheetpage_id", flat=True
        )
    )


@receiver(m2m_changed, sender=ActionSheetPage.services.through)
def sheet_services_changed(sender, instance, **kwargs):
    if isinstance(instance, ActionSheetPage):
        _schedule([instance.pk])


@receiver(post_save, sender=Participation)
@receiver(post_delete, sender=Participation)
@receiver(post_save, sender=Award)
@receiver(post_delete, sender=Award)
def award_changed(sender, instance, **kwargs):
    participation_id = (
        instance.pk if isinstance(instance, Participation) else instance.participation_id
    )
    _schedule(
        Participation.sheets.through.objects.filter(participation_id=participation_id).values_list(
            "actionsheetpage_id", flat=True
        )
    )


@receiver(m2m_changed, sender=Participation.sheets.through)
def participation_sheets_changed(sender, instance, pk_set=None, **kwargs):
    ids = set(pk_set or ())
    if isinstance(instance, Participation):
        # modelcluster's in-memory relation answers .all(), not values_list("pk").
        ids |= {sheet.pk for sheet in instance.sheets.all()}
    _schedule(ids)


@receiver(pages_bulk_changed)
def pages_changed_in_bulk(sender, model=None, pks=(), **kwargs):
    if model is not None and issubclass(model, ActionSheetPage) and pks:
        _schedule(pks)
    elif model is not None and issubclass(model, CollectivityPage) and pks:
        _schedule(
            ActionSheetPage.objects.filter(collectivity_id__in=pks).values_list("pk", flat=True)
        )
    else:  # "anything may have changed": every sheet the labels or a seed touched
        _schedule(ActionSheetPage.objects.values_list("pk", flat=True))
