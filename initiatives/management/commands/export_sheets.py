import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from initiatives.sheet_io.exporter import export_sheets


class _OutputStream:
    """Lets the exporter write to the command's standard output, as is, line by line."""

    def __init__(self, output):
        self.output = output

    def write(self, text):
        self.output.write(text, ending="")


class Command(BaseCommand):
    help = (
        "Exporte les fiches actions en JSON Lines (le format que lit import_sheets). Sans "
        "option : les fiches publiées et publiques seulement."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier .jsonl à écrire (« - » pour la sortie standard)")
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="Inclut aussi les brouillons et les fiches à accès restreint",
        )

    def handle(self, *args, file, include_drafts, **options):
        # With the file on standard output, messages go to the error stream.
        messages = self.stderr if file == "-" else self.stdout

        def progress(count):
            messages.write(f"  {count} fiches exportées")

        if file == "-":
            try:
                written, skipped = export_sheets(
                    _OutputStream(self.stdout), include_drafts=include_drafts, progress=progress
                )
            except BrokenPipeError:
                # The reader stopped early (`| head`): a normal end, not an error to show.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return
        else:
            written, skipped = self._export_to_file(Path(file), include_drafts, progress)
        for page in skipped:
            messages.write(
                self.style.WARNING(
                    f"Fiche « {page.title} » (id {page.pk}) ignorée : sans identifiant d'import "
                    "ou placée hors d'une collectivité."
                )
            )
        scope = "toutes les fiches" if include_drafts else "fiches publiées et publiques"
        messages.write(self.style.SUCCESS(f"{written} fiche(s) exportée(s) ({scope})."))

    def _export_to_file(self, path: Path, include_drafts, progress):
        # Written beside the target then renamed: an interrupted export leaves the previous
        # file intact rather than half a file.
        temporary = None
        try:
            descriptor, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
                result = export_sheets(stream, include_drafts=include_drafts, progress=progress)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
            temporary = None
        except OSError as error:
            raise CommandError(f"Impossible d'écrire {path} : {error.strerror}.") from error
        finally:
            if temporary:
                Path(temporary).unlink(missing_ok=True)
        return result
