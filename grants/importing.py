"""Importing applications from a spreadsheet (historic files, a partner's list).

The steps, for the admin views and the ``import_applications`` command alike:

1. ``read_upload(upload)`` / ``read_bytes(data, filename)`` reads an ``.xlsx`` or ``.csv`` into
   a ``Sheet``. The size is checked before anything is parsed; an ``.xlsx`` must really be one
   (zip signature, a workbook inside, not too big unpacked) and is read with openpyxl in
   read-only mode *with* formulas, so a formula is found even when Excel stored its cached
   value. File-level problems (unreadable, too large, missing or unknown columns) raise
   ``ImportFileError``; a formula in a cell becomes a problem of that row and column.
2. ``import_applications(sheet, user, dry_run=True)`` runs the whole import inside one
   transaction and returns an ``ImportReport``: per row what was (or would be) created or
   changed, and every problem with its row and column. A dry run, or any problem at all,
   rolls the transaction back: the database is untouched. Because the dry run really runs
   (and then rolls back), its preview is exactly what the confirmed import will do.
3. Between the preview and the confirmation the file waits in a private staging folder under
   ``PRIVATE_MEDIA_ROOT`` (never under ``MEDIA_ROOT``), found back by a signed token that names
   the official who uploaded it and the file's SHA-256 (``stage`` / ``load_staged`` /
   ``discard_staged``).

Rules for the rows (matched on the reference number, "Kenmerk"):

- A new reference creates an application in the state the file says, with one explicit,
  logged event: a ``TransitionLog`` entry ``transition="import"``, actor the importing official,
  an internal note naming the file and row. Its budget is one cost line for the requested
  amount (``IMPORTED_BUDGET_DESCRIPTION``); a reported or closed application gets a report
  record so "verantwoording ontvangen" holds. Drafts are not imported.
- Owner: imported applications belong to one placeholder account (``import_owner()``:
  inactive, unusable password, no e-mail address, no groups), not to the importing official —
  an official must not become the "initiator" of other people's plans (the initiator's
  transitions check ownership), and the placeholder makes imported records easy to recognise.
  Imported applications never have ``public_consent``: nothing reaches the public showcase.
- An existing reference is updated only where the file differs; empty cells never clear data.
  A different state is reached only through the officials' own transitions, run with
  ``workflow.perform`` (checked, logged, e-mailed as usual): start the dialogue, approve,
  reject, ask for report changes, accept the report. Steps only the initiator takes (submit,
  withdraw, submit a report) cannot be imported. The scheme, dates and decided amounts of an
  existing application do not change through a file, nor does a budget the initiator entered.
- The budget ceiling holds: granted amounts are counted per scheme and decision year, and a
  row that would take a scheme over its yearly budget is refused with a row error.
- Re-importing the same file changes nothing: every row is "ongewijzigd", nothing is written.
"""

import csv
import datetime
import hashlib
import io
import logging
import re
import uuid
import zipfile
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from django_fsm import Transition

from . import workflow
from .models import Application, BudgetLine, FundingScheme, Report, State, TransitionLog
from .models.application import is_official
from .models.states import COMMITTED_STATES, OrganisationType
from .resources import ApplicationResource, CellError, _fold, annotate_for_export
from .uploads import remove_expired

logger = logging.getLogger(__name__)

__all__ = [
    "IMPORTED_BUDGET_DESCRIPTION",
    "ImportFileError",
    "ImportReport",
    "Problem",
    "RowOutcome",
    "Sheet",
    "discard_staged",
    "import_applications",
    "import_owner",
    "load_staged",
    "max_upload_bytes",
    "read_bytes",
    "read_upload",
    "stage",
    "staged_key",
    "upload_bytes",
]

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
IMPORTED_BUDGET_DESCRIPTION = "Begroting volgens geïmporteerd bestand"
PLACEHOLDER_USERNAME = "geimporteerd"
EXTENSIONS = ("xlsx", "csv")
STAGING_FOLDER = "import-staging"
STAGING_MAX_AGE = 2 * 60 * 60  # seconds between upload and confirmation
_SALT = "grants.importing.staged"
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,19}$")
_PORTAL_REFERENCE = re.compile(r"^DI-\d{4}-\d{4}$")


def max_upload_bytes():
    return int(getattr(settings, "GRANTS_IMPORT_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


# --- results ---------------------------------------------------------------------------------


@dataclass
class Problem:
    """One thing wrong with the file: where (row and column, when known) and what."""

    message: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None

    @property
    def place(self):
        if self.row and self.column:
            return _("Regel %(row)s, kolom “%(column)s” (%(letter)s)") % {
                "row": self.row,
                "column": self.column,
                "letter": self.letter,
            }
        if self.row:
            return _("Regel %(row)s") % {"row": self.row}
        if self.column:
            return _("Kolom “%(column)s”") % {"column": self.column}
        return _("Bestand")

    def __str__(self):
        return f"{self.place}: {self.message}"


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``problems`` says why, in Dutch."""

    def __init__(self, problems):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        super().__init__(str(self.problems[0].message))

    @property
    def messages(self):
        return [str(p) if p.row or p.column else p.message for p in self.problems]


@dataclass
class RowOutcome:
    row: int
    reference: str
    title: str
    action: str  # "create", "update", "unchanged" or "error"
    changes: list = field(default_factory=list)

    @property
    def action_label(self):
        return {
            "create": _("Nieuw"),
            "update": _("Bijwerken"),
            "unchanged": _("Ongewijzigd"),
            "error": _("Fout"),
        }[self.action]


@dataclass
class ImportReport:
    filename: str
    dry_run: bool
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    committed: bool = False

    def _count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self._count("create")

    @property
    def updated(self):
        return self._count("update")

    @property
    def unchanged(self):
        return self._count("unchanged")

    @property
    def failed(self):
        return self._count("error")

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        return _(
            "%(total)s regels: %(created)s nieuw, %(updated)s bijgewerkt, "
            "%(unchanged)s ongewijzigd; fouten: %(problems)s."
        ) % {
            "total": len(self.rows),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": len(self.problems),
        }


# --- reading the file ------------------------------------------------------------------------


def _letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


@dataclass
class Sheet:
    """The rows of a file, with its columns mapped to the resource's fields."""

    filename: str
    headers: list
    columns: dict  # field name -> (index, letter, header as in the file)
    rows: list  # (row number in the file, [values])
    problems: list = field(default_factory=list)  # cell problems found while reading
    bad_cells: set = field(default_factory=set)  # (row number, index) of those cells


def upload_bytes(upload):
    """The content of an uploaded file (anything with ``name``, ``size`` and ``read()``),
    refused before it is read when it is over the size limit."""
    size = getattr(upload, "size", None)
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise ImportFileError(too_large_message(size, limit))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(too_large_message(None, limit))
    return data


def read_upload(upload):
    """Read an uploaded file into a ``Sheet``."""
    return read_bytes(upload_bytes(upload), Path(getattr(upload, "name", "") or "").name)


def too_large_message(size, limit):
    if size is None:
        return _(
            "Het bestand is groter dan %(max)s MB, het maximum voor een importbestand. "
            "Splits het bestand in delen."
        ) % {"max": _megabytes(limit)}
    return _(
        "Het bestand is %(size)s MB; een importbestand mag hoogstens %(max)s MB zijn. "
        "Splits het bestand in delen."
    ) % {"size": _megabytes(size), "max": _megabytes(limit)}


def required_columns():
    fields_ = ApplicationResource.fields
    return [fields_[name].column_name for name in ApplicationResource.IMPORT_REQUIRED]


def optional_columns():
    return [
        f.column_name
        for name, f in ApplicationResource.fields.items()
        if name not in ApplicationResource.IMPORT_REQUIRED
        and name not in ApplicationResource.READ_ONLY
    ]


def ignored_columns():
    fields_ = ApplicationResource.fields
    return [fields_[name].column_name for name in ApplicationResource.READ_ONLY]


def extension_of(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def read_bytes(data, filename):
    """The ``Sheet`` in ``data``; raises ``ImportFileError`` with a Dutch message."""
    extension = extension_of(filename)
    if extension not in EXTENSIONS:
        raise ImportFileError(
            _(
                "Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv); “%(name)s” is geen van "
                "beide."
            )
            % {"name": filename or "?"}
        )
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ImportFileError(too_large_message(len(data), limit))
    if not data:
        raise ImportFileError(_("Het bestand is leeg."))
    if extension == "xlsx":
        header, rows, problems, bad = _read_xlsx(data)
    else:
        header, rows, problems, bad = _read_csv(data)
    sheet = Sheet(filename, header, {}, rows, problems, bad)
    _map_columns(sheet)
    return sheet


def _not_xlsx():
    return ImportFileError(
        _(
            "Dit bestand is geen geldig Excel-bestand (.xlsx), ook al heeft het die extensie. "
            "Open het in Excel of LibreOffice en sla het op als “Excel-werkmap (.xlsx)”."
        )
    )


def _formula_problem(row, index, header):
    return Problem(
        _(
            "Deze cel bevat een formule. Een importbestand mag alleen waarden bevatten: "
            "kopieer de cellen en plak ze als waarden (Plakken speciaal → Waarden)."
        ),
        row,
        header,
        _letter(index),
    )


def _too_many_rows():
    return ImportFileError(
        _("Het bestand heeft meer dan %(max)s regels; splits het in delen.") % {"max": MAX_ROWS}
    )


def _read_xlsx(data):
    if not data.startswith(b"PK\x03\x04"):
        raise _not_xlsx()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_xlsx() from exc
    if "xl/workbook.xml" not in names:
        raise _not_xlsx()
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _("Het bestand is uitgepakt te groot om te lezen; splits het in delen.")
        )

    import openpyxl

    try:
        # data_only=False: a formula is read as a formula, even when a cached value is stored.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        logger.info("Unreadable xlsx upload: %r", exc)
        raise _not_xlsx() from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Het bestand heeft geen werkblad."))
        worksheet = workbook.worksheets[0]
        header = None
        rows, problems, bad = [], [], set()
        try:
            # Bounded: a sheet whose stated size runs to column XFD or row 1,048,576 would
            # otherwise be padded with millions of empty cells.
            for number, cells in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
                if number > 2 * MAX_ROWS + 1:
                    raise _too_many_rows()
                values = []
                formulas = []
                for index, cell in enumerate(cells):
                    value = getattr(cell, "value", None)
                    is_formula = getattr(cell, "data_type", None) == "f" or (
                        isinstance(value, str) and value.startswith("=")
                    )
                    if is_formula:
                        formulas.append(index)
                        value = None
                    values.append(value)
                if header is None:
                    if formulas:
                        raise ImportFileError(
                            _("De eerste regel (de kolomnamen) bevat een formule.")
                        )
                    header = values
                    continue
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values) and (
                    not formulas
                ):
                    continue
                if len(rows) >= MAX_ROWS:
                    raise _too_many_rows()
                for index in formulas:
                    bad.add((number, index))
                    problems.append((number, index))
                rows.append((number, values))
        except ImportFileError:
            raise
        except Exception as exc:
            logger.info("Unreadable xlsx sheet: %r", exc)
            raise _not_xlsx() from exc
    finally:
        workbook.close()
    if header is None:
        raise ImportFileError(_("Het bestand is leeg: er staan geen kolomnamen in."))
    return header, rows, problems, bad


def _read_csv(data):
    if b"\x00" in data[:8192]:
        raise ImportFileError(
            _("Dit bestand is geen CSV-bestand (tekst); sla het op als CSV of als .xlsx.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("De tekens in dit CSV-bestand zijn niet te lezen; sla het op als UTF-8.")
            ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    header = None
    rows, problems, bad = [], [], set()
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            values = [cell if cell.strip() else None for cell in cells]
            if header is None:
                header = values
                continue
            if all(v is None for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            for index, value in enumerate(values):
                if value is not None and value.lstrip().startswith("="):
                    bad.add((number, index))
                    problems.append((number, index))
                    values[index] = None
            rows.append((number, values))
    except csv.Error as exc:
        raise ImportFileError(
            _("Dit CSV-bestand is niet te lezen: %(error)s") % {"error": exc}
        ) from exc
    if header is None:
        raise ImportFileError(_("Het bestand is leeg: er staan geen kolomnamen in."))
    return header, rows, problems, bad


def _map_columns(sheet):
    """Match the header row to the resource's columns; raise for missing/unknown ones."""
    resource = ApplicationResource()
    by_header = {_fold(f.column_name): name for name, f in resource.fields.items()}
    headers = list(sheet.headers)
    while headers and (headers[-1] is None or not str(headers[-1]).strip()):
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            _("Het bestand heeft %(count)s kolommen; dat zijn er te veel.")
            % {"count": len(headers)}
        )
    problems = []
    columns = {}
    width = max((len(values) for _n, values in sheet.rows), default=0)
    headers += [None] * max(0, min(width, MAX_COLUMNS + 1) - len(headers))
    for index, raw in enumerate(headers):
        letter = _letter(index)
        text = " ".join(str(raw).split()) if raw is not None else ""
        if not text:
            if any(index < len(v) and v[index] is not None for _n, v in sheet.rows):
                problems.append(
                    Problem(
                        _("Deze kolom heeft geen naam in de eerste regel."),
                        1,
                        letter,
                        letter,
                    )
                )
            continue
        name = by_header.get(_fold(text))
        if name is None:
            problems.append(
                Problem(
                    _("Onbekende kolom “%(column)s” (%(letter)s).")
                    % {"column": text, "letter": letter}
                )
            )
        elif name in columns:
            problems.append(
                Problem(
                    _("De kolom “%(column)s” staat er twee keer in (%(first)s en %(second)s).")
                    % {"column": text, "first": columns[name][1], "second": letter}
                )
            )
        else:
            columns[name] = (index, letter, text)
    missing = [
        resource.fields[name].column_name
        for name in ApplicationResource.IMPORT_REQUIRED
        if name not in columns
    ]
    if missing:
        problems.insert(
            0,
            Problem(
                _("Deze verplichte kolommen ontbreken: %(columns)s.")
                % {"columns": ", ".join(f"“{c}”" for c in missing)}
            ),
        )
    if problems:
        allowed = ", ".join(f.column_name for f in resource.fields.values())
        problems.append(Problem(_("Toegestane kolommen: %(columns)s.") % {"columns": allowed}))
        raise ImportFileError(problems)
    sheet.columns = columns
    header_of = {index: header for index, _letter_, header in columns.values()}
    sheet.problems = [
        _formula_problem(row, index, header_of.get(index, _letter(index)))
        for row, index in sheet.problems
    ]


# --- the owner of imported applications ------------------------------------------------------


def import_owner():
    """The placeholder account that owns imported applications (see the module docstring)."""
    user_model = get_user_model()
    user, created = user_model._default_manager.get_or_create(
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


# --- the transitions an official may take ----------------------------------------------------


def _official_steps():
    """``{state: [(transition, target), ...]}`` over the officials' transitions."""
    state_field = Application._meta.get_field("state")
    steps = {}
    for item in state_field.get_all_transitions(Application):
        item: Transition
        spec = workflow.TRANSITIONS.get(item.name)
        if spec is None or not spec.is_official:
            continue
        steps.setdefault(item.source, []).append((item.name, item.target))
    return steps


def official_path(source, target):
    """The shortest list of officials' transitions from ``source`` to ``target``, or None."""
    if source == target:
        return []
    steps = _official_steps()
    queue = deque([(source, [])])
    seen = {source}
    while queue:
        state, path = queue.popleft()
        for name, nxt in steps.get(state, ()):
            if nxt in seen:
                continue
            if nxt == target:
                return [*path, name]
            seen.add(nxt)
            queue.append((nxt, [*path, name]))
    return None


# --- the import ------------------------------------------------------------------------------


class _RowInvalid(Exception):
    """Raised inside a row's savepoint to undo what that row wrote."""


def _as_date(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _aware(value, hour=12):
    """A file's date (noon, local time) or naive local moment as an aware datetime."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(hour, 0))
    return timezone.make_aware(value)


def _display(value):
    from .templatetags.grants_admin import euro

    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return euro(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _state_label(value):
    return str(dict(State.choices).get(value, value))


class _Importer:
    TEXT_FIELDS = ("title", "summary", "organisation_name", "contact_name", "contact_email")
    DATE_FIELDS = (
        "submitted_at",
        "decision_due",
        "decided_at",
        "report_submitted_at",
        "closed_at",
    )
    STAMPED_BY_TRANSITIONS = ("decided_at", "report_submitted_at", "closed_at")

    def __init__(self, sheet, user, dry_run, progress=None):
        self.sheet = sheet
        self.user = user
        self.dry_run = dry_run
        self.progress = progress
        self.resource = ApplicationResource()
        self.report = ImportReport(sheet.filename, dry_run)
        self.seen = {}
        self._owner = None
        self.note = _("Geïmporteerd uit “%(file)s”") % {"file": sheet.filename}

    # --- setup -------------------------------------------------------------------------------

    def _prime(self):
        for name in ("scheme", "village", "category"):
            self.resource.fields[name].widget.prime()
        self.schemes = {s.pk: s for s in FundingScheme.objects.all()}
        through_villages = FundingScheme.villages.through.objects.values_list(
            "fundingscheme_id", "village_id"
        )
        through_categories = FundingScheme.categories.through.objects.values_list(
            "fundingscheme_id", "category_id"
        )
        self.scheme_villages, self.scheme_categories = {}, {}
        for scheme_id, village_id in through_villages:
            self.scheme_villages.setdefault(scheme_id, set()).add(village_id)
        for scheme_id, category_id in through_categories:
            self.scheme_categories.setdefault(scheme_id, set()).add(category_id)
        # Granted per scheme and decision year, as FundingScheme.committed_amount counts it.
        self.committed = {}
        for scheme_id, year, total in (
            Application.objects.filter(state__in=COMMITTED_STATES, decided_at__isnull=False)
            .values_list("scheme_id", "decided_at__year")
            .annotate(total=Sum("granted_amount"))
            .order_by()
        ):
            self.committed[(scheme_id, year)] = total or Decimal("0")
        self.existing = self._load_existing()

    def _load_existing(self):
        column = self.sheet.columns["reference"][0]
        references = {
            str(values[column]).strip()
            for _number, values in self.sheet.rows
            if column < len(values) and values[column] is not None
        }
        existing = {}
        references = sorted(references)
        for start in range(0, len(references), 500):
            chunk = references[start : start + 500]
            queryset = annotate_for_export(Application.objects.filter(reference__in=chunk))
            queryset = queryset.annotate(
                line_count=Count("budget_lines"),
                imported_lines=Count(
                    "budget_lines",
                    filter=Q(
                        budget_lines__description=IMPORTED_BUDGET_DESCRIPTION,
                        budget_lines__kind=BudgetLine.Kind.COST,
                    ),
                ),
            )
            for application in queryset:
                existing[application.reference] = application
        return existing

    @property
    def owner(self):
        if self._owner is None:
            self._owner = import_owner()
        return self._owner

    # --- run ---------------------------------------------------------------------------------

    def run(self):
        report = self.report
        report.problems.extend(self.sheet.problems)
        bad_rows = {row for row, _index in self.sheet.bad_cells}
        total = len(self.sheet.rows)
        with transaction.atomic():
            if not self.dry_run:
                self._lock()
            self._prime()
            for done, (number, values) in enumerate(self.sheet.rows, start=1):
                outcome = self._row(number, values, number in bad_rows)
                report.rows.append(outcome)
                if self.progress and (done % 500 == 0 or done == total):
                    self.progress(done, total)
            if self.dry_run or report.problems:
                transaction.set_rollback(True)
        report.committed = not self.dry_run and not report.problems
        return report

    def _lock(self):
        if connection.vendor == "sqlite":
            # SQLite ignores SELECT ... FOR UPDATE; a write takes the database's write lock.
            from django.db.models import F

            FundingScheme.objects.update(yearly_budget=F("yearly_budget"))
        list(FundingScheme.objects.select_for_update().order_by("pk").values_list("pk"))

    # --- one row -----------------------------------------------------------------------------

    def _problem(self, problems, number, name, message):
        if name is None:
            problems.append(Problem(message, number))
            return
        _index, letter, header = self.sheet.columns.get(
            name, (None, None, self.resource.fields[name].column_name)
        )
        problems.append(Problem(message, number, header, letter))

    def _parse(self, number, values):
        cells, problems = {}, []
        for name, (index, *_rest) in self.sheet.columns.items():
            if name in ApplicationResource.READ_ONLY:
                continue
            if (number, index) in self.sheet.bad_cells:
                continue
            raw = values[index] if index < len(values) else None
            try:
                cells[name] = self.resource.fields[name].widget.clean(raw)
            except CellError as exc:
                self._problem(problems, number, name, str(exc))
        for name in ApplicationResource.IMPORT_REQUIRED:
            index = self.sheet.columns[name][0]
            if (number, index) in self.sheet.bad_cells:
                continue
            if name in cells and cells[name] in (None, ""):
                self._problem(problems, number, name, _("Deze cel is verplicht; vul hem in."))
        reference = cells.get("reference") or ""
        if reference:
            if not _REFERENCE.match(reference):
                self._problem(
                    problems,
                    number,
                    "reference",
                    _(
                        "Een kenmerk bestaat uit letters, cijfers en - . / _ (hoogstens 20 "
                        "tekens), zonder spaties."
                    ),
                )
            elif reference.upper().startswith("DI-") and not _PORTAL_REFERENCE.match(reference):
                self._problem(
                    problems,
                    number,
                    "reference",
                    _(
                        "Kenmerken die met DI- beginnen zijn van het portaal en hebben de vorm "
                        "DI-2025-0042."
                    ),
                )
            elif reference in self.seen:
                self._problem(
                    problems,
                    number,
                    "reference",
                    _("Dit kenmerk staat ook al in regel %(row)s.") % {"row": self.seen[reference]},
                )
            else:
                self.seen[reference] = number
        return cells, problems

    def _row(self, number, values, has_bad_cell):
        cells, problems = self._parse(number, values)
        reference = cells.get("reference") or ""
        title = cells.get("title") or ""
        outcome = RowOutcome(number, reference, title, "error")
        if not problems and not has_bad_cell:
            existing = self.existing.get(reference)
            try:
                with transaction.atomic():
                    if existing is None:
                        outcome.action, outcome.changes = self._create(number, cells, problems)
                    else:
                        outcome.title = title or existing.title
                        outcome.action, outcome.changes = self._update(
                            number, existing, cells, problems
                        )
                    if problems:
                        raise _RowInvalid
            except _RowInvalid:
                outcome.action = "error"
                outcome.changes = []
        if problems:
            outcome.action = "error"
            self.report.problems.extend(problems)
        return outcome

    # --- shared checks -----------------------------------------------------------------------

    def _check_scheme_scope(self, number, scheme, village, category, problems):
        villages = self.scheme_villages.get(scheme.pk)
        if village is not None and villages and village.pk not in villages:
            self._problem(
                problems,
                number,
                "village",
                _("De regeling “%(scheme)s” geldt niet voor de kern “%(village)s”.")
                % {"scheme": scheme, "village": village},
            )
        categories = self.scheme_categories.get(scheme.pk)
        if category is not None and categories and category.pk not in categories:
            self._problem(
                problems,
                number,
                "category",
                _("De regeling “%(scheme)s” geldt niet voor de categorie “%(category)s”.")
                % {"scheme": scheme, "category": category},
            )

    def _fits_budget(self, number, scheme, year, amount, problems):
        key = (scheme.pk, year)
        committed = self.committed.get(key, Decimal("0"))
        remaining = scheme.yearly_budget - committed
        if amount > remaining:
            from .templatetags.grants_admin import euro

            self._problem(
                problems,
                number,
                "granted_amount",
                _(
                    "Dit bedrag past niet in het budget van “%(scheme)s” voor %(year)s: er is "
                    "nog %(remaining)s over van het plafond van %(ceiling)s."
                )
                % {
                    "scheme": scheme,
                    "year": year,
                    "remaining": euro(max(remaining, Decimal("0"))),
                    "ceiling": euro(scheme.yearly_budget),
                },
            )
            return False
        self.committed[key] = committed + amount
        return True

    # --- a new application -------------------------------------------------------------------

    def _create(self, number, c, problems):
        state = c["state"]
        today = timezone.localdate()
        submitted = c.get("submitted_at")
        decided = c.get("decided_at")
        granted = c.get("granted_amount")
        closed = c.get("closed_at")
        report_date = c.get("report_submitted_at")
        spent = c.get("spent")
        add = self._problem

        if state == State.DRAFT:
            add(
                problems,
                number,
                "state",
                _(
                    "Een concept kan niet worden geïmporteerd; een aanvraag uit een bestand is "
                    "minstens ingediend."
                ),
            )
        if submitted and _as_date(submitted) > today:
            add(problems, number, "submitted_at", _("Deze datum ligt in de toekomst."))
        if c["requested_amount"] is not None and c["requested_amount"] <= 0:
            add(
                problems,
                number,
                "requested_amount",
                _("Het gevraagde bedrag moet meer dan € 0 zijn."),
            )

        decided_states = (*COMMITTED_STATES, State.REJECTED)
        if state in decided_states and decided is None:
            add(problems, number, "decided_at", _("Vul de datum van het besluit in."))
        if state not in decided_states and decided is not None:
            add(
                problems,
                number,
                "decided_at",
                _("Een aanvraag met status “%(state)s” heeft nog geen besluit.")
                % {"state": _state_label(state)},
            )
        if decided is not None:
            if _as_date(decided) > today:
                add(problems, number, "decided_at", _("Deze datum ligt in de toekomst."))
            elif submitted and _as_date(decided) < _as_date(submitted):
                add(problems, number, "decided_at", _("Het besluit ligt vóór de indiening."))
        if state in COMMITTED_STATES:
            if not granted:
                add(
                    problems,
                    number,
                    "granted_amount",
                    _("Een toegekende aanvraag heeft een toegekend bedrag van meer dan € 0."),
                )
        elif granted is not None:
            add(
                problems,
                number,
                "granted_amount",
                _("Alleen een toegekende aanvraag heeft een toegekend bedrag."),
            )
        if spent is not None and state not in COMMITTED_STATES:
            add(
                problems,
                number,
                "spent",
                _("Alleen een toegekende aanvraag heeft werkelijke kosten."),
            )
        if closed is not None and state != State.CLOSED:
            add(problems, number, "closed_at", _("Alleen een afgeronde aanvraag heeft deze datum."))
        if report_date is not None and state not in (State.REPORTED, State.CLOSED):
            add(
                problems,
                number,
                "report_submitted_at",
                _("Alleen bij een ingediende verantwoording hoort deze datum."),
            )
        if c.get("rejection_reason") and state != State.REJECTED:
            add(
                problems,
                number,
                "rejection_reason",
                _("Alleen een afgewezen aanvraag heeft een reden van afwijzing."),
            )
        scheme = c["scheme"]
        self._check_scheme_scope(number, scheme, c["village"], c["category"], problems)
        if problems:
            return "error", []
        if state in COMMITTED_STATES and not self._fits_budget(
            number, scheme, _as_date(decided).year, granted, problems
        ):
            return "error", []

        submitted_at = _aware(submitted)
        decision_due = _as_date(c.get("decision_due")) or (
            _as_date(submitted) + datetime.timedelta(weeks=scheme.decision_term_weeks)
        )
        decided_at = _aware(decided)
        closed_at = _aware(closed) if closed else (decided_at if state == State.CLOSED else None)
        application = Application(
            reference=c["reference"],
            owner=self.owner,
            scheme=scheme,
            village=c["village"],
            category=c["category"],
            title=c["title"],
            summary=c.get("summary") or "",
            organisation_type=c.get("organisation_type") or OrganisationType.OTHER,
            organisation_name=c["organisation_name"],
            contact_name=c.get("contact_name") or "",
            contact_email=c.get("contact_email") or "",
            privacy_consent=False,
            public_consent=False,
            requested_amount=c["requested_amount"],
            granted_amount=granted if state in COMMITTED_STATES else None,
            rejection_reason=c.get("rejection_reason") or "",
            submitted_at=submitted_at,
            decision_due=decision_due,
            decided_at=decided_at,
            closed_at=closed_at,
            state=state,
        )
        application.save()
        BudgetLine.objects.create(
            application=application,
            kind=BudgetLine.Kind.COST,
            description=IMPORTED_BUDGET_DESCRIPTION,
            amount=c["requested_amount"],
            actual_amount=spent,
        )
        if state in (State.REPORTED, State.CLOSED):
            received = _aware(report_date) if report_date else (closed_at or decided_at)
            Report.objects.create(
                application=application,
                submitted_at=received,
                accepted_at=closed_at if state == State.CLOSED else None,
            )
        TransitionLog.objects.create(
            application=application,
            actor=self.user,
            transition="import",
            from_state=State.DRAFT,
            to_state=state,
            note=_("%(note)s (regel %(row)s).") % {"note": self.note, "row": number},
            note_is_internal=True,
        )
        changes = [
            (_("Status"), "", _state_label(state)),
            (_("Gevraagd"), "", _display(c["requested_amount"])),
        ]
        if granted is not None:
            changes.append((_("Toegekend"), "", _display(granted)))
        return "create", changes

    # --- an existing application -------------------------------------------------------------

    def _update(self, number, application, c, problems):
        add = self._problem
        changes, updates = [], {}
        target = c["state"]
        state_changes = target != application.state
        imported_budget = application.line_count == 1 and application.imported_lines == 1

        if c["scheme"].pk != application.scheme_id:
            add(
                problems,
                number,
                "scheme",
                _(
                    "De regeling van een bestaande aanvraag verandert niet via een import (nu: %(scheme)s)."
                )
                % {"scheme": application.scheme},
            )
        for name in self.TEXT_FIELDS:
            value = c.get(name)
            if value and value != getattr(application, name):
                updates[name] = value
        organisation_type = c.get("organisation_type")
        if organisation_type and organisation_type != application.organisation_type:
            updates["organisation_type"] = organisation_type
        for name in ("village", "category"):
            value = c.get(name)
            if value is not None and value.pk != getattr(application, f"{name}_id"):
                updates[name] = value
        self._check_scheme_scope(
            number,
            application.scheme,
            updates.get("village"),
            updates.get("category"),
            problems,
        )

        requested = c.get("requested_amount")
        budget_changes = {}
        if requested is not None and requested != application.requested_amount:
            if imported_budget:
                budget_changes["amount"] = requested
            else:
                add(
                    problems,
                    number,
                    "requested_amount",
                    _(
                        "Het gevraagde bedrag volgt uit de begroting van de aanvrager "
                        "(%(amount)s) en verandert niet via een import."
                    )
                    % {"amount": _display(application.requested_amount)},
                )
        spent = c.get("spent")
        if spent is not None and spent != application.total_spent:
            if imported_budget and application.state in COMMITTED_STATES:
                budget_changes["actual_amount"] = spent
            else:
                add(
                    problems,
                    number,
                    "spent",
                    _(
                        "De werkelijke kosten komen uit de verantwoording en veranderen niet via een import."
                    ),
                )

        for name in self.DATE_FIELDS:
            value = c.get(name)
            if value is None or (state_changes and name in self.STAMPED_BY_TRANSITIONS):
                continue
            current = (
                application.report_submitted_at
                if name == "report_submitted_at"
                else getattr(application, name)
            )
            if _as_date(value) != _as_date(current):
                add(
                    problems,
                    number,
                    name,
                    _(
                        "Deze datum is in het portaal %(current)s; datums van een bestaande "
                        "aanvraag veranderen niet via een import."
                    )
                    % {"current": _display(_as_date(current))},
                )

        granted = c.get("granted_amount")
        path = []
        if not state_changes:
            if granted is not None and granted != application.granted_amount:
                add(
                    problems,
                    number,
                    "granted_amount",
                    _(
                        "Het toegekende bedrag is %(amount)s; het verandert alleen met een "
                        "nieuw besluit, niet via een import."
                    )
                    % {"amount": _display(application.granted_amount)},
                )
            reason = c.get("rejection_reason")
            if reason and reason != application.rejection_reason:
                add(
                    problems,
                    number,
                    "rejection_reason",
                    _("De reden van afwijzing verandert niet via een import."),
                )
        else:
            path = official_path(application.state, target)
            if path is None:
                add(
                    problems,
                    number,
                    "state",
                    _(
                        "De status kan via een import niet van “%(source)s” naar “%(target)s”. "
                        "Een import zet alleen stappen van een ambtenaar: in gesprek gaan, "
                        "toekennen, afwijzen, verantwoording laten aanvullen of goedkeuren."
                    )
                    % {"source": _state_label(application.state), "target": _state_label(target)},
                )
                path = []
            if (
                granted is not None
                and "approve" not in path
                and granted != application.granted_amount
            ):
                add(
                    problems,
                    number,
                    "granted_amount",
                    _("Een toegekend bedrag hoort alleen bij de stap “toekennen”."),
                )
            if "reject" in path and not c.get("rejection_reason"):
                add(
                    problems,
                    number,
                    "rejection_reason",
                    _("Vul de reden van afwijzing in; de aanvrager krijgt die te lezen."),
                )
            if "accept_report" in path and application.report_submitted_at is None:
                add(
                    problems,
                    number,
                    "state",
                    _("Er is geen verantwoording ingediend om goed te keuren."),
                )
        if problems:
            return "error", []

        # --- apply -----------------------------------------------------------------------
        labels = {n: f.column_name for n, f in self.resource.fields.items()}
        for name, value in updates.items():
            old = getattr(application, name)
            if name == "organisation_type":
                changes.append(
                    (
                        labels[name],
                        dict(OrganisationType.choices).get(old, old),
                        dict(OrganisationType.choices).get(value, value),
                    )
                )
            else:
                changes.append((labels[name], _display(old), _display(value)))
            setattr(application, name, value)
        if budget_changes:
            line = application.budget_lines.get()
            for name, value in budget_changes.items():
                label = labels["requested_amount" if name == "amount" else "spent"]
                old = line.amount if name == "amount" else line.actual_amount
                changes.append((label, _display(old), _display(value)))
                setattr(line, name, value)
            line.save(update_fields=list(budget_changes))
            if "amount" in budget_changes:
                application.requested_amount = budget_changes["amount"]
                updates["requested_amount"] = budget_changes["amount"]
        if updates:
            application.save(update_fields=[*updates, "updated_at"])
        if updates or budget_changes:
            TransitionLog.objects.create(
                application=application,
                actor=self.user,
                transition="import",
                from_state=application.state,
                to_state=application.state,
                note=_("%(note)s (regel %(row)s): %(fields)s bijgewerkt.")
                % {
                    "note": self.note,
                    "row": number,
                    "fields": ", ".join(label for label, _o, _n in changes),
                },
                note_is_internal=True,
            )

        for name in path:
            source = application.state
            kwargs = {}
            note = _("%(note)s (regel %(row)s).") % {"note": self.note, "row": number}
            if name == "approve":
                kwargs["granted_amount"] = granted if granted is not None else None
            if name == "reject":
                kwargs["reason"] = c["rejection_reason"]
            amount = None
            if name == "approve":
                amount = granted if granted is not None else application.requested_amount
                year = timezone.localdate().year
                if not self._fits_budget(number, application.scheme, year, amount, problems):
                    return "error", []
            try:
                workflow.perform(
                    application, name, self.user, note, note_is_internal=True, **kwargs
                )
            except workflow.WorkflowError as error:
                add(problems, number, "state", " ".join(error.messages))
                return "error", []
            changes.append(
                (
                    labels["state"],
                    _state_label(source),
                    f"{_state_label(application.state)} ({workflow.TRANSITIONS[name].label})",
                )
            )
        return ("update" if changes else "unchanged"), changes


def import_applications(sheet, user, *, dry_run=True, progress=None):
    """Import ``sheet`` for the official ``user``; see the module docstring.

    Returns an ``ImportReport``. Nothing is saved on a dry run or when any row has a problem.
    ``progress(done, total)`` is called every 500 rows (for the management command)."""
    if not is_official(user):
        raise ImportFileError(_("Alleen ambtenaren kunnen aanvragen importeren."))
    return _Importer(sheet, user, dry_run, progress).run()


# --- carrying the file from the preview to the confirmation ----------------------------------


def _staging_dir():
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / STAGING_FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def stage(data, filename, user):
    """Keep ``data`` privately until the official confirms; returns the signed token."""
    folder = _staging_dir()
    remove_expired(folder)
    key = uuid.uuid4().hex
    path = folder / f"{key}.upload"
    path.write_bytes(data)
    path.chmod(0o600)
    return signing.dumps(
        {
            "k": key,
            "n": Path(filename).name[:150],
            "u": user.pk,
            "h": hashlib.sha256(data).hexdigest(),
        },
        salt=_SALT,
        compress=True,
    )


def _unsign(token):
    try:
        payload = signing.loads(token or "", salt=_SALT, max_age=STAGING_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ImportFileError(_("Deze controle is verlopen; upload het bestand opnieuw.")) from exc
    except signing.BadSignature as exc:
        raise ImportFileError(
            _("Dit importbestand is niet (meer) bekend; upload het opnieuw.")
        ) from exc
    if not isinstance(payload, dict) or not re.fullmatch(r"[0-9a-f]{32}", str(payload.get("k"))):
        raise ImportFileError(_("Dit importbestand is niet (meer) bekend; upload het opnieuw."))
    return payload


def load_staged(token, user):
    """``(data, filename)`` of a staged file, only for the official who uploaded it."""
    payload = _unsign(token)
    if payload.get("u") != user.pk:
        raise ImportFileError(_("Dit importbestand is door iemand anders geüpload."))
    path = _staging_dir() / f"{payload['k']}.upload"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("Dit importbestand is niet (meer) bekend; upload het opnieuw.")
        ) from exc
    if hashlib.sha256(data).hexdigest() != payload.get("h"):
        raise ImportFileError(_("Dit importbestand is veranderd; upload het opnieuw."))
    return data, payload["n"]


def staged_key(token):
    """The random name of a staged file (safe to put in a URL: it reveals nothing)."""
    return _unsign(token)["k"]


def discard_staged(token):
    try:
        payload = _unsign(token)
    except ImportFileError:
        return
    try:
        (_staging_dir() / f"{payload['k']}.upload").unlink()
    except OSError:
        pass
