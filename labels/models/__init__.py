from .awards import Award, Mention, Participation
from .pages import JuryMember, LabelEditionPage, LabelIndexPage

__all__ = [
    "Award",
    "JuryMember",
    "LabelEditionPage",
    "LabelIndexPage",
    "Mention",
    "Participation",
]
