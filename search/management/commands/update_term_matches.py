"""Stores the matches of every frequent term of the index (search.term_store)."""

from django.core.management.base import BaseCommand

from search import fulltext, term_rebuild


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
    stdout.write("Termes fréquents : recherche dans l'index…")

    def progress(done, total):
        stdout.write(f"  {done} / {total} termes")

    report = term_rebuild.rebuild(fulltext.database_matcher(), progress)
    stdout.write(
        f"Termes fréquents : {report['terms']} enregistré(s) sur {report['examined']} examiné(s) "
        f"({report['matches']} correspondances) en {report['seconds']:.1f} s."
    )
    return report
