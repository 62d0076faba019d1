"""What an import did, or would do: per row an outcome, and every problem with its place.

Built on django-import-export's results: a row is its ``RowResult`` (``import_type`` "new",
"update", "skip" for unchanged, "invalid" for a row with problems) with the file's row number,
reference, title and the changes for the preview; the report reads the ``Result``."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from import_export.results import RowResult


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


ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: "create",
    RowResult.IMPORT_TYPE_UPDATE: "update",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
}


class RowOutcome(RowResult):
    """A ``RowResult`` that knows its place in the file and what it changes."""

    def __init__(self):
        super().__init__()
        self.row = None  # the row number in the file (the header is row 1)
        self.reference = ""
        self.title = ""
        self.problems = []
        # [(column, old, new)], or a function that makes that list: a new application's
        # changes are worded only when the preview shows them.
        self._changes = []

    @property
    def changes(self):
        if callable(self._changes):
            self._changes = self._changes()
        return self._changes

    @changes.setter
    def changes(self, value):
        self._changes = value

    @property
    def action(self):
        """ "create", "update", "unchanged" or "error"."""
        return ACTIONS.get(self.import_type, "error")

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
    result: object = None  # django-import-export's Result

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
