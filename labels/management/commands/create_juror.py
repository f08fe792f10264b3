from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from initiatives.notifications import link_validity_days, password_setup_url
from labels.jury.roles import attach_juror
from labels.models import LabelEditionPage


class Command(BaseCommand):
    help = (
        "Crée le compte d'un juré (identifiant = adresse électronique, sans mot de passe) ou "
        "retrouve le compte existant, et le fait siéger dans le jury d'une édition : il verra "
        "les dossiers de cette édition seulement, après la clôture des candidatures. "
        "Relançable sans risque."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse électronique du juré (son identifiant)")
        parser.add_argument(
            "--edition", required=True, type=int, metavar="ANNÉE", help="Année de l'édition"
        )
        parser.add_argument(
            "--president",
            action="store_true",
            help="Le juré préside le jury : il enregistre les décisions et clôt le délibéré",
        )

    def handle(self, *args, email, edition, president=False, **options):
        page = LabelEditionPage.objects.filter(year=edition).first()
        if page is None:
            years = ", ".join(
                str(year)
                for year in LabelEditionPage.objects.order_by("year").values_list("year", flat=True)
            )
            raise CommandError(
                f"Aucune édition {edition} du label dans ATLAAS"
                + (f" (éditions : {years})." if years else ".")
            )
        try:
            seat, created = attach_juror(email, page, president=president)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user = seat.user
        if created:
            self.stdout.write(self.style.SUCCESS(f"Compte créé : {user.get_username()}"))
        else:
            self.stdout.write(f"Compte existant : {user.get_username()}")
        role = "Président du jury" if seat.is_president else "Juré"
        self.stdout.write(f"{role} : {page.title}")
        if not user.is_active:
            self.stdout.write(
                self.style.WARNING("Ce compte est désactivé : réactivez-le dans l'admin.")
            )
        if not user.has_usable_password():
            self.stdout.write(
                f"Lien pour choisir le mot de passe (valable {link_validity_days()} jours) :"
            )
            self.stdout.write(f"  {password_setup_url(user)}")
