from django.core.management.base import BaseCommand, CommandError

from initiatives import parallel
from initiatives.demo import places
from initiatives.demo.seeding import DEFAULT_SEED, SeedError, seed
from initiatives.demo.team import MODERATOR_EMAIL
from initiatives.demo.voice import thousands

# Sheets per collectivity when only one of --sheets / --collectivities is given (press ratio).
SHEETS_PER_COLLECTIVITY = 60


class Command(BaseCommand):
    help = (
        "Crée des données de démonstration réalistes et reproductibles : de vraies communes et "
        "intercommunalités (code officiel géographique) et leurs fiches actions. Relançable : "
        "ce qui existe déjà est conservé, ce qui manque est créé. Le référentiel doit être "
        "chargé (manage.py import_referentiel)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(places.SCALES),
            help=(
                "demo (par défaut) : une quarantaine de collectivités et 400 fiches ; "
                "press-2023 : les chiffres du label 2023 (257 collectivités, 15 275 fiches)."
            ),
        )
        parser.add_argument("--sheets", type=int, help="Nombre de fiches publiées (taille libre)")
        parser.add_argument(
            "--collectivities", type=int, help="Nombre de collectivités (taille libre)"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Graine : même graine, mêmes données"
        )
        parser.add_argument(
            "--index-workers",
            type=int,
            default=parallel.default_workers(),
            help="Processus d'indexation en parallèle pour les grands volumes (défaut : "
            "nombre de cœurs, au plus 4)",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Ne pas indexer les pages pour la recherche (tests, mesures)",
        )

    def handle(self, *args, scale=None, sheets=None, collectivities=None, **options):
        if options["index_workers"] < 1:
            raise CommandError("--index-workers doit valoir au moins 1.")
        try:
            chosen = self._scale(scale, sheets, collectivities)
        except places.PlanError as error:
            raise CommandError(str(error)) from error
        drafts = f" et {thousands(chosen.drafts)} brouillons" if chosen.drafts else ""
        self.stdout.write(
            f"Données de démonstration « {chosen.name} » : {thousands(chosen.collectivities)} "
            f"collectivités ({chosen.villages} villages, {chosen.villes} villes, "
            f"{chosen.intercommunalites} intercommunalités), {thousands(chosen.sheets)} fiches "
            f"publiées{drafts}, graine {options['seed']}."
        )
        try:
            report = seed(
                chosen,
                seed=options["seed"],
                index=not options["no_index"],
                index_workers=options["index_workers"],
                progress=self._progress,
            )
        except (SeedError, places.PlanError) as error:
            raise CommandError(str(error)) from error

        self.stdout.write(
            f"Collectivités : {thousands(report.collectivities_created)} créée(s), "
            f"{thousands(report.collectivities_existing)} déjà présente(s)."
        )
        self.stdout.write(
            f"Fiches : {thousands(report.sheets_created)} créée(s), "
            f"{thousands(report.sheets_existing)} déjà présente(s)."
        )
        self.stdout.write(
            f"Collections : {report.collection_pages_created} page(s) créée(s) (index et "
            "collections thématiques)."
        )
        if report.inspirations_created:
            self.stdout.write(
                f"Inspirations : {thousands(report.inspirations_created)} fiche(s) « inspirée(s) "
                "de » la fiche d'une autre collectivité."
            )
        if report.moderator_created:
            self.stdout.write(
                f"Modération : compte {MODERATOR_EMAIL} (groupe Moderators, sans mot de passe) "
                "créé pour recevoir les fiches soumises."
            )
        if report.variety and report.variety.sheets:
            variety = report.variety
            self.stdout.write(
                f"Variété des textes : {variety.unique_synthese_share * 100:.1f} % de synthèses "
                "uniques ; la phrase la plus reprise (hors formules types) figure dans "
                f"{variety.top_sentence_share * 100:.2f} % des fiches."
            )
        if report.foreign_sheets:
            self.stdout.write(
                self.style.WARNING(
                    f"{thousands(report.foreign_sheets)} fiches de démonstration déjà en base "
                    "viennent d'une autre taille ou d'une autre graine : elles sont conservées, "
                    "et les chiffres annoncés ne seront pas exacts. Pour les obtenir, partez "
                    "d'une base vide."
                )
            )
        if options["no_index"]:
            self.stdout.write("Indexation ignorée (--no-index) : lancez update_index au besoin.")
        else:
            self.stdout.write(
                f"Indexation : {thousands(report.indexed)} page(s) en {report.index_seconds:.1f} s."
            )
        from home.site_pages import seed_site_pages

        created = seed_site_pages()
        self.stdout.write(f"Pages du site (mentions légales, accessibilité…) : {created} créée(s).")
        self.stdout.write(self.style.SUCCESS(f"Terminé en {report.seconds:.1f} s."))

    def _scale(self, scale, sheets, collectivities) -> places.Scale:
        if sheets is None and collectivities is None:
            return places.SCALES[scale or places.DEFAULT.name]
        if scale:
            raise CommandError(
                "Choisissez soit --scale, soit --sheets/--collectivities, pas les deux."
            )
        if collectivities is None:
            collectivities = max(1, round(sheets / SHEETS_PER_COLLECTIVITY))
        if sheets is None:
            sheets = collectivities * SHEETS_PER_COLLECTIVITY
        return places.custom_scale(sheets, collectivities)

    def _progress(self, done, total, created, seconds):
        rate = created / seconds if seconds else 0
        self.stdout.write(
            f"  {thousands(done)} / {thousands(total)} fiches ({thousands(round(rate))} "
            "créées par seconde)"
        )
