from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from initiatives import geography
from initiatives.models import CollectivityPage
from initiatives.notifications import (
    link_validity_days,
    password_setup_url,
    send_agent_invitation,
)
from initiatives.roles import attach_agent


class Command(BaseCommand):
    help = (
        "Crée le compte d'un agent (identifiant = adresse électronique, sans mot de passe) "
        "ou retrouve le compte existant, et le rattache à une collectivité : il pourra "
        "rédiger et soumettre les fiches de cette collectivité. Relançable sans risque."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse électronique de l'agent (son identifiant)")
        parser.add_argument(
            "--collectivity",
            required=True,
            metavar="CODE",
            help="Code INSEE de la commune ou SIREN de l'intercommunalité",
        )
        parser.add_argument(
            "--send-email",
            action="store_true",
            help="Envoyer à l'agent le courriel d'invitation (lien pour choisir son mot de passe)",
        )

    def handle(self, *args, email, collectivity, send_email=False, **options):
        code = geography.normalize_code(collectivity)
        page = CollectivityPage.objects.filter(code=code).first()
        if page is None:
            raise CommandError(
                f"Aucune collectivité de code « {code} » dans ATLAAS. Créez-la d'abord "
                "(admin, import ou seed_demo), puis relancez la commande."
            )
        try:
            user, created = attach_agent(email, page)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        if created:
            self.stdout.write(self.style.SUCCESS(f"Compte créé : {user.get_username()}"))
        else:
            self.stdout.write(f"Compte existant : {user.get_username()}")
        self.stdout.write(f"Agent de : {page.title} ({page.code})")
        if not user.is_active:
            self.stdout.write(
                self.style.WARNING("Ce compte est désactivé : réactivez-le dans l'admin.")
            )
        if send_email:
            send_agent_invitation(user, page)
            self.stdout.write(f"Courriel d'invitation envoyé à {user.email}.")
        elif not user.has_usable_password():
            self.stdout.write(
                f"Lien pour choisir le mot de passe (valable {link_validity_days()} jours) :"
            )
            self.stdout.write(f"  {password_setup_url(user)}")
