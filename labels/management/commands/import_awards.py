from django.core.management.base import BaseCommand, CommandError

from initiatives.demo.voice import thousands
from labels.award_import import ImportFileError, import_awards


class Command(BaseCommand):
    help = (
        "Importe les décisions du jury depuis un fichier CSV aux colonnes "
        "edition,code,arobases,distinction,mentions (code INSEE ou SIREN ; mentions séparées "
        "par des points-virgules ; distinction oui/non). Les lignes valides sont enregistrées, "
        "les autres signalées avec leur numéro. Relancer le même fichier ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Chemin du fichier CSV (UTF-8)")

    def handle(self, *args, file, **options):
        try:
            report = import_awards(file, progress=self._progress)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for line, message in report.errors:
            self.stderr.write(f"Ligne {line} : {message}")
        self.stdout.write(
            f"Distinctions : {thousands(report.created)} créée(s), "
            f"{thousands(report.updated)} modifiée(s), "
            f"{thousands(report.unchanged)} inchangée(s) ; "
            f"{thousands(report.participations_created)} dossier(s) créé(s)."
        )
        if report.errors:
            raise CommandError(
                f"{thousands(len(report.errors))} ligne(s) sur {thousands(report.lines)} en "
                "erreur, non importée(s) : corrigez-les et relancez (les autres sont enregistrées)."
            )
        self.stdout.write(self.style.SUCCESS(f"{thousands(report.lines)} ligne(s) importée(s)."))

    def _progress(self, done, total):
        self.stdout.write(f"  {thousands(done)} / {thousands(total)} lignes")
