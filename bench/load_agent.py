"""The agent of bench/load.py: publishes sheet edits during the load, then checks them.

Runs in a forked process with its own database connection, as a second gunicorn-like
client of the database would.
"""

import time

import httpx


def publish_edit(page_id, marker, user):
    """An agent's edit going live: a new revision of the latest draft, then its publication.

    The publication skips the permission check: agents submit and a moderator's approval
    publishes, and permissions are not what this measures.
    """
    from django.db import transaction

    from initiatives.models import ActionSheetPage

    with transaction.atomic():
        page = ActionSheetPage.objects.get(pk=page_id).get_latest_revision_as_object()
        page.subtitle = marker
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user, skip_permission_checks=True)
    return revision.pk


def save_draft(page_id, marker, user):
    """An agent's edit kept as a draft: a new revision, nothing published. Nothing public
    changes, so the search's cached answers must all stay (issue 17)."""
    from django.db import transaction

    from initiatives.models import ActionSheetPage

    with transaction.atomic():
        page = ActionSheetPage.objects.get(pk=page_id).get_latest_revision_as_object()
        page.subtitle = marker
        revision = page.save_revision(user=user, log_action=True)
    return revision.pk


def agent(page_ids, interval, run_id, stop, results, publish=True):
    """Edits the given sheets one every ``interval`` seconds until ``stop`` is set,
    publishing each edit or keeping it as a draft."""
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError, InterfaceError, connections

    connections.close_all()  # never share the parent's connection across fork()
    user = None
    started = time.monotonic()
    for number, page_id in enumerate(page_ids, start=1):
        if stop.wait(max(0.0, started + number * interval - time.monotonic())):
            return
        marker = f"Chapô modifié par l'essai de charge {run_id}, édition n° {number}"
        while not stop.is_set():
            began = time.monotonic()
            try:
                if user is None:
                    user, _ = get_user_model().objects.get_or_create(username="bench-load-agent")
                revision_id = (publish_edit if publish else save_draft)(page_id, marker, user)
            except (DatabaseError, InterfaceError) as error:
                results.put(("failed", page_id, marker, str(error).splitlines()[0][:80], 0))
                connections.close_all()  # as Django does after a failed request
                stop.wait(0.5)
                continue
            results.put(("saved", page_id, marker, revision_id, time.monotonic() - began))
            break


def check_edits(saved, base_url, public, published=True):
    """Every saved edit is in the database, and shown on the public page when published,
    absent from it when kept as a draft. Returns the counts of edits as expected."""
    from django.utils.html import escape

    from initiatives.models import ActionSheetPage

    pages = ActionSheetPage.objects.in_bulk([page_id for page_id, *_ in saved])
    in_db = on_page = 0
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for page_id, marker, revision_id in saved:
            page = pages[page_id]
            if published:
                in_db += page.subtitle == marker and page.live_revision_id == revision_id
            else:
                in_db += page.latest_revision_id == revision_id and page.subtitle != marker
            shown = escape(marker) in client.get(public(page.url_path)).text
            on_page += shown == published
    return in_db, on_page
