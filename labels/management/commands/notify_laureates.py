from django.core.management.base import BaseCommand

from labels.ceremony.notifications import notify_laureates


class Command(BaseCommand):
    help = (
        "Après la cérémonie, envoie à chaque lauréat (les agents de la collectivité) son "
        "résultat et le lien vers la page de sa distinction. Chaque distinction n'est "
        "annoncée qu'une fois : la commande peut tourner toutes les quelques minutes (cron)."
    )

    def handle(self, *args, **options):
        report = notify_laureates()
        self.stdout.write(
            f"{report['awards']} lauréat(s) prévenu(s), {report['emails']} courriel(s) envoyé(s)"
            + (
                f", {report['without_agent']} sans agent à prévenir."
                if report["without_agent"]
                else "."
            )
        )
