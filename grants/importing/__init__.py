"""Importing applications from a spreadsheet (historic files, a partner's list), on
django-import-export.

The steps, for the admin views and the ``import_applications`` command alike:

1. ``read_upload(upload)`` / ``read_bytes(data, filename)`` reads an ``.xlsx`` or ``.csv`` into
   a ``Sheet`` (``reading``; its columns: ``columns``). File-level problems (unreadable, too
   large, missing or unknown columns) raise ``ImportFileError``.
2. ``import_applications(sheet, user, dry_run=True)`` runs the ``Resource`` (``resource``, its
   row rules in ``rows``, what it writes in ``writing``) in one transaction and returns an
   ``ImportReport``: per row what was (or would be) created or changed, and every problem with
   its row and column. A dry run, or any problem at all, rolls everything back.
3. Between the preview and the confirmation the file waits in private storage, found back by a
   signed token bound to the official and the file's SHA-256 (``staging``).

Rules for the rows, matched on the reference number ("Kenmerk"): a new reference creates an
application in the state the file says (not a draft), owned by the placeholder
``import_owner()``, never public, with one logged "import" event naming the file and row. An
existing one changes only where the file differs (empty cells never clear data), and its state
only through the officials' own transitions. The budget ceiling per scheme and decision year
counts the rows of the file. Re-importing the same file changes nothing."""

from django.utils.translation import gettext as _

from ..models.application import is_official
from .columns import ignored_columns, optional_columns, required_columns
from .reading import (
    Sheet,
    max_upload_bytes,
    read_bytes,
    read_upload,
    too_large_message,
    upload_bytes,
)
from .resource import ApplicationImportResource
from .results import ImportFileError, ImportReport, Problem, RowOutcome
from .rows import official_path
from .staging import STAGING_FOLDER, discard_staged, load_staged, remove_expired, stage, staged_key
from .writing import IMPORTED_BUDGET_DESCRIPTION, PLACEHOLDER_USERNAME, import_owner

__all__ = [
    "IMPORTED_BUDGET_DESCRIPTION",
    "PLACEHOLDER_USERNAME",
    "STAGING_FOLDER",
    "ApplicationImportResource",
    "ImportFileError",
    "ImportReport",
    "Problem",
    "RowOutcome",
    "Sheet",
    "discard_staged",
    "ignored_columns",
    "import_applications",
    "import_owner",
    "load_staged",
    "max_upload_bytes",
    "official_path",
    "optional_columns",
    "read_bytes",
    "read_upload",
    "remove_expired",
    "required_columns",
    "stage",
    "staged_key",
    "too_large_message",
    "upload_bytes",
]


def import_applications(sheet, user, *, dry_run=True, progress=None):
    """Import ``sheet`` for the official ``user``; see the module docstring.

    Returns an ``ImportReport``. Nothing is saved on a dry run or when any row has a problem.
    ``progress(done, total)`` is called every 500 rows (for the management command)."""
    if not is_official(user):
        raise ImportFileError(_("Alleen ambtenaren kunnen aanvragen importeren."))
    resource = ApplicationImportResource(sheet, user, progress)
    result = resource.import_data(
        sheet.dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )
    problems = [p for row in result.rows for p in row.problems] + resource.base_problems(result)
    return ImportReport(
        sheet.filename,
        dry_run,
        rows=result.rows,
        problems=problems,
        committed=not dry_run and not problems,
        result=result,
    )
