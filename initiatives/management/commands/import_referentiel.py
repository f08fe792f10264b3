from django.core.management.base import BaseCommand, CommandError

from initiatives.referentiel_import import (
    ReferentielFileError,
    import_referentiel_file,
    shipped_referentiel_path,
)


class Command(BaseCommand):
    help = (
        "Importe le référentiel (catégories, enjeux, services) depuis un CSV. Sans argument, "
        "le référentiel livré avec ATLAAS. Relançable : met à jour noms et ordre, ne supprime "
        "jamais un terme utilisé par des fiches."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Fichier CSV (colonnes du référentiel livré)")

    def handle(self, *args, file=None, **options):
        path = file or shipped_referentiel_path()
        self.stdout.write(f"Import du référentiel depuis {path}")

        def progress(done, total):
            if done == total or done % 50 == 0:
                self.stdout.write(f"  {done}/{total} services")

        try:
            report = import_referentiel_file(path, progress=progress)
        except ReferentielFileError as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError("Référentiel non importé : rien n'a été modifié.") from error
        for kind, label in (
            ("category", "catégories"),
            ("enjeu", "enjeux"),
            ("service", "services"),
        ):
            self.stdout.write(
                f"{label} : {report.created[kind]} créé(s), {report.updated[kind]} mis à jour"
            )
        for term in report.deleted:
            self.stdout.write(f"Supprimé (absent du fichier, inutilisé) : {term}")
        for term in report.kept_in_use:
            self.stdout.write(
                self.style.WARNING(f"Conservé car encore utilisé, absent du fichier : {term}")
            )
        self.stdout.write(self.style.SUCCESS("Référentiel à jour."))
