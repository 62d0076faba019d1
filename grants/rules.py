"""What each step of an application needs, in one place.

One function per step returns *every* problem that stands in the way, as ``Problem(field,
message)``: ``field`` names the application's (or report's) field the problem belongs to, or ""
for the application as a whole; ``message`` is a Dutch sentence for the person who can fix it.
An empty list means the step may be taken.

Everybody asks here and nobody checks in their own words: the model's transition conditions
("no problems"), the initiator's forms and views, ``grants.workflow.perform``, the officials'
admin and the spreadsheet import.

The steps: ``draft_problems`` (save as draft), ``amend_problems`` (change an application that was
already submitted), ``submit_problems``, ``approve_problems``, ``reject_problems``,
``report_problems`` (a report that can be submitted), ``submit_report_problems``,
``accept_report_problems``, ``close_problems`` (a help question closed without a report);
``problems_for(step, application, **values)`` picks the right one.

Each application has a kind (``states.Kind``): a request for money ("bijdrage"), a project to
show in the showcase ("tonen") or a question for help without money ("hulp"). Without money there
is no scheme, budget, amount, bank account or report: ``NON_MONEY_DRAFT_REQUIRED`` and
``NON_MONEY_SUBMIT_REQUIRED`` say what each kind needs, and approving touches no budget.
The building blocks ``scope_problems`` and ``budget_problems`` take precomputed sets and sums so
the import can check thousands of rows without a query per row.

This module reads instances only; it depends on no other module of ``grants`` but the states
and money, so models, forms and the workflow can all import it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .money import MAX_AMOUNT, format_euro
from .states import NON_MONEY_KINDS, BudgetKind, Kind, OrganisationType

# What even a draft needs: without these it cannot be found back or shown.
DRAFT_REQUIRED = ("scheme", "village", "category", "title")
# What a draft may lack but a submitted application always has (and keeps when amended).
KEPT_AFTER_SUBMISSION = (
    "summary",
    "organisation_type",
    "organisation_name",
    "contact_name",
    "contact_email",
)
PLAN_REQUIRED = ("plan_what", "plan_for_whom", "plan_when")
# Without money (show a project, ask for help): no scheme, budget, amount or bank account.
# What even an unsent one needs, per kind.
NON_MONEY_DRAFT_REQUIRED = {
    Kind.SHOWCASE: ("village", "category", "title"),
    Kind.HELP: ("village", "title"),
}
# What a sent one needs, per kind, beside its draft fields and the privacy consent.
NON_MONEY_SUBMIT_REQUIRED = {
    Kind.SHOWCASE: ("summary", "contact_name", "contact_email"),
    Kind.HELP: ("summary", "help_kind", "help_question", "contact_name", "contact_email"),
}
# Organisations registered with the Chamber of Commerce give their number.
KVK_REQUIRED_FOR = (OrganisationType.ASSOCIATION, OrganisationType.FOUNDATION)


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    # A problem with a value the person typed for this very step (fix the value), rather than
    # with the application or the world around it (complete it, wait, ask): the workflow answers
    # the first with "check what you filled in" and the second with "this cannot be done yet".
    about_input: bool = False

    def __str__(self):
        return str(self.message)


def messages(problems):
    """The problems' sentences, for a list on a page or in an error."""
    return [str(problem.message) for problem in problems]


# --- the application ------------------------------------------------------------------------


def _label(instance, name):
    return instance._meta.get_field(name).verbose_name


def _title(instance, name):
    return capfirst(_label(instance, name))


def is_money(application):
    return application.kind not in NON_MONEY_KINDS


def _is_empty(instance, name):
    if name in ("scheme", "village", "category"):
        return getattr(instance, f"{name}_id") is None
    return not str(getattr(instance, name) or "").strip()


def _required(instance, names, message, label=_label):
    return [
        Problem(name, message % {"label": label(instance, name)})
        for name in names
        if _is_empty(instance, name)
    ]


# Fields chosen from a list rather than typed: "Kies ..." instead of "Vul ... in".
CHOSEN_FIELDS = ("scheme", "village", "category", "help_kind", "organisation_type")


def _kind_required(application, names):
    """What a project to show or a help question needs, in words that fit each field."""
    chosen = [name for name in names if name in CHOSEN_FIELDS]
    typed = [name for name in names if name not in CHOSEN_FIELDS]
    problems = _required(application, chosen, _("Kies: “%(label)s”."), label=_title)
    problems += _required(application, typed, _("Vul in: “%(label)s”."), label=_title)
    order = {name: index for index, name in enumerate(names)}
    return sorted(problems, key=lambda problem: order[problem.field])


def draft_problems(application):
    """Saving as a draft: only what a draft cannot do without."""
    if not is_money(application):
        return _kind_required(application, NON_MONEY_DRAFT_REQUIRED[application.kind])
    return _required(
        application, DRAFT_REQUIRED, _("Kies of vul dit in; ook een concept heeft dit nodig.")
    )


def amend_problems(application):
    """Changing a submitted application: it stays as complete as it was submitted."""
    if not is_money(application):
        return draft_problems(application) + _kind_required(
            application, NON_MONEY_SUBMIT_REQUIRED[application.kind]
        )
    return draft_problems(application) + _required(
        application, KEPT_AFTER_SUBMISSION, _("Vul in: “%(label)s”."), label=_title
    )


def _non_money_problems(application):
    """Sending a project to show or a help question: no scheme, budget, amount or account, but
    the description, the contact and the consents the kind needs."""
    problems = amend_problems(application)
    if not application.privacy_consent:
        problems.append(
            Problem("privacy_consent", _("Geef toestemming voor de privacyverklaring."))
        )
    if application.kind == Kind.SHOWCASE and not application.public_consent:
        problems.append(
            Problem(
                "public_consent",
                _(
                    "Geef toestemming om uw project op de website te laten zien; daarvoor meldt u het aan."
                ),
            )
        )
    return problems


def _completeness_problems(application):
    problems = _required(application, PLAN_REQUIRED, _("Vul het plan in: “%(label)s”."))
    if not application.iban:
        problems.append(
            Problem("iban", _("Vul het IBAN-rekeningnummer in waarop het geld gestort wordt."))
        )
    if not application.privacy_consent:
        problems.append(
            Problem("privacy_consent", _("Geef toestemming voor de privacyverklaring."))
        )
    if application.organisation_type in KVK_REQUIRED_FOR and not application.kvk_number:
        problems.append(
            Problem("kvk_number", _("Een vereniging of stichting vult het KvK-nummer in."))
        )
    return problems


def _budget_lines(application):
    if application.pk is None:
        return []
    return list(application.budget_lines.all())


def budget_totals(lines):
    """The budget's sums per kind, and what is requested: costs minus own contribution and other
    funding, never below zero."""
    totals = {kind: Decimal("0") for kind in BudgetKind.values}
    for line in lines:
        totals[line.kind] += line.amount or Decimal("0")
    own, other = totals[BudgetKind.OWN_CONTRIBUTION], totals[BudgetKind.OTHER_FUNDING]
    return {
        "costs": totals[BudgetKind.COST],
        "own_contribution": own,
        "other_funding": other,
        "requested": max(totals[BudgetKind.COST] - own - other, Decimal("0")),
    }


def _amount_problems(scheme, lines):
    problems = []
    if not any(line.kind == BudgetKind.COST for line in lines):
        problems.append(Problem("budget", _("Voeg minstens één kostenpost toe aan de begroting.")))
    amount = budget_totals(lines)["requested"]
    if scheme.min_amount <= amount <= scheme.max_amount:
        return problems
    message = _("Het gevraagde bedrag (%(amount)s) moet tussen %(min)s en %(max)s liggen.") % {
        "amount": format_euro(amount),
        "min": format_euro(scheme.min_amount),
        "max": format_euro(scheme.max_amount),
    }
    return [*problems, Problem("budget", message)]


def scope_problems(scheme, village, category, *, village_ids=None, category_ids=None):
    """Whether the scheme covers the village and the category. ``village_ids`` and
    ``category_ids`` are the scheme's own (empty: every one); read from the scheme when None."""
    if village_ids is None:
        village_ids = set(scheme.villages.values_list("pk", flat=True))
    if category_ids is None:
        category_ids = set(scheme.categories.values_list("pk", flat=True))
    problems = []
    if village is not None and village_ids and village.pk not in village_ids:
        problems.append(
            Problem(
                "village",
                _("De regeling “%(scheme)s” geldt niet voor de kern “%(village)s”.")
                % {"scheme": scheme, "village": village},
            )
        )
    if category is not None and category_ids and category.pk not in category_ids:
        problems.append(
            Problem(
                "category",
                _("De regeling “%(scheme)s” geldt niet voor de categorie “%(category)s”.")
                % {"scheme": scheme, "category": category},
            )
        )
    return problems


def submit_problems(application, today=None):
    """Submitting: everything the municipality needs to decide, within the scheme's rules.
    Without money only what the kind needs (``_non_money_problems``)."""
    if not is_money(application):
        return _non_money_problems(application)
    problems = amend_problems(application) + _completeness_problems(application)
    scheme = application.scheme if application.scheme_id else None
    if scheme is None:
        return problems
    if not scheme.is_open(today):
        problems.append(
            Problem("scheme", _("De regeling “%(scheme)s” is nu niet open.") % {"scheme": scheme})
        )
    problems += _amount_problems(scheme, _budget_lines(application))
    problems += scope_problems(
        scheme,
        application.village if application.village_id else None,
        application.category if application.category_id else None,
    )
    return problems


# --- the decision ---------------------------------------------------------------------------


def budget_problems(scheme, amount, *, year=None, committed=None):
    """Whether ``amount`` fits in what is left of the scheme's budget for ``year`` (the decision
    year, default this year). ``committed`` is what is already granted that year (read from the
    database when None; the import passes its running total)."""
    year = year or timezone.localdate().year
    if committed is None:
        committed = scheme.committed_amount(year)
    remaining = scheme.yearly_budget - committed
    if amount <= remaining:
        return []
    message = _(
        "Het bedrag van %(amount)s past niet in het resterende budget van “%(scheme)s” voor "
        "%(year)s: er is nog %(remaining)s over van het plafond van %(ceiling)s."
    ) % {
        "amount": format_euro(amount),
        "scheme": scheme,
        "year": year,
        "remaining": format_euro(max(remaining, Decimal("0"))),
        "ceiling": format_euro(scheme.yearly_budget),
    }
    return [Problem("granted_amount", message)]


def grant_limit(scheme):
    return min(scheme.max_amount, MAX_AMOUNT)


def approve_problems(application, granted_amount=None, year=None):
    """Approving ``granted_amount``: a positive amount within the scheme's maximum, and room for
    it in this year's budget. Without an amount (not chosen yet, e.g. for the button): whether
    anything is left at all. Without money there is nothing to check: no amount, no budget."""
    if not is_money(application):
        return []
    if granted_amount is None:
        if application.scheme.remaining_budget(year) > 0:
            return []
        return [Problem("granted_amount", _("Het budget van deze regeling is voor dit jaar op."))]
    amount = granted_amount
    if amount <= 0:
        message = _("Het toe te kennen bedrag moet groter dan 0 zijn.")
        return [Problem("granted_amount", message, about_input=True)]
    limit = grant_limit(application.scheme)
    if amount > limit:
        message = _("Het toe te kennen bedrag mag niet hoger zijn dan %(max)s.") % {
            "max": format_euro(limit)
        }
        return [Problem("granted_amount", message, about_input=True)]
    return budget_problems(application.scheme, amount, year=year)


def reject_problems(application, reason=""):
    """Rejecting: the initiator reads why."""
    if (reason or "").strip():
        return []
    return [Problem("reason", _("Geef een reden voor de afwijzing."), about_input=True)]


# --- the report ----------------------------------------------------------------------------


def report_problems(report):
    """A report that can be submitted: what happened and roughly how many people it reached."""
    problems = []
    if report is None or not (report.story or "").strip():
        problems.append(Problem("story", _("Vertel wat er is gebeurd.")))
    if report is None or report.people_reached is None:
        problems.append(
            Problem("people_reached", _("Vul in hoeveel mensen u ongeveer heeft bereikt."))
        )
    return problems


def _report_of(application):
    return getattr(application, "report", None) if application.pk else None


def _in_the_report(problems):
    """The report's problems as they read outside the report form (the workflow, the admin)."""
    return [
        Problem(p.field, _("Vul de verantwoording aan: %(problem)s") % {"problem": p.message})
        for p in problems
    ]


def _no_report_duty(application):
    if is_money(application):
        return []
    return [Problem("", _("Zonder geld hoeft u geen verantwoording in te dienen."))]


def submit_report_problems(application):
    return _no_report_duty(application) or _in_the_report(report_problems(_report_of(application)))


def close_problems(application):
    """Closing without a report: only a help request (the help was given)."""
    if application.kind == Kind.HELP:
        return []
    return [Problem("", _("Alleen een hulpvraag wordt zonder verantwoording afgerond."))]


def accept_report_problems(application):
    """Accepting: only a submitted, complete report."""
    if no_duty := _no_report_duty(application):
        return no_duty
    report = _report_of(application)
    if report is None or report.submitted_at is None:
        return [Problem("", _("Er is nog geen verantwoording ingediend."))]
    return _in_the_report(report_problems(report))


def _no_problems(application, **values):
    return []


STEPS = {
    "submit": lambda application, **values: submit_problems(application),
    "approve": lambda application, granted_amount=None, **values: approve_problems(
        application, granted_amount
    ),
    "reject": lambda application, reason="", **values: reject_problems(application, reason),
    "submit_report": lambda application, **values: submit_report_problems(application),
    "accept_report": lambda application, **values: accept_report_problems(application),
    "close": lambda application, **values: close_problems(application),
    "start_dialogue": _no_problems,
    "withdraw": _no_problems,
    "request_report_changes": _no_problems,
}


def problems_for(step, application, **values):
    """Every problem in the way of ``step`` (a transition's name) with the given values."""
    return STEPS[step](application, **values)
