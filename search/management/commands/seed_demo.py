"""seed_demo, then the term store: the label's demo (itself the initiatives' one) first.

``search`` comes before ``labels`` in INSTALLED_APPS, so Django runs this command.
"""

from labels.management.commands import seed_demo

from .update_term_matches import run as update_term_matches


class Command(seed_demo.Command):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        if not options["no_index"]:
            update_term_matches(self.stdout)
