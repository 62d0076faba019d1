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


class Kind(models.TextChoices):
    """What an initiator asks for: money, a place in the showcase, or help without money."""

    CONTRIBUTION = "bijdrage", _("Bijdrage (geld)")
    SHOWCASE = "tonen", _("Project laten zien")
    HELP = "hulp", _("Hulp zonder geld")


class HelpKind(models.TextChoices):
    """The help without money a village can ask the municipality for."""

    ROOM = "ruimte", _("Een ruimte")
    PERMIT = "vergunning", _("Een vraag over een vergunning")
    CONTACT = "contactpersoon", _("Een contactpersoon bij de gemeente")
    OTHER = "anders", _("Iets anders")


# Kinds without money: no budget, no amount, no bank account, no report, no scheme budget.
NON_MONEY_KINDS = (Kind.SHOWCASE, Kind.HELP)
# The kinds that may appear in the public showcase (a help question never does).
SHOWCASE_KINDS = (Kind.CONTRIBUTION, Kind.SHOWCASE)
# The weeks the municipality takes to answer a request without money (a scheme sets the term
# for money).
ANSWER_TERM_WEEKS = 4

# The state names that read differently when no money is involved.
_KIND_STATE_LABELS = {
    Kind.SHOWCASE: {
        State.SUBMITTED: _("Aangemeld"),
        State.APPROVED: _("Gepubliceerd"),
        State.CLOSED: _("Afgerond"),
    },
    Kind.HELP: {
        State.SUBMITTED: _("Vraag gesteld"),
        State.APPROVED: _("Toegezegd"),
        State.CLOSED: _("Afgerond"),
    },
}


def state_label(state, kind=Kind.CONTRIBUTION):
    """The Dutch name of ``state`` as it reads for an application of ``kind``."""
    label = _KIND_STATE_LABELS.get(kind, {}).get(state)
    if label is not None:
        return label
    try:
        return State(state).label
    except ValueError:
        return state
