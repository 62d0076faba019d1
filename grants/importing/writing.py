"""Writing what the rows decided: new applications in bulk, changes one by one.

A new application is created with everything that goes with it in one ``bulk_create`` per
model and batch: its budget (one cost line for the requested amount,
``IMPORTED_BUDGET_DESCRIPTION``), a report record when it was reported or closed (so
"verantwoording ontvangen" holds) and one explicit ``TransitionLog`` "import" entry naming the
file and row. Bulk creation sends no ``post_save``, so the new applications are indexed in one
go through the search backends' own ``add_bulk`` (``index_applications``, a task: queued with
the import in production, run at once in development and tests). A change to an existing
application is saved and logged as such, and a state is reached through ``workflow.perform``
(checked, logged and e-mailed as usual)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.search.backends import get_search_backends

from django_tasks import task

from core import caching

from .. import workflow
from ..models import Application, BudgetLine, Report, State, TransitionLog
from ..states import COMMITTED_STATES, OrganisationType
from .rows import as_date, aware, display, state_label

IMPORTED_BUDGET_DESCRIPTION = "Begroting volgens geïmporteerd bestand"
PLACEHOLDER_USERNAME = "geimporteerd"
INDEX_CHUNK = 500


def import_owner():
    """The placeholder account that owns imported applications: inactive, unusable password, no
    e-mail address, no groups. An official must not become the "initiator" of other people's
    plans (the initiator's transitions check ownership), and it makes imports recognisable."""
    user, created = get_user_model()._default_manager.get_or_create(
        username=PLACEHOLDER_USERNAME,
        defaults={
            "email": "",
            "first_name": "Geïmporteerd",
            "last_name": "bestand",
            "is_active": False,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def row_note(note, number, template=None):
    template = template or _("%(note)s (regel %(row)s).")
    return template % {"note": note, "row": number}


# --- new applications ------------------------------------------------------------------------


def new_application(c, owner, zone):
    """The unsaved ``Application`` for the cleaned cells ``c`` of a row that passed the rules.
    Never public: imported applications have no ``public_consent``."""
    state, scheme = c["state"], c["scheme"]
    decided_at = aware(c.get("decided_at"), zone)
    closed = c.get("closed_at")
    closed_at = aware(closed, zone) if closed else (decided_at if state == State.CLOSED else None)
    decision_due = as_date(c.get("decision_due")) or (
        as_date(c["submitted_at"]) + datetime.timedelta(weeks=scheme.decision_term_weeks)
    )
    # Foreign keys by id: no related-object descriptors to run for ten thousand rows.
    return Application(
        reference=c["reference"],
        owner_id=owner.pk,
        scheme_id=scheme.pk,
        village_id=c["village"].pk,
        category_id=c["category"].pk,
        title=c["title"],
        summary=c.get("summary") or "",
        organisation_type=c.get("organisation_type") or OrganisationType.OTHER,
        organisation_name=c["organisation_name"],
        contact_name=c.get("contact_name") or "",
        contact_email=c.get("contact_email") or "",
        privacy_consent=False,
        public_consent=False,
        requested_amount=c["requested_amount"],
        granted_amount=c.get("granted_amount") if state in COMMITTED_STATES else None,
        rejection_reason=c.get("rejection_reason") or "",
        submitted_at=aware(c["submitted_at"], zone),
        decision_due=decision_due,
        decided_at=decided_at,
        closed_at=closed_at,
        state=state,
    )


def new_changes(application, labels):
    """What the preview shows for a new application; ``labels`` from ``change_labels()``."""
    changes = [
        (labels["state"], "", state_label(application.state)),
        (labels["requested"], "", display(application.requested_amount)),
    ]
    if application.granted_amount is not None:
        changes.append((labels["granted"], "", display(application.granted_amount)))
    return changes


def change_labels():
    return {"state": _("Status"), "requested": _("Gevraagd"), "granted": _("Toegekend")}


class NewApplications:
    """New applications waiting for their batch, with what is created alongside them."""

    def __init__(self, user, note):
        self.user, self.note = user, note
        self.waiting = []  # (application, cleaned cells, row number)
        self.template = _("%(note)s (regel %(row)s).")

    def add(self, application, c, number):
        self.waiting.append((application, c, number))

    def create(self, index):
        """Create the waiting applications and their lines, reports and log entries."""
        if not self.waiting:
            return
        waiting, self.waiting = self.waiting, []
        applications = Application.objects.bulk_create([a for a, _c, _n in waiting])
        BudgetLine.objects.bulk_create(
            BudgetLine(
                application_id=a.pk,
                kind=BudgetLine.Kind.COST,
                description=IMPORTED_BUDGET_DESCRIPTION,
                amount=a.requested_amount,
                actual_amount=c.get("spent"),
            )
            for a, c, _n in waiting
        )
        Report.objects.bulk_create(
            _report(a, c) for a, c, _n in waiting if a.state in (State.REPORTED, State.CLOSED)
        )
        TransitionLog.objects.bulk_create(
            TransitionLog(
                application_id=a.pk,
                actor_id=self.user.pk,
                transition="import",
                from_state=State.DRAFT,
                to_state=a.state,
                note=row_note(self.note, number, self.template),
                note_is_internal=True,
            )
            for a, _c, number in waiting
        )
        if index:
            index_applications.enqueue([a.pk for a in applications])
            # Nor does the page cache's rule see them (core.caching): start afresh once.
            transaction.on_commit(caching.invalidate)


def _report(application, c):
    received = c.get("report_submitted_at")
    closed_at = application.closed_at
    return Report(
        application_id=application.pk,
        submitted_at=aware(received) if received else (closed_at or application.decided_at),
        accepted_at=closed_at if application.state == State.CLOSED else None,
    )


@task()
def index_applications(ids: list[int]) -> int:
    """Add applications created without ``post_save`` to every auto-updating search backend,
    in bulk (Wagtail's ``add_bulk``); returns how many."""
    queryset = Application.get_indexed_objects().select_related("village").order_by("pk")
    for start in range(0, len(ids), INDEX_CHUNK):
        chunk = list(queryset.filter(pk__in=ids[start : start + INDEX_CHUNK]))
        for backend in get_search_backends(with_auto_update=True):
            _add_bulk(backend, chunk)
    return len(ids)


def _add_bulk(backend, applications):
    try:
        backend.add_bulk(Application, applications)
    except Exception:
        # A search engine that may be down (Elasticsearch) records each document it could not
        # take in ``add``, to be caught up later; a database backend's error is the import's.
        if not backend.catch_indexing_errors:
            raise
        for application in applications:
            backend.add(application)


# --- changes to an existing application ----------------------------------------------------


def apply_plan(application, plan, user, note, number, labels):
    """Save what ``plan`` changes on ``application``; returns [(column, old, new)]. Raises
    ``workflow.WorkflowError`` when a transition is refused."""
    changes = _apply_fields(application, plan.updates, labels)
    changes += _apply_budget(application, plan.budget, plan.updates, labels)
    if plan.updates:
        application.save(update_fields=[*plan.updates, "updated_at"])
    if changes:
        TransitionLog.objects.create(
            application=application,
            actor=user,
            transition="import",
            from_state=application.state,
            to_state=application.state,
            note=_("%(note)s (regel %(row)s): %(fields)s bijgewerkt.")
            % {"note": note, "row": number, "fields": ", ".join(c[0] for c in changes)},
            note_is_internal=True,
        )
    for name in plan.path:
        source = application.state
        workflow.perform(
            application,
            name,
            user,
            row_note(note, number),
            note_is_internal=True,
            **_transition_arguments(name, plan),
        )
        changes.append(
            (
                labels["state"],
                state_label(source),
                f"{state_label(application.state)} ({workflow.TRANSITIONS[name].label})",
            )
        )
    return changes


def _transition_arguments(name, plan):
    if name == "approve":
        return {"granted_amount": plan.granted}
    if name == "reject":
        return {"reason": plan.reason}
    return {}


def _apply_fields(application, updates, labels):
    changes = []
    kinds = dict(OrganisationType.choices)
    for name, value in updates.items():
        old = getattr(application, name)
        if name == "organisation_type":
            changes.append((labels[name], kinds.get(old, old), kinds.get(value, value)))
        else:
            changes.append((labels[name], display(old), display(value)))
        setattr(application, name, value)
    return changes


def _apply_budget(application, budget, updates, labels):
    if not budget:
        return []
    line = application.budget_lines.get()
    changes = []
    for name, value in budget.items():
        label = labels["requested_amount" if name == "amount" else "spent"]
        changes.append((label, display(getattr(line, name)), display(value)))
        setattr(line, name, value)
    line.save(update_fields=list(budget))
    if "amount" in budget:
        application.requested_amount = budget["amount"]
        updates["requested_amount"] = budget["amount"]
    return changes
