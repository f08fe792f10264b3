"""modelsearch's update_index, then the term store, which the rebuilt index made stale.

``search`` comes before ``wagtail.search`` in INSTALLED_APPS, so Django runs this command
(``wagtail_update_index`` too).
"""

from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand

from .update_term_matches import run as update_term_matches


class Command(RebuildCommand):
    def handle(self, **options):
        super().handle(**options)
        if not options.get("schema_only"):
            update_term_matches(self.stdout)
