"""Domain of village-initiative funding. One module per concern; import from ``grants.models``."""

from ..states import OrganisationType, Principle, State
from .application import Application, ApplicationQuerySet, Attachment, BudgetLine
from .creation_token import CreationToken
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
    "CreationToken",
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
