"""Domain of village-initiative funding. One module per concern; import from ``grants.models``."""

from ..states import OrganisationType, Principle, State
from .application import Application, ApplicationQuerySet, Attachment, BudgetLine
from .dialogue import Message, TransitionLog
from .pages import ProjectShowcasePage, SchemePage
from .reference import Category, FundingScheme, Village
from .report import Report, ReportPhoto

__all__ = [
    "Application",
    "ApplicationQuerySet",
    "Attachment",
    "BudgetLine",
    "Category",
    "FundingScheme",
    "Message",
    "OrganisationType",
    "Principle",
    "ProjectShowcasePage",
    "Report",
    "ReportPhoto",
    "SchemePage",
    "State",
    "TransitionLog",
    "Village",
]
