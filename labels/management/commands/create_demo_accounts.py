"""The demo's people, one per role, with a known password: development only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef

from initiatives import roles
from initiatives.models import ActionSheetPage
from labels.demo.jury import DEMO_JUROR_INDEX, JURORS, PRESIDENT_INDEX, juror_email
from labels.jury.deliberation import submitted_dossiers
from labels.models import Juror, LabelEditionPage

# Development only: printed on purpose, refused outside DEBUG unless forced.
PASSWORD = "atlaas-demo"  # noqa: S105
AGENT = "agent.demo@demo.example"
EDITOR = "editrice.demo@demo.example"
MODERATOR = "moderateur.demo@demo.example"


class Command(BaseCommand):
    help = (
        "Donne le mot de passe de développement « atlaas-demo » aux comptes de la "
        "démonstration (un agent, un juré, la présidente du jury, une éditrice, un "
        "modérateur) et les affiche. Après seed_demo. Réservé au développement : refusé si "
        "DEBUG est désactivé, sauf avec --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Créer les comptes même si DEBUG est désactivé (jamais en production).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : ces comptes au mot de passe connu de tous sont réservés "
                "au développement. Ajoutez --force pour passer outre en connaissance de cause."
            )
        edition = (
            LabelEditionPage.objects.filter(jurors__user__username=self._juror(DEMO_JUROR_INDEX))
            .order_by("-year")
            .first()
        )
        if edition is None:
            raise CommandError("Pas de jury de démonstration : lancez d'abord « seed_demo ».")
        # The agent's town is one with a draft if any, so that it has one to submit.
        has_draft = Exists(
            ActionSheetPage.objects.filter(collectivity=OuterRef("collectivity"), live=False)
        )
        dossier = (
            submitted_dossiers(edition)
            .select_related("collectivity")
            .order_by(has_draft.desc(), "collectivity__code")
            .first()
        )
        collectivity = dossier.collectivity
        agent, _created = roles.attach_agent(AGENT, collectivity)
        accounts = [
            (f"agent de {collectivity.title}", self._ready(agent, "Agathe", "Agent")),
            (
                f"juré du {edition.title}",
                self._ready(self._seat(edition, DEMO_JUROR_INDEX).user),
            ),
            (
                f"présidente du jury du {edition.title}",
                self._ready(self._seat(edition, PRESIDENT_INDEX).user),
            ),
            ("éditrice (Villes Internet)", self._staff(EDITOR, roles.EDITORS, "Élise", "Éditrice")),
            (
                "modérateur (Villes Internet)",
                self._staff(MODERATOR, roles.MODERATORS, "Marc", "Modérateur"),
            ),
        ]
        submitted = self._submit_a_draft(agent, collectivity)
        self.stdout.write(self.style.SUCCESS("Comptes de démonstration :"))
        for role, user in accounts:
            self.stdout.write(f"  {role:<40} {user.get_username()}")
        if submitted:
            self.stdout.write(f"  en attente de relecture : « {submitted.title} » (par l'agent)")
        self.stdout.write(f"  mot de passe (tous) : {PASSWORD}")
        self.stdout.write(
            "  (développement uniquement ; ne jamais utiliser ces comptes en production)"
        )

    @staticmethod
    def _submit_a_draft(agent, collectivity):
        """One of the agent's drafts waits for moderation, so that the moderator's
        dashboard shows a submission from the first run. Nothing if one already waits."""
        drafts = list(ActionSheetPage.objects.child_of(collectivity).filter(live=False))
        if not drafts or any(draft.workflow_in_progress for draft in drafts):
            return None
        draft = min(drafts, key=lambda page: page.pk)
        workflow = draft.get_workflow()
        if workflow is None:
            return None
        draft.save_revision(user=agent)
        workflow.start(draft, agent)
        return draft

    @staticmethod
    def _juror(index: int) -> str:
        return juror_email(*JURORS[index])

    def _seat(self, edition, index: int) -> Juror:
        return Juror.objects.select_related("user").get(
            edition=edition, user__username=self._juror(index)
        )

    def _staff(self, username, group_name, first, last):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first() or user_model(
            username=username, email=username
        )
        self._ready(user, first, last)
        user.groups.add(Group.objects.get(name=group_name))
        return user

    @staticmethod
    def _ready(user, first="", last=""):
        # Re-running restores a working login: the account may have been edited since.
        if first and not user.first_name:
            user.first_name, user.last_name = first, last
        user.is_active = True
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
        user.save()
        return user
