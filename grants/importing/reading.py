"""Reading an uploaded ``.xlsx`` or ``.csv`` into a ``Sheet``: a ``tablib.Dataset`` for the
resource, with the file's row numbers and the formulas found.

The size is checked before anything is parsed. An ``.xlsx`` must really be one (zip signature, a
workbook inside, not too big unpacked) and is read with openpyxl in read-only mode *with*
formulas (django-import-export's own XLSX format reads cached values only, which would hide a
formula): a formula is found even when Excel stored its result. File-level problems raise
``ImportFileError``; a formula in a cell becomes a problem of that row and column."""

import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

import tablib

from .columns import MAX_COLUMNS, column_name, letter, map_columns
from .results import ImportFileError, Problem

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
EXTENSIONS = ("xlsx", "csv")


@dataclass
class Sheet:
    """The rows of a file, as the resource reads them."""

    filename: str
    columns: dict  # field name -> (index, letter, header as in the file)
    dataset: tablib.Dataset  # headers: the resource's column names
    numbers: list  # the file's row number of each dataset row
    formulas: dict = field(default_factory=dict)  # dataset index -> {field name: Problem}

    def __len__(self):
        return len(self.numbers)


def max_upload_bytes():
    return int(getattr(settings, "GRANTS_IMPORT_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


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
    reader = _read_xlsx if extension == "xlsx" else _read_csv
    header, rows, formulas = reader(data)
    return _sheet(filename, header, rows, formulas)


def _sheet(filename, header, rows, formulas):
    columns = map_columns(header, [values for _number, values in rows])
    names = list(columns)
    indexes = [columns[name][0] for name in names]
    dataset = tablib.Dataset(headers=[column_name(name) for name in names])
    by_index = {index: name for name, (index, *_rest) in columns.items()}
    found = {}
    for position, (number, values) in enumerate(rows):
        width = len(values)
        dataset.append([values[i] if i < width else None for i in indexes])
        for index in formulas.get(number, ()):
            name = by_index.get(index)
            header_text = columns[name][2] if name else letter(index)
            found.setdefault(position, {})[name] = _formula_problem(number, index, header_text)
    return Sheet(filename, columns, dataset, [number for number, _values in rows], found)


def _formula_problem(row, index, header):
    return Problem(
        _(
            "Deze cel bevat een formule. Een importbestand mag alleen waarden bevatten: "
            "kopieer de cellen en plak ze als waarden (Plakken speciaal → Waarden)."
        ),
        row,
        header,
        letter(index),
    )


def _not_xlsx():
    return ImportFileError(
        _(
            "Dit bestand is geen geldig Excel-bestand (.xlsx), ook al heeft het die extensie. "
            "Open het in Excel of LibreOffice en sla het op als “Excel-werkmap (.xlsx)”."
        )
    )


def _too_many_rows():
    return ImportFileError(
        _("Het bestand heeft meer dan %(max)s regels; splits het in delen.") % {"max": MAX_ROWS}
    )


def _no_header():
    return ImportFileError(_("Het bestand is leeg: er staan geen kolomnamen in."))


def _check_zip(data):
    """A real workbook, not a zip bomb: checked before openpyxl unpacks anything."""
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


def _read_xlsx(data):
    _check_zip(data)
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
        # Bounded: a sheet whose stated size runs to column XFD or row 1,048,576 would
        # otherwise be padded with millions of empty cells.
        cells = workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS + 1)
        return _collect(_xlsx_values(cells))
    except ImportFileError:
        raise
    except Exception as exc:
        logger.info("Unreadable xlsx sheet: %r", exc)
        raise _not_xlsx() from exc
    finally:
        workbook.close()


def _xlsx_values(rows):
    """(values, formula indexes) per row; a formula's cell reads as empty."""
    for number, cells in enumerate(rows, start=1):
        if number > 2 * MAX_ROWS + 1:
            raise _too_many_rows()
        values, formulas = [], []
        for index, cell in enumerate(cells):
            value = cell.value
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(value, str) and value.startswith("=")
            ):
                formulas.append(index)
                value = None
            values.append(value)
        yield values, formulas


def _collect(rows):
    """``(header, [(number, values)], {number: formula indexes})`` without empty rows."""
    header, kept, formulas = None, [], {}
    for number, (values, found) in enumerate(rows, start=1):
        if header is None:
            if found:
                raise ImportFileError(_("De eerste regel (de kolomnamen) bevat een formule."))
            header = values
            continue
        if not found and all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(kept) >= MAX_ROWS:
            raise _too_many_rows()
        if found:
            formulas[number] = found
        kept.append((number, values))
    if header is None:
        raise _no_header()
    return header, kept, formulas


def _decode(data):
    if b"\x00" in data[:8192]:
        raise ImportFileError(
            _("Dit bestand is geen CSV-bestand (tekst); sla het op als CSV of als .xlsx.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("De tekens in dit CSV-bestand zijn niet te lezen; sla het op als UTF-8.")
        ) from exc


def _csv_values(reader):
    for cells in reader:
        values = [cell if cell.strip() else None for cell in cells]
        formulas = [i for i, v in enumerate(values) if v is not None and v.lstrip().startswith("=")]
        for index in formulas:
            values[index] = None
        yield values, formulas


def _read_csv(data):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header, rows, formulas = _collect(_csv_values(reader))
    except csv.Error as exc:
        raise ImportFileError(
            _("Dit CSV-bestand is niet te lezen: %(error)s") % {"error": exc}
        ) from exc
    return header, rows, formulas
