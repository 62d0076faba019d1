"""The rules for one row of an import file: a new application, or a change to one that exists.

Every check returns ``grants.rules.Problem(field, message)``; the scheme's scope and budget
ceiling are asked of ``grants.rules`` with lookups made once per import (``Lookups``), so no
row costs a query. Rules for an existing application:

- It is updated only where the file differs; empty cells never clear data.
- A different state is reached only through the officials' own transitions (``official_path``);
  steps only the initiator takes (submit, withdraw, submit a report) cannot be imported.
- Its scheme, dates and decided amounts do not change through a file, nor does a budget the
  initiator entered."""

import datetime
import re
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import rules, workflow
from ..models import Application, FundingScheme, State
from ..money import format_euro
from ..states import COMMITTED_STATES

Problem = rules.Problem

REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,19}$")
PORTAL_REFERENCE = re.compile(r"^DI-\d{4}-\d{4}$")
DECIDED_STATES = (*COMMITTED_STATES, State.REJECTED)
TEXT_FIELDS = ("title", "summary", "organisation_name", "contact_name", "contact_email")
DATE_FIELDS = ("submitted_at", "decision_due", "decided_at", "report_submitted_at", "closed_at")
STAMPED_BY_TRANSITIONS = ("decided_at", "report_submitted_at", "closed_at")
# (field, the states in which a new application may have it, what to say otherwise)
ONLY_IN_STATES = (
    ("spent", COMMITTED_STATES, "Alleen een toegekende aanvraag heeft werkelijke kosten."),
    ("closed_at", (State.CLOSED,), "Alleen een afgeronde aanvraag heeft deze datum."),
    (
        "report_submitted_at",
        (State.REPORTED, State.CLOSED),
        "Alleen bij een ingediende verantwoording hoort deze datum.",
    ),
    (
        "rejection_reason",
        (State.REJECTED,),
        "Alleen een afgewezen aanvraag heeft een reden van afwijzing.",
    ),
)


def filled(value):
    return value is not None and value != ""


def as_date(value, zone=None):
    """The (local) date of a date or moment."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone or timezone.get_current_timezone())
        return value.date()
    return value


def aware(value, zone=None, hour=12):
    """A file's date (noon, local time) or naive local moment as an aware datetime."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(hour, 0))
    return timezone.make_aware(value, zone)


def display(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format_euro(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def state_label(value):
    return _state_labels(translation.get_language()).get(value, value)


@cache
def _state_labels(language):
    return {value: str(label) for value, label in State.choices}


# --- lookups, once per import ------------------------------------------------------------------


class Lookups:
    """What the rows are checked against: each scheme's villages and categories, and what is
    granted per scheme and decision year (as ``FundingScheme.committed_amount`` counts it),
    growing with every row of the file that grants money."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.today = timezone.localdate(timezone=self.zone)
        self.schemes = FundingScheme.objects.in_bulk()
        self.villages, self.categories = {}, {}
        for scheme_id, village_id in FundingScheme.villages.through.objects.values_list(
            "fundingscheme_id", "village_id"
        ):
            self.villages.setdefault(scheme_id, set()).add(village_id)
        for scheme_id, category_id in FundingScheme.categories.through.objects.values_list(
            "fundingscheme_id", "category_id"
        ):
            self.categories.setdefault(scheme_id, set()).add(category_id)
        self.committed = {
            (scheme_id, year): total or Decimal("0")
            for scheme_id, year, total in Application.objects.filter(
                state__in=COMMITTED_STATES, decided_at__isnull=False
            )
            .values_list("scheme_id", "decided_at__year")
            .annotate(total=Sum("granted_amount"))
            .order_by()
        }

    def scope(self, scheme, village, category):
        return rules.scope_problems(
            scheme,
            village,
            category,
            village_ids=self.villages.get(scheme.pk, frozenset()),
            category_ids=self.categories.get(scheme.pk, frozenset()),
        )

    def reserve(self, scheme, amount, year):
        """Problems if ``amount`` does not fit the scheme's budget of ``year``; else counts it."""
        key = (scheme.pk, year)
        committed = self.committed.get(key, Decimal("0"))
        problems = rules.budget_problems(scheme, amount, year=year, committed=committed)
        if not problems:
            self.committed[key] = committed + amount
        return problems


# --- cells -----------------------------------------------------------------------------------


def reference_problems(reference, seen, number):
    """A reference must look like one, not pose as the portal's, and be in the file once."""
    if not reference:
        return []
    if not REFERENCE.match(reference):
        message = _(
            "Een kenmerk bestaat uit letters, cijfers en - . / _ (hoogstens 20 tekens), zonder "
            "spaties."
        )
    elif reference.upper().startswith("DI-") and not PORTAL_REFERENCE.match(reference):
        message = _(
            "Kenmerken die met DI- beginnen zijn van het portaal en hebben de vorm DI-2025-0042."
        )
    elif reference in seen:
        message = _("Dit kenmerk staat ook al in regel %(row)s.") % {"row": seen[reference]}
    else:
        seen[reference] = number
        return []
    return [Problem("reference", message)]


# --- a new application -------------------------------------------------------------------------


def new_row_problems(c, lookups):
    """Everything wrong with ``c`` (the cleaned cells) as a new application, the budget last."""
    problems = [
        *_state_problems(c, lookups.today),
        *_decision_problems(c, lookups.today),
        *_amount_problems(c),
        *(
            Problem(name, _(message))
            for name, states, message in ONLY_IN_STATES
            if filled(c.get(name)) and c["state"] not in states
        ),
        *lookups.scope(c["scheme"], c["village"], c["category"]),
    ]
    if not problems and c["state"] in COMMITTED_STATES:
        problems = lookups.reserve(c["scheme"], c["granted_amount"], as_date(c["decided_at"]).year)
    return problems


def _state_problems(c, today):
    problems = []
    if c["state"] == State.DRAFT:
        problems.append(
            Problem(
                "state",
                _(
                    "Een concept kan niet worden geïmporteerd; een aanvraag uit een bestand is "
                    "minstens ingediend."
                ),
            )
        )
    if c["submitted_at"] and as_date(c["submitted_at"]) > today:
        problems.append(Problem("submitted_at", _("Deze datum ligt in de toekomst.")))
    return problems


def _decision_problems(c, today):
    decided, submitted, state = c.get("decided_at"), c["submitted_at"], c["state"]
    if decided is None:
        if state in DECIDED_STATES:
            return [Problem("decided_at", _("Vul de datum van het besluit in."))]
        return []
    if state not in DECIDED_STATES:
        message = _("Een aanvraag met status “%(state)s” heeft nog geen besluit.") % {
            "state": state_label(state)
        }
    elif as_date(decided) > today:
        message = _("Deze datum ligt in de toekomst.")
    elif submitted and as_date(decided) < as_date(submitted):
        message = _("Het besluit ligt vóór de indiening.")
    else:
        return []
    return [Problem("decided_at", message)]


def _amount_problems(c):
    problems = []
    if c["requested_amount"] is not None and c["requested_amount"] <= 0:
        problems.append(
            Problem("requested_amount", _("Het gevraagde bedrag moet meer dan € 0 zijn."))
        )
    granted = c.get("granted_amount")
    if c["state"] in COMMITTED_STATES and not granted:
        problems.append(
            Problem(
                "granted_amount",
                _("Een toegekende aanvraag heeft een toegekend bedrag van meer dan € 0."),
            )
        )
    elif c["state"] not in COMMITTED_STATES and granted is not None:
        problems.append(
            Problem(
                "granted_amount", _("Alleen een toegekende aanvraag heeft een toegekend bedrag.")
            )
        )
    return problems


# --- an existing application -------------------------------------------------------------------


@dataclass
class Plan:
    """What a row changes on an existing application, or why it cannot."""

    updates: dict = field(default_factory=dict)  # model field -> new value
    budget: dict = field(default_factory=dict)  # "amount"/"actual_amount" of the imported line
    path: list = field(default_factory=list)  # officials' transitions, in order
    granted: Decimal | None = None
    reason: str = ""
    problems: list = field(default_factory=list)

    @property
    def changes_anything(self):
        return bool(self.updates or self.budget or self.path)


def plan_update(application, c, lookups):
    """The ``Plan`` for an existing ``application`` and the row's cleaned cells ``c``."""
    plan = Plan(updates=_field_updates(application, c), granted=c.get("granted_amount"))
    scheme = lookups.schemes[application.scheme_id]
    plan.reason = c.get("rejection_reason") or ""
    problems = plan.problems
    if c["scheme"].pk != application.scheme_id:
        problems.append(
            Problem(
                "scheme",
                _(
                    "De regeling van een bestaande aanvraag verandert niet via een import (nu: "
                    "%(scheme)s)."
                )
                % {"scheme": scheme},
            )
        )
    problems += lookups.scope(scheme, plan.updates.get("village"), plan.updates.get("category"))
    problems += _budget_plan(application, c, plan.budget)
    state_changes = c["state"] != application.state
    problems += _date_problems(application, c, state_changes)
    if state_changes:
        problems += _path_plan(application, c, plan)
    else:
        problems += _decided_problems(application, plan)
    if not problems and "approve" in plan.path:
        amount = plan.granted if plan.granted is not None else application.requested_amount
        problems += lookups.reserve(scheme, amount, lookups.today.year)
    return plan


def _field_updates(application, c):
    updates = {
        name: c[name]
        for name in (*TEXT_FIELDS, "organisation_type")
        if c.get(name) and c[name] != getattr(application, name)
    }
    for name in ("village", "category"):
        value = c.get(name)
        if value is not None and value.pk != getattr(application, f"{name}_id"):
            updates[name] = value
    return updates


def _imported_budget(application):
    """True while the budget is still the one line an import made (not the initiator's)."""
    return application.line_count == 1 and application.imported_lines == 1


def _budget_plan(application, c, budget):
    problems = []
    requested, spent = c.get("requested_amount"), c.get("spent")
    if requested is not None and requested != application.requested_amount:
        if _imported_budget(application):
            budget["amount"] = requested
        else:
            problems.append(
                Problem(
                    "requested_amount",
                    _(
                        "Het gevraagde bedrag volgt uit de begroting van de aanvrager "
                        "(%(amount)s) en verandert niet via een import."
                    )
                    % {"amount": display(application.requested_amount)},
                )
            )
    if spent is not None and spent != application.total_spent:
        if _imported_budget(application) and application.state in COMMITTED_STATES:
            budget["actual_amount"] = spent
        else:
            problems.append(
                Problem(
                    "spent",
                    _(
                        "De werkelijke kosten komen uit de verantwoording en veranderen niet "
                        "via een import."
                    ),
                )
            )
    return problems


def _date_problems(application, c, state_changes):
    problems = []
    for name in DATE_FIELDS:
        value = c.get(name)
        if value is None or (state_changes and name in STAMPED_BY_TRANSITIONS):
            continue
        current = as_date(getattr(application, name))
        if as_date(value) != current:
            problems.append(
                Problem(
                    name,
                    _(
                        "Deze datum is in het portaal %(current)s; datums van een bestaande "
                        "aanvraag veranderen niet via een import."
                    )
                    % {"current": display(current)},
                )
            )
    return problems


def _decided_problems(application, plan):
    problems = []
    if plan.granted is not None and plan.granted != application.granted_amount:
        problems.append(
            Problem(
                "granted_amount",
                _(
                    "Het toegekende bedrag is %(amount)s; het verandert alleen met een nieuw "
                    "besluit, niet via een import."
                )
                % {"amount": display(application.granted_amount)},
            )
        )
    if plan.reason and plan.reason != application.rejection_reason:
        problems.append(
            Problem("rejection_reason", _("De reden van afwijzing verandert niet via een import."))
        )
    return problems


def _path_plan(application, c, plan):
    target = c["state"]
    path = official_path(application.state, target)
    problems = []
    if path is None:
        problems.append(
            Problem(
                "state",
                _(
                    "De status kan via een import niet van “%(source)s” naar “%(target)s”. Een "
                    "import zet alleen stappen van een ambtenaar: in gesprek gaan, toekennen, "
                    "afwijzen, verantwoording laten aanvullen of goedkeuren."
                )
                % {"source": state_label(application.state), "target": state_label(target)},
            )
        )
        path = []
    plan.path = list(path)
    granted = plan.granted
    if granted is not None and "approve" not in path and granted != application.granted_amount:
        problems.append(
            Problem(
                "granted_amount", _("Een toegekend bedrag hoort alleen bij de stap “toekennen”.")
            )
        )
    if "reject" in path and not plan.reason:
        problems.append(
            Problem(
                "rejection_reason",
                _("Vul de reden van afwijzing in; de aanvrager krijgt die te lezen."),
            )
        )
    if "accept_report" in path and application.report_submitted_at is None:
        problems.append(
            Problem("state", _("Er is geen verantwoording ingediend om goed te keuren."))
        )
    return problems


# --- the transitions an official may take ----------------------------------------------------


@cache
def _official_steps():
    """``{state: ((transition, target), ...)}`` over the officials' transitions."""
    state_field = Application._meta.get_field("state")
    steps = {}
    for item in state_field.get_all_transitions(Application):
        spec = workflow.TRANSITIONS.get(item.name)
        if spec is not None and spec.is_official:
            steps.setdefault(item.source, []).append((item.name, item.target))
    return {state: tuple(found) for state, found in steps.items()}


def official_path(source, target):
    """The shortest list of officials' transitions from ``source`` to ``target``, or None."""
    if source == target:
        return []
    queue, seen = deque([(source, [])]), {source}
    while queue:
        state, path = queue.popleft()
        for name, nxt in _official_steps().get(state, ()):
            if nxt == target:
                return [*path, name]
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*path, name]))
    return None
