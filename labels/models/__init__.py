from .awards import Award, DossierStatus, Mention, Participation
from .dossiers import DossierDeposit
from .pages import JuryMember, LabelEditionPage, LabelIndexPage

__all__ = [
    "Award",
    "DossierDeposit",
    "DossierStatus",
    "JuryMember",
    "LabelEditionPage",
    "LabelIndexPage",
    "Mention",
    "Participation",
]
