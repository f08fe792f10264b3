"""Tells search (and any listener of ``pages_bulk_changed``) that label data changed.

Search counts sheets by arobase level and edition year; it listens to the domain's signal
only, so that it never needs to know the label app.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from initiatives.signals import pages_bulk_changed

from .models import Award, LabelEditionPage, Participation

WATCHED = (Award, Participation, LabelEditionPage)


def notify(model) -> None:
    pages_bulk_changed.send(sender=model, model=model, pks=[])


@receiver(post_save)
@receiver(post_delete)
def label_data_changed(sender, **kwargs):
    if sender in WATCHED:
        notify(sender)


@receiver(m2m_changed, sender=Participation.sheets.through)
def sheets_put_forward_changed(sender, **kwargs):
    notify(Participation)
