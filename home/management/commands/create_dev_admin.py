from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
# Development only: printed on purpose, refused outside DEBUG unless forced.
PASSWORD = "atlaas-admin"  # noqa: S105


class Command(BaseCommand):
    help = (
        "Crée ou réinitialise le super-utilisateur de développement « admin » (mot de passe "
        "« atlaas-admin »). Réservé au développement : refusé si DEBUG est désactivé, sauf "
        "avec --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Créer le compte même si DEBUG est désactivé (jamais en production).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : ce compte au mot de passe connu de tous est réservé au "
                "développement. Pour un vrai site, utilisez « manage.py createsuperuser ». "
                "Ajoutez --force pour passer outre en connaissance de cause."
            )
        user_model = get_user_model()
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: USERNAME}).first()
        created = user is None
        if created:
            user = user_model(**{user_model.USERNAME_FIELD: USERNAME})
        # Re-running restores a working login: the account may have been edited since.
        user.is_active = user.is_staff = user.is_superuser = True
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                "Administrateur de développement créé."
                if created
                else "Administrateur de développement déjà présent, remis en état."
            )
        )
        self.stdout.write(f"  identifiant : {USERNAME}")
        self.stdout.write(f"  mot de passe : {PASSWORD}")
        self.stdout.write(
            "  (développement uniquement ; ne jamais utiliser ce compte en production)"
        )
