"""Which columns an import file has: the header row matched to ``ApplicationResource``.

Headers match whatever their case and spacing. A missing required column, an unknown one, one
named twice or data under a column without a name are problems of the whole file."""

from django.utils.translation import gettext as _

from openpyxl.utils import get_column_letter

from ..resources import ApplicationResource, fold
from .results import ImportFileError, Problem

MAX_COLUMNS = 60
FIELDS = ApplicationResource.fields
REQUIRED = ApplicationResource.IMPORT_REQUIRED
READ_ONLY = ApplicationResource.READ_ONLY


def letter(index):
    return get_column_letter(index + 1)


def column_name(name):
    return FIELDS[name].column_name


def required_columns():
    return [column_name(name) for name in REQUIRED]


def optional_columns():
    return [
        f.column_name
        for name, f in FIELDS.items()
        if name not in REQUIRED and name not in READ_ONLY
    ]


def ignored_columns():
    return [column_name(name) for name in READ_ONLY]


def _trimmed(headers):
    headers = list(headers)
    while headers and (headers[-1] is None or not str(headers[-1]).strip()):
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            _("Het bestand heeft %(count)s kolommen; dat zijn er te veel.")
            % {"count": len(headers)}
        )
    return headers


def map_columns(headers, rows):
    """``{field name: (index, letter, header as in the file)}`` for the header row ``headers``
    over ``rows`` (lists of cell values); raises ``ImportFileError`` naming every problem."""
    by_header = {fold(f.column_name): name for name, f in FIELDS.items()}
    headers = _trimmed(headers)
    width = max((len(values) for values in rows), default=0)
    headers += [None] * max(0, min(width, MAX_COLUMNS + 1) - len(headers))
    problems, columns = [], {}
    for index, raw in enumerate(headers):
        text = " ".join(str(raw).split()) if raw is not None else ""
        if not text:
            if any(index < len(values) and values[index] is not None for values in rows):
                problems.append(
                    Problem(
                        _("Deze kolom heeft geen naam in de eerste regel."), 1, *[letter(index)] * 2
                    )
                )
            continue
        name = by_header.get(fold(text))
        if name is None:
            problems.append(
                Problem(
                    _("Onbekende kolom “%(column)s” (%(letter)s).")
                    % {"column": text, "letter": letter(index)}
                )
            )
        elif name in columns:
            problems.append(
                Problem(
                    _("De kolom “%(column)s” staat er twee keer in (%(first)s en %(second)s).")
                    % {"column": text, "first": columns[name][1], "second": letter(index)}
                )
            )
        else:
            columns[name] = (index, letter(index), text)
    _refuse(problems, [column_name(name) for name in REQUIRED if name not in columns])
    return columns


def _refuse(problems, missing):
    if missing:
        problems.insert(
            0,
            Problem(
                _("Deze verplichte kolommen ontbreken: %(columns)s.")
                % {"columns": ", ".join(f"“{c}”" for c in missing)}
            ),
        )
    if problems:
        allowed = ", ".join(f.column_name for f in FIELDS.values())
        problems.append(Problem(_("Toegestane kolommen: %(columns)s.") % {"columns": allowed}))
        raise ImportFileError(problems)
