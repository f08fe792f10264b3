from django.core.management.base import BaseCommand

from initiatives.roles import EDITORS, MODERATORS, sync_roles


class Command(BaseCommand):
    help = (
        "Crée ou remet en état les groupes et permissions d'ATLAAS : un groupe d'agents et "
        "une collection d'images par collectivité, les groupes Moderators et Editors, et le "
        "workflow « Relecture Villes Internet ». Relançable sans risque (migrate le fait "
        "aussi)."
    )

    def handle(self, *args, **options):
        result = sync_roles()
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['collectivities']} groupe(s) d'agents à jour, groupes {MODERATORS} "
                f"et {EDITORS} à jour, workflow « {result['workflow'].name} » en place."
            )
        )
