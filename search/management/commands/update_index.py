"""modelsearch's update_index, then the term store, which the rebuilt index made stale,
then, with a cluster configured, the cluster's sheets index (search.opensearch).

``search`` comes before ``wagtail.search`` in INSTALLED_APPS, so Django runs this command
(``wagtail_update_index`` too).
"""

from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand

from search.opensearch.sync import rebuild, sheet_index

from .update_term_matches import run as update_term_matches


class Command(RebuildCommand):
    def handle(self, **options):
        super().handle(**options)
        if not options.get("schema_only"):
            update_term_matches(self.stdout)
            index = sheet_index()
            if index is not None:
                count = rebuild(index, self.stdout)
                self.stdout.write(f"{count} fiches dans l'index {index.name} du cluster")
