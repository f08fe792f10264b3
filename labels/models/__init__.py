from .awards import Award, DossierStatus, Mention, Participation
from .pages import JuryMember, LabelEditionPage, LabelIndexPage

__all__ = [
    "Award",
    "DossierStatus",
    "JuryMember",
    "LabelEditionPage",
    "LabelIndexPage",
    "Mention",
    "Participation",
]
