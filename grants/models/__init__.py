"""Domain of village-initiative funding. One module per concern; import from ``grants.models``."""

from .application import Application, ApplicationQuerySet, Attachment, BudgetLine
from .creation_token import CreationToken
from .dialogue import Message, TransitionLog
from .reference import Category, FundingScheme, Village
from .report import Report, ReportPhoto
from .states import OrganisationType, Principle, State

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
    "Report",
    "ReportPhoto",
    "State",
    "TransitionLog",
    "Village",
]

# Page models live in their own module; importing them here registers them with the app.
from ..pages import ProjectShowcasePage, SchemePage  # noqa: E402, F401
