from .awards import Award, DossierStatus, Mention, Participation
from .dossiers import DossierDeposit
from .jury import DeliberationReopening, Juror, JuryProposal
from .pages import JuryMember, LabelEditionPage, LabelIndexPage

__all__ = [
    "Award",
    "DeliberationReopening",
    "DossierDeposit",
    "DossierStatus",
    "JuryMember",
    "JuryProposal",
    "Juror",
    "LabelEditionPage",
    "LabelIndexPage",
    "Mention",
    "Participation",
]
