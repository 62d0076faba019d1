"""Writing applications, budget lines and the yearly overview to XLSX and CSV.

- Nothing is ever written under ``MEDIA_ROOT`` or any public URL: a CSV is streamed row by row
  (``StreamingHttpResponse``), an XLSX is built in a spooled temporary file (memory, spilling to
  the operating system's temp folder for big files) and handed out as a ``FileResponse``; both
  with ``Cache-Control: private, no-store``.
- Formula ("CSV") injection: every text cell that a spreadsheet program could read as a
  formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is written with a
  leading apostrophe, and XLSX text cells are always stored as text. django-import-export's own
  ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` is not used: it only strips a leading ``=``
  (leaving ``+``, ``-`` and ``@``), and turns every cell, numbers and dates included, into text.
  The import undoes the apostrophe (``resources.unescape_text``), so a file survives a round trip.
- CSV is written the way Dutch Excel reads it: UTF-8 with BOM, ``;`` between cells, a decimal
  comma and dates as ``31-12-2025``.

``listing_queryset(request)`` gives exactly the applications of the officials' listing for the
request's querystring (same ``ApplicationFilterSet``, same search, drafts only when asked for).
"""

import csv
import datetime
import tempfile
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .application_search import search_applications
from .filters import ApplicationFilterSet
from .models import State
from .resources import FORMULA_PREFIXES, ApplicationResource, BudgetLineResource

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_KINDS",
    "ExportError",
    "export_response",
    "guard_text",
    "listing_queryset",
    "table_response",
    "write_export",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("xlsx", "csv")
# What can be exported: the applications themselves, or their budget lines.
EXPORT_KINDS = ("aanvragen", "begrotingsregels")
CHUNK_SIZE = 2000
SPOOL_BYTES = 8 * 1024 * 1024


class ExportError(Exception):
    """The request does not describe an export; ``str()`` is a Dutch sentence."""


# --- which applications ----------------------------------------------------------------------


def listing_queryset(request, data=None):
    """The applications ``request.user`` sees in the officials' listing for ``data`` (the
    listing's querystring: ``state``, ``scheme``, ``village``, ``category``, ``year``,
    ``overdue`` and the search ``q``). Drafts only when ``state=draft``, as in the listing.

    Raises ``ExportError`` for a selection that does not validate, rather than silently
    exporting everything."""
    data = request.GET if data is None else data
    queryset = permissions.applications_for(request.user)
    if data.get("state") != State.DRAFT:
        queryset = queryset.exclude(state=State.DRAFT)
    filterset = ApplicationFilterSet(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ExportError(
            _("Deze selectie klopt niet (meer). Kies de filters opnieuw in het overzicht.")
        )
    queryset = filterset.qs
    query = (data.get("q") or "").strip()
    if query:
        queryset = _search(request.user, queryset, query)
    return queryset


def _search(user, queryset, query):
    """The listing's search (``search_applications``), as a plain queryset to export."""
    try:
        results = search_applications(user, query, queryset.order_by(), order_by_relevance=False)
        if not hasattr(results, "values_list"):  # a search result, not a queryset
            results = [obj.pk for obj in results]
        return queryset.filter(pk__in=results)
    except Exception as exc:  # the search engine is away: say so instead of exporting all
        raise ExportError(
            _("Zoeken lukt nu niet; exporteer zonder zoekterm of probeer het later opnieuw.")
        ) from exc


# --- cells -----------------------------------------------------------------------------------


def guard_text(value):
    """A text a spreadsheet program could run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, (int, float)):
        return str(value)
    return guard_text(str(value))


class _Echo:
    def write(self, value):
        return value


def iter_csv(headers, rows):
    """The CSV file as a stream of byte chunks (one per row), starting with a BOM."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    yield writer.writerow([guard_text(str(h)) for h in headers]).encode("utf-8")
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row]).encode("utf-8")


def _xlsx_cell(worksheet, value, bold=None):
    # openpyxl takes ~0.2 s to import: loaded with the first spreadsheet, not at start-up.
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    cell = WriteOnlyCell(
        worksheet, value=guard_text(_legal(value)) if isinstance(value, str) else value
    )
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever openpyxl guessed
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    elif isinstance(value, datetime.datetime):
        cell.number_format = "DD-MM-YYYY HH:MM"
    elif isinstance(value, datetime.date):
        cell.number_format = "DD-MM-YYYY"
    if bold is not None:
        cell.font = bold
    return cell


def _xlsx_value(worksheet, value):
    """Text goes in as it is, once guarded: it then never starts with ``=``, so openpyxl stores
    it as text (a cell object per text would make a large export a fifth slower)."""
    if value is None:
        return None
    if isinstance(value, str):
        return guard_text(_legal(value))
    return _xlsx_cell(worksheet, value)


def _legal(text):
    """Control characters (pasted from elsewhere) that an .xlsx cannot hold are left out."""
    # openpyxl takes ~0.2 s to import: loaded with the first spreadsheet, not at start-up.
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


def write_xlsx(output, sheets):
    """Write ``sheets`` — ``(title, headers, rows)`` with rows an iterable of value lists — as
    one workbook to the binary file ``output``, one row at a time (openpyxl's write-only mode)."""
    # openpyxl takes ~0.2 s to import: loaded with the first spreadsheet, not at start-up.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        worksheet = workbook.create_sheet(title=str(title)[:31])
        for index, header in enumerate(headers, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = max(
                12, min(40, len(str(header)) + 4)
            )
        worksheet.freeze_panes = "A2"
        worksheet.append([_xlsx_cell(worksheet, str(h), bold) for h in headers])
        for row in rows:
            worksheet.append([_xlsx_value(worksheet, value) for value in row])
    workbook.save(output)


# --- exports ---------------------------------------------------------------------------------


def _rows(kind, applications, progress=None):
    """``(headers, rows, total)`` for ``kind`` over the ``applications`` queryset."""
    if kind == "aanvragen":
        resource = ApplicationResource()
        queryset = ApplicationResource.queryset(applications)
    elif kind == "begrotingsregels":
        resource = BudgetLineResource()
        queryset = BudgetLineResource.queryset(applications)
    else:
        raise ExportError(_("Onbekende export."))
    headers = resource.get_export_headers()
    total = queryset.count() if progress else None

    def rows():
        for done, obj in enumerate(queryset.iterator(chunk_size=CHUNK_SIZE), start=1):
            yield resource.export_values(obj)
            if progress and (done % 1000 == 0 or done == total):
                progress(done, total)

    return headers, rows(), total


def export_filename(kind, fmt, label=""):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    parts = [kind, label, stamp] if label else [kind, stamp]
    return "-".join(parts) + "." + fmt


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def table_response(fmt, filename, sheets):
    """A download of ``sheets`` (see ``write_xlsx``); CSV takes the first sheet only."""
    if fmt == "csv":
        _title, headers, rows = sheets[0]
        response = StreamingHttpResponse(
            iter_csv(headers, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return _private(response)
    if fmt == "xlsx":
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        write_xlsx(spool, sheets)
        spool.seek(0)
        response = FileResponse(
            spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
        )
        return _private(response)
    raise ExportError(_("Kies XLSX of CSV."))


def export_response(kind, fmt, applications, label=""):
    """The download of ``kind`` ("aanvragen" or "begrotingsregels") of ``applications``."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(_("Kies XLSX of CSV."))
    headers, rows, _total = _rows(kind, applications)
    title = _("Aanvragen") if kind == "aanvragen" else _("Begrotingsregels")
    return table_response(fmt, export_filename(kind, fmt, label), [(title, headers, rows)])


def write_export(kind, fmt, applications, output, progress=None):
    """Write the export to the binary file ``output`` (management command, benchmark).
    ``progress(done, total)`` is called every thousand rows. Returns the number of rows."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(_("Kies XLSX of CSV."))
    headers, rows, _total = _rows(kind, applications, progress=progress)
    counted = 0

    def counting(iterable):
        nonlocal counted
        for row in iterable:
            counted += 1
            yield row

    if fmt == "csv":
        for chunk in iter_csv(headers, counting(rows)):
            output.write(chunk)
    else:
        title = _("Aanvragen") if kind == "aanvragen" else _("Begrotingsregels")
        write_xlsx(output, [(title, headers, counting(rows))])
    return counted
