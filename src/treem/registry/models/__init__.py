"""Child registry: children, caregivers, special-circumstance episodes, support, residence
history, proposals from collaborators, merges and import runs."""

from treem.registry.models.child import Caregiver, Child
from treem.registry.models.episodes import CircumstanceEpisode, RiskFlag, SupportRecord
from treem.registry.models.history import ChildMerge, DuplicateDismissal, Proposal, Residence
from treem.registry.models.imports import ImportRun

__all__ = [
    "Caregiver",
    "Child",
    "ChildMerge",
    "CircumstanceEpisode",
    "DuplicateDismissal",
    "ImportRun",
    "Proposal",
    "Residence",
    "RiskFlag",
    "SupportRecord",
]
