"""The import as a django-import-export ``Resource``: ``ApplicationResource``'s columns and
widgets, with the row rules of ``grants.importing.rows`` in its hooks.

Per row (``import_row``): ``before_import_row`` reads the cells with the widgets (a formula, an
unreadable cell or an empty required one is a problem of that column); the instance loader finds
an existing application by its reference, from one lookup for the whole file;
``init_instance`` builds a new one; ``import_instance`` applies the rules and raises a
``ValidationError`` per column; ``skip_row`` leaves an unchanged application alone;
``save_instance`` queues a new application for ``bulk_create`` (``use_bulk``, ``batch_size``)
and saves a change through ``writing.apply_plan``. ``import_data(dry_run=...)`` runs it all in
one transaction, rolled back on a dry run or on any problem: the preview is exactly what the
confirmed import will do."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from import_export.instance_loaders import BaseInstanceLoader

from .. import workflow
from ..models import Application, BudgetLine, FundingScheme
from ..resources import ApplicationResource, CellError, annotate_for_export
from . import rows
from .columns import READ_ONLY, REQUIRED, column_name
from .results import Problem, RowOutcome
from .writing import (
    IMPORTED_BUDGET_DESCRIPTION,
    NewApplications,
    apply_plan,
    change_labels,
    import_owner,
    new_application,
    new_changes,
)

RulesProblem = rows.Problem
PROGRESS_EVERY = 500
LOOKUP_CHUNK = 500


@dataclass
class RowState:
    """What the hooks of one row learn about it."""

    number: int
    cells: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)  # grants.rules.Problem
    plan: rows.Plan | None = None
    changes: list | Callable = field(default_factory=list)
    title: str = ""


class Stored(SimpleNamespace):
    """An existing application as the rules compare it: its values, not a model instance
    (building ten thousand instances would cost more than comparing them). A row that changes
    something gets the real application (``full()``) to save and to run transitions on."""

    def __str__(self):
        return f"{self.reference} {self.title}"

    def full(self):
        return (
            Application.objects.select_related("scheme", "village", "category")
            .annotate(report_submitted_at=F("report__submitted_at"))
            .get(pk=self.pk)
        )


STORED_FIELDS = (
    "pk",
    "reference",
    "scheme_id",
    "village_id",
    "category_id",
    "state",
    *rows.TEXT_FIELDS,
    "organisation_type",
    "requested_amount",
    "granted_amount",
    "rejection_reason",
    *rows.DATE_FIELDS,
    "total_spent",
    "line_count",
    "imported_lines",
)


class ExistingApplications(BaseInstanceLoader):
    """Every application the file names, found in a few queries before the first row, with
    what the rules compare: budget totals, the report date, and whether the budget is still
    the one line an import made. Moments are kept as local dates, as a file has them."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        references = sorted(_references(resource, dataset))
        zone = timezone.get_current_timezone()
        self.by_reference = {}
        for start in range(0, len(references), LOOKUP_CHUNK):
            queryset = _stored(references[start : start + LOOKUP_CHUNK])
            for values in queryset.values(*STORED_FIELDS):
                for name in rows.DATE_FIELDS:
                    values[name] = rows.as_date(values[name], zone)
                self.by_reference[values["reference"]] = Stored(**values)

    def get_instance(self, row):
        return self.by_reference.get(self.resource.current.cells.get("reference"))


def _references(resource, dataset):
    clean = resource.fields["reference"].widget.clean
    for value in dataset[column_name("reference")]:
        try:
            reference = clean(value)
        except CellError:
            continue
        if reference:
            yield reference


def _stored(references):
    return annotate_for_export(Application.objects.filter(reference__in=references)).annotate(
        line_count=Count("budget_lines"),
        imported_lines=Count(
            "budget_lines",
            filter=Q(
                budget_lines__description=IMPORTED_BUDGET_DESCRIPTION,
                budget_lines__kind=BudgetLine.Kind.COST,
            ),
        ),
    )


class ApplicationImportResource(ApplicationResource):
    class Meta:
        model = Application
        import_id_fields = ("reference",)
        instance_loader_class = ExistingApplications
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = False

    def __init__(self, sheet, user, progress=None):
        super().__init__()
        self.sheet, self.user, self.progress = sheet, user, progress
        self.note = _("Geïmporteerd uit “%(file)s”") % {"file": sheet.filename}
        self.labels = {name: f.column_name for name, f in self.fields.items()}
        self.cleaners = [
            (name, self.labels[name], self.fields[name].widget.clean)
            for name in sheet.columns
            if name not in READ_ONLY
        ]
        self.current = None
        self.seen = {}

    @property
    def owner(self):
        # Only when a row is new: a file of changes leaves the accounts as they are.
        if self._owner is None:
            self._owner = import_owner()
        return self._owner

    @classmethod
    def get_row_result_class(cls):
        return RowOutcome

    # --- the whole file ----------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        if not kwargs.get("dry_run"):
            _lock_schemes()
        for name in ("scheme", "village", "category"):
            self.fields[name].widget.prime()
        self.lookups = rows.Lookups()
        self.change_labels = change_labels()
        self._owner = None
        self.new = NewApplications(self.user, self.note)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        try:
            with transaction.atomic():  # a failed batch leaves the transaction usable
                self.new.create(index=not dry_run)
        except Exception as error:  # reported as a problem of the file; everything rolls back
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    # --- one row -----------------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        index = kwargs["row_number"]
        self.current = current = RowState(self.sheet.numbers[index - 1])
        outcome = super().import_row(row, instance_loader, **kwargs)
        outcome.row = current.number
        outcome.reference = current.cells.get("reference") or ""
        outcome.title = current.cells.get("title") or current.title
        outcome.changes = current.changes if outcome.is_valid() else []
        if outcome.validation_error is not None:
            outcome.problems = self._problems(current.number, outcome.validation_error)
        if self.progress and (index % PROGRESS_EVERY == 0 or index == len(self.sheet)):
            self.progress(index, len(self.sheet))
        return outcome

    def before_import_row(self, row, **kwargs):
        current = self.current
        index = kwargs["row_number"] - 1
        formulas = self.sheet.formulas.get(index, {})
        current.problems = [RulesProblem(name, p.message) for name, p in formulas.items()]
        for name, column, clean in self.cleaners:
            if name in formulas:
                continue
            try:
                current.cells[name] = clean(row[column])
            except CellError as error:
                current.problems.append(RulesProblem(name, str(error)))
        current.problems += [
            RulesProblem(name, _("Deze cel is verplicht; vul hem in."))
            for name in REQUIRED
            if name in current.cells and current.cells[name] in (None, "")
        ]
        current.problems += rows.reference_problems(
            current.cells.get("reference") or "", self.seen, current.number
        )

    def init_instance(self, row=None):
        if self.current.problems:
            return Application()  # never saved: the row is refused
        return new_application(self.current.cells, self.owner, self.lookups.zone)

    def import_instance(self, instance, row, **kwargs):
        current = self.current
        if not current.problems and instance.pk is None:
            current.problems = rows.new_row_problems(current.cells, self.lookups)
            current.changes = partial(new_changes, instance, self.change_labels)
        elif not current.problems:
            current.plan = rows.plan_update(instance, current.cells, self.lookups)
            current.problems = current.plan.problems
        if current.problems:
            raise _validation_error(current.problems)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        plan = self.current.plan
        return not import_validation_errors and plan is not None and not plan.changes_anything

    def save_instance(self, instance, is_create, row, **kwargs):
        current = self.current
        if is_create:
            self.new.add(instance, current.cells, current.number)
            self.create_instances.append(instance)
            return
        try:
            with transaction.atomic():
                current.changes = apply_plan(
                    instance.full(), current.plan, self.user, self.note, current.number, self.labels
                )
        except workflow.WorkflowError as error:
            raise ValidationError({"state": " ".join(error.messages)}) from error

    def after_init_instance(self, instance, new, row, **kwargs):
        self.current.title = instance.title

    # --- problems ----------------------------------------------------------------------------

    def _problems(self, number, error):
        found = []
        for name, messages in error.message_dict.items():
            if name not in self.fields:
                found += [Problem(message, number) for message in messages]
                continue
            _index, letter, header = self.sheet.columns.get(name, (None, None, self.labels[name]))
            found += [Problem(message, number, header, letter) for message in messages]
        return found

    def base_problems(self, result):
        return [
            Problem(_("Het opslaan is mislukt: %(error)s") % {"error": error.error})
            for error in result.base_errors
        ]


def _validation_error(problems):
    errors = {}
    for problem in problems:
        errors.setdefault(problem.field or NON_FIELD_ERRORS, []).append(problem.message)
    return ValidationError(errors)


def _lock_schemes():
    """Hold every scheme's row until the import commits, so the budget ceiling counted here
    cannot be spent by a parallel decision."""
    if connection.vendor == "sqlite":
        # SQLite ignores SELECT ... FOR UPDATE; a write takes the database's write lock.
        FundingScheme.objects.update(yearly_budget=F("yearly_budget"))
    list(FundingScheme.objects.select_for_update().order_by("pk").values_list("pk"))
