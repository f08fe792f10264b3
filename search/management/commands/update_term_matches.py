"""Stores the matches of every frequent term of the index (search.term_store)."""

from django.core.management.base import BaseCommand

from initiatives.demo.voice import thousands
from search import fulltext, index_maintenance, term_rebuild, term_store


class Command(BaseCommand):
    help = (
        "Enregistre les correspondances des termes fréquents de l'index (recherche rapide des "
        "mots présents dans beaucoup de fiches). Relançable à tout moment."
    )

    def handle(self, *args, **options):
        run(self.stdout)


def run(stdout) -> dict:
    """Rebuilds the store, printing progress on ``stdout``; also run after indexing by
    ``update_index`` and ``seed_demo``."""
    # What indexing left pending in the GIN indexes is merged first: the rebuild's own
    # queries, and the searches after it, then read the indexes alone.
    index_maintenance.clean_pending_lists()
    stdout.write(
        f"Termes fréquents (présents dans {thousands(term_store.min_matches())} fiches ou "
        "plus) : recherche dans l'index…"
    )

    def progress(done, total):
        stdout.write(f"  {done} / {total} termes")

    report = term_rebuild.rebuild(fulltext.database_matcher(), progress)
    stdout.write(
        f"Termes fréquents : {thousands(report['terms'])} enregistré(s) sur "
        f"{thousands(report['examined'])} examiné(s) ({thousands(report['matches'])} "
        f"correspondances) en {report['seconds']:.1f} s."
    )
    return report
