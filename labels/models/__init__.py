from .awards import Award, DossierStatus, Mention, Participation
from .jury import DeliberationReopening, Juror, JuryProposal
from .pages import JuryMember, LabelEditionPage, LabelIndexPage

__all__ = [
    "Award",
    "DeliberationReopening",
    "DossierStatus",
    "JuryMember",
    "JuryProposal",
    "Juror",
    "LabelEditionPage",
    "LabelIndexPage",
    "Mention",
    "Participation",
]
