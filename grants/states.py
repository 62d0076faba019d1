from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    IN_DIALOGUE = "in_dialogue", _("In gesprek")
    APPROVED = "approved", _("Toegekend")
    REPORTED = "reported", _("Verantwoording ingediend")
    CLOSED = "closed", _("Afgerond")
    REJECTED = "rejected", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


# States in which the municipality has not decided yet (the decision term runs).
UNDECIDED_STATES = (State.SUBMITTED, State.IN_DIALOGUE)
# States whose granted amount counts against the scheme's budget.
COMMITTED_STATES = (State.APPROVED, State.REPORTED, State.CLOSED)
# States that may appear in the public showcase (with the initiator's consent).
SHOWCASE_STATES = COMMITTED_STATES


class BudgetKind(models.TextChoices):
    """What a budget line is: a cost, or money that pays for part of the costs."""

    COST = "cost", _("Kosten")
    OWN_CONTRIBUTION = "own_contribution", _("Eigen bijdrage")
    OTHER_FUNDING = "other_funding", _("Andere financiering")


class OrganisationType(models.TextChoices):
    INFORMAL = "informal", _("Informele groep bewoners")
    ASSOCIATION = "association", _("Vereniging")
    FOUNDATION = "foundation", _("Stichting")
    OTHER = "other", _("Anders")


class Principle(models.TextChoices):
    """The four transition principles an initiative can serve."""

    ECOSYSTEM = "ecosystem", _("Een ecosysteem dat gezond gedrag faciliteert")
    COLLABORATION = "collaboration", _("Nieuwe manieren van samenwerken")
    ICT = "ict", _("ICT die de transitie mogelijk maakt")
    REWARDING = "rewarding", _("Andere manieren van belonen")
