import contextlib
import logging
import sys

from django.core.management.base import BaseCommand, CommandError

from initiatives.planner_statistics import refresh_planner_statistics
from initiatives.sheet_io.collectivities import ImportAborted
from initiatives.sheet_io.importer import BATCH_SIZE, SheetImporter


def printable(text: str) -> str:
    # A reason may quote a broken value (a lone surrogate) that no terminal can encode.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@contextlib.contextmanager
def quiet_wagtail_log():
    # Wagtail logs every page edited and published: thousands of lines in an update run,
    # which the counts below sum up.
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Importe des fiches actions depuis un fichier JSON Lines (une fiche par ligne, voir "
        "initiatives/sheet_io). Relançable : une fiche identique à sa ligne n'est pas "
        "modifiée. Les lignes invalides sont signalées avec leur numéro et ignorées ; la "
        "commande échoue alors après avoir importé les autres."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier .jsonl (« - » pour l'entrée standard)")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help="Fiches par transaction (%(default)s par défaut)",
        )

    def handle(self, *args, file, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size doit être un entier positif.")
        try:
            source = (
                contextlib.nullcontext(sys.stdin.buffer) if file == "-" else open(file, "rb")  # noqa: SIM115
            )
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from error
        try:
            importer = SheetImporter(batch_size=batch_size, progress=self.show_progress)
        except ImportAborted as error:
            raise CommandError(str(error)) from error

        self.stdout.write(f"Import des fiches depuis {file}")
        with source as lines, quiet_wagtail_log():
            report = importer.run(lines)
        if report.created or report.collectivities_created:
            refresh_planner_statistics()

        for line, reason in report.warnings:
            self.stdout.write(self.style.WARNING(f"Ligne {line} : {printable(reason)}"))
        for line, reason in report.errors:
            self.stderr.write(f"Ligne {line} : {printable(reason)}")
        self.stdout.write(
            f"Fiches : {report.created} créée(s), {report.updated} mise(s) à jour, "
            f"{report.unchanged} inchangée(s), {report.failed} en erreur."
        )
        self.stdout.write(
            f"Collectivités : {report.collectivities_created} créée(s), "
            f"{report.collectivities_updated} mise(s) à jour."
        )
        self.stdout.write(f"Débit : {report.rate:.0f} fiches/s.")
        if report.errors:
            # The first reasons again, for callers that only see the exception.
            shown = [f"Ligne {line} : {printable(reason)}" for line, reason in report.errors[:10]]
            if report.failed > len(shown):
                shown.append("…")
            raise CommandError(
                f"{report.failed} ligne(s) en erreur, non importée(s) ; les autres lignes "
                "ont été importées.\n" + "\n".join(shown)
            )
        self.stdout.write(self.style.SUCCESS("Import terminé."))

    def show_progress(self, report):
        self.stdout.write(
            f"  {report.lines} lignes lues : {report.created} créée(s), "
            f"{report.updated} mise(s) à jour, {report.unchanged} inchangée(s), "
            f"{report.failed} en erreur ({report.rate:.0f} fiches/s)"
        )
