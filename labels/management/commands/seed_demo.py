"""seed_demo, extended with the label: the initiatives' demo first, then its palmarès.

``labels`` comes before ``initiatives`` in INSTALLED_APPS, so Django runs this command.
"""

import random

from initiatives.demo import places
from initiatives.demo.voice import thousands
from initiatives.management.commands import seed_demo
from labels.demo.campaign import seed_campaign
from labels.demo.jury import seed_jury
from labels.demo.seeding import seed_label


class Command(seed_demo.Command):
    help = seed_demo.Command.help + (
        " Ajoute le label : la rubrique, les éditions 2020 à 2023 et, pour chaque collectivité "
        "de la démonstration, son dossier, ses fiches présentées et sa distinction ; une "
        "édition aux candidatures ouvertes (dossiers en brouillon, déposés, un incomplet) ; "
        "une édition en délibéré : 16 jurés fictifs et leurs propositions."
    )

    def handle(self, *args, scale=None, sheets=None, collectivities=None, **options):
        super().handle(*args, scale=scale, sheets=sheets, collectivities=collectivities, **options)
        chosen = self._scale(scale, sheets, collectivities)
        # The same plan as the initiatives' seed (same scale, same seed): its collectivities.
        planned = places.plan(chosen, random.Random(options["seed"]))
        self.stdout.write("Label : éditions, dossiers et distinctions…")
        report = seed_label([entry.place.code for entry in planned], seed=options["seed"])
        self.stdout.write(
            f"Label : {report.editions_created} édition(s) créée(s), "
            f"{thousands(report.participations_created)} dossier(s), "
            f"{thousands(report.awards_created)} distinction(s) et "
            f"{thousands(report.sheet_links_created)} fiche(s) présentée(s) ajoutés."
        )
        jury = seed_jury([entry.place.code for entry in planned], seed=options["seed"])
        edition = "créée" if jury.edition_created else "déjà présente"
        self.stdout.write(
            f"Jury : édition en délibéré {edition}, "
            f"{jury.dossiers_created} dossier(s) déposé(s), "
            f"{thousands(jury.proposals_created)} proposition(s) de jurés ajoutés."
        )
        campaign = seed_campaign([entry.place.code for entry in planned])
        self.stdout.write(
            f"Campagne en cours : édition {'créée' if campaign.edition_created else 'conservée'}, "
            f"{campaign.dossiers_created} dossier(s) ajouté(s) (brouillon, déposé, incomplet)."
        )
