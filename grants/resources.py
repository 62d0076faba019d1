"""The spreadsheet columns of applications and budget lines (django-import-export Resources).

One place says which columns a file has, what each column is called and how a cell becomes a
Python value and back: the export (``grants.exporting``) writes these columns, the import
(``grants.importing``) reads them with the same widgets, so an exported file can be read back.

The column headers are a fixed Dutch file format, not interface text: a file made by one
official opens the same way for the next, whatever language their admin is in. Values (states,
kinds of budget line) are written with their Dutch labels for the same reason; the import also
accepts the internal codes (``approved``).

Widgets return native values on export (``Decimal``, ``date``, ``datetime``): the writer decides
how a cell looks in XLSX or CSV. On import, a widget raises ``CellError`` with a Dutch sentence
that the import shows next to the row and column."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from import_export import fields, resources, widgets

from .models import Application, BudgetLine, Category, FundingScheme, Village
from .money import parse_euro
from .states import Kind, OrganisationType, State

__all__ = [
    "AmountWidget",
    "ApplicationResource",
    "BudgetLineResource",
    "CellError",
    "ChoiceWidget",
    "DateWidget",
    "LookupWidget",
    "TextWidget",
    "fold",
    "parse_amount",
    "unescape_text",
]

# Characters a spreadsheet program may read as the start of a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class CellError(ValueError):
    """A cell that cannot be read; ``str(error)`` is a Dutch sentence for the official."""


def unescape_text(value):
    """Undo the export's guard: ``'=SOM(A1)`` was written for a text that starts with ``=``."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


# --- widgets ---------------------------------------------------------------------------------


class TextWidget(widgets.Widget):
    def __init__(self, max_length=None, email=False):
        super().__init__(coerce_to_string=False)
        self.max_length = max_length
        self.email = email

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = unescape_text(str(value).strip())
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                _("Deze tekst is %(length)s tekens lang; er passen er hoogstens %(max)s in.")
                % {"length": len(text), "max": self.max_length}
            )
        if self.email and text:
            try:
                validate_email(text)
            except ValidationError as exc:
                raise CellError(
                    _("“%(value)s” is geen geldig e-mailadres.") % {"value": text}
                ) from exc
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def parse_amount(value):
    """A euro amount from a spreadsheet cell (a number, or Dutch text such as ``1.250,00`` or
    ``€ 1250``) through ``grants.money.parse_euro``; ``None`` for an empty cell."""
    if isinstance(value, bool):
        raise CellError(_("Vul een bedrag in euro’s in, bijvoorbeeld 1250,00."))
    try:
        amount = parse_euro(value)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from exc
    if amount is not None and amount < 0:
        raise CellError(_("Een bedrag kan niet negatief zijn."))
    return amount


class AmountWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        return parse_amount(value)

    def render(self, value, obj=None, **kwargs):
        return value


_DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_date(value):
    """A date (``date``) or a moment (naive local ``datetime``) from a cell: a spreadsheet
    date, or text ``31-12-2025``, ``31/12/2025``, ``2025-12-31`` with an optional time
    ``14:30``. ``None`` for an empty cell."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    text = text.replace("T", " ")
    date_part, _sep, time_part = text.partition(" ")
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(date_part)
        if not match:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        try:
            day = datetime.date(parts["y"], parts["m"], parts["d"])
        except ValueError:
            break
        time_part = time_part.strip()
        if not time_part:
            return day
        time_match = _TIME.match(time_part.split("+")[0].split(".")[0])
        if not time_match:
            break
        hour, minute, second = (int(g or 0) for g in time_match.groups())
        try:
            return datetime.datetime.combine(day, datetime.time(hour, minute, second))
        except ValueError:
            break
    raise CellError(
        _("“%(value)s” is geen geldige datum. Schrijf bijvoorbeeld 31-12-2025.") % {"value": text}
    )


def local_moment(value):
    """A model's aware datetime as the naive local datetime a spreadsheet shows."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    return value


class DateWidget(widgets.Widget):
    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return local_moment(value)


def fold(text):
    return " ".join(str(text).split()).casefold()


class ChoiceWidget(widgets.Widget):
    """A ``TextChoices`` value, written as its Dutch label; read from the label or the code."""

    def __init__(self, choices, noun):
        super().__init__(coerce_to_string=False)
        self.choices = choices
        self.noun = noun
        self._label_cache = None

    def _labels(self):
        # Always the Dutch labels (the file format), so they can be computed once.
        if self._label_cache is None:
            with translation.override("nl"):
                labels = {value: str(label) for value, label in self.choices.choices}
            self._label_cache = (
                labels,
                {fold(k): k for k in labels} | {fold(v): k for k, v in labels.items()},
            )
        return self._label_cache[0]

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        wanted = fold(unescape_text(str(value).strip()))
        self._labels()
        code = self._label_cache[1].get(wanted)
        if code is not None:
            return code
        raise CellError(
            _("Onbekende %(noun)s “%(value)s”. Kies uit: %(options)s.")
            % {
                "noun": self.noun,
                "value": str(value).strip(),
                "options": ", ".join(self._labels().values()),
            }
        )

    def render(self, value, obj=None, **kwargs):
        return self._labels().get(value, value or "")


class LookupWidget(widgets.Widget):
    """A village, category or scheme by its name (or slug), case-insensitive.

    ``prime()`` loads every name once, so a file of ten thousand rows costs one query per
    widget instead of one per row."""

    def __init__(self, model, noun, plural):
        super().__init__(coerce_to_string=False)
        self.model = model
        self.noun = noun
        self.plural = plural
        self._by_name = None

    def prime(self):
        self._by_name = {}
        for obj in self.model._default_manager.all():
            self._by_name.setdefault(fold(obj.slug), obj)
        for obj in self.model._default_manager.all():
            self._by_name[fold(obj.name)] = obj
        return self

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        if self._by_name is None:
            self.prime()
        text = unescape_text(" ".join(str(value).split()))
        obj = self._by_name.get(fold(text))
        if obj is None:
            known = sorted({o.name for o in self._by_name.values()})
            shown = ", ".join(known[:15]) + (" …" if len(known) > 15 else "")
            raise CellError(
                _("Onbekende %(noun)s “%(value)s”. Bekende %(plural)s: %(known)s.")
                % {"noun": self.noun, "value": text, "plural": self.plural, "known": shown}
            )
        return obj

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


# --- resources -------------------------------------------------------------------------------


class ApplicationResource(resources.Resource):
    """One row per application: who, where, what state, and the money.

    Columns marked in ``IMPORT_REQUIRED`` must be present in an imported file; columns in
    ``READ_ONLY`` are computed (budget totals, the report date) and ignored on import."""

    reference = fields.Field("reference", "Kenmerk", TextWidget(max_length=20))
    title = fields.Field("title", "Naam initiatief", TextWidget(max_length=200))
    # Exported so a list tells money from a showcase project or a help question; an imported
    # file is always about money (the import reads only requests for money).
    kind = fields.Field(
        "kind", "Soort aanvraag", ChoiceWidget(Kind, gettext_lazy("soort")), readonly=True
    )
    scheme = fields.Field(
        "scheme",
        "Regeling",
        LookupWidget(FundingScheme, gettext_lazy("regeling"), gettext_lazy("regelingen")),
    )
    village = fields.Field(
        "village", "Kern", LookupWidget(Village, gettext_lazy("kern"), gettext_lazy("kernen"))
    )
    category = fields.Field(
        "category",
        "Categorie",
        LookupWidget(Category, gettext_lazy("categorie"), gettext_lazy("categorieën")),
    )
    state = fields.Field("state", "Status", ChoiceWidget(State, gettext_lazy("status")))
    organisation_name = fields.Field("organisation_name", "Organisatie", TextWidget(max_length=200))
    organisation_type = fields.Field(
        "organisation_type",
        "Soort organisatie",
        ChoiceWidget(OrganisationType, gettext_lazy("soort organisatie")),
    )
    contact_name = fields.Field("contact_name", "Contactpersoon", TextWidget(max_length=150))
    contact_email = fields.Field(
        "contact_email", "E-mailadres", TextWidget(max_length=254, email=True)
    )
    summary = fields.Field("summary", "Samenvatting", TextWidget(max_length=600))
    costs = fields.Field("total_costs", "Kosten", AmountWidget(), readonly=True)
    own_contribution = fields.Field(
        "total_own_contribution", "Eigen bijdrage", AmountWidget(), readonly=True
    )
    other_funding = fields.Field(
        "total_other_funding", "Andere financiering", AmountWidget(), readonly=True
    )
    requested_amount = fields.Field("requested_amount", "Gevraagd bedrag", AmountWidget())
    granted_amount = fields.Field("granted_amount", "Toegekend bedrag", AmountWidget())
    spent = fields.Field("total_spent", "Werkelijke kosten", AmountWidget())
    submitted_at = fields.Field("submitted_at", "Ingediend op", DateWidget())
    decision_due = fields.Field("decision_due", "Uiterste beslisdatum", DateWidget())
    decided_at = fields.Field("decided_at", "Besloten op", DateWidget())
    rejection_reason = fields.Field(
        "rejection_reason", "Reden van afwijzing", TextWidget(max_length=5000)
    )
    report_submitted_at = fields.Field(
        "report_submitted_at", "Verantwoording ontvangen op", DateWidget()
    )
    closed_at = fields.Field("closed_at", "Afgerond op", DateWidget())

    IMPORT_REQUIRED = (
        "reference",
        "title",
        "scheme",
        "village",
        "category",
        "state",
        "organisation_name",
        "requested_amount",
        "submitted_at",
    )
    READ_ONLY = ("kind", "costs", "own_contribution", "other_funding")

    class Meta:
        model = Application

    def export_values(self, instance):
        """The row for ``instance`` as native values, in column order."""
        return self.export_resource(instance, force_native_type=True)

    @classmethod
    def queryset(cls, queryset=None):
        """Applications with everything the columns need, aggregated in the database."""
        return annotate_for_export(queryset if queryset is not None else Application.objects.all())


def annotate_for_export(queryset):
    from django.db.models import DecimalField, F, Q, Sum, Value
    from django.db.models.functions import Coalesce

    money = DecimalField(max_digits=12, decimal_places=2)

    def total(kind, field="budget_lines__amount"):
        return Coalesce(
            Sum(field, filter=Q(budget_lines__kind=kind)), Value(Decimal("0")), output_field=money
        )

    return (
        queryset.select_related("scheme", "village", "category")
        .annotate(
            total_costs=total(BudgetLine.Kind.COST),
            total_own_contribution=total(BudgetLine.Kind.OWN_CONTRIBUTION),
            total_other_funding=total(BudgetLine.Kind.OTHER_FUNDING),
            total_spent=Sum(
                "budget_lines__actual_amount",
                filter=Q(budget_lines__kind=BudgetLine.Kind.COST),
                output_field=money,
            ),
            report_submitted_at=F("report__submitted_at"),
        )
        .order_by("reference")
    )


class BudgetLineResource(resources.Resource):
    """One row per budget line, with the application it belongs to."""

    reference = fields.Field("application__reference", "Kenmerk", TextWidget())
    title = fields.Field("application__title", "Naam initiatief", TextWidget())
    scheme = fields.Field("application__scheme__name", "Regeling", TextWidget())
    village = fields.Field("application__village__name", "Kern", TextWidget())
    state = fields.Field(
        "application__state", "Status", ChoiceWidget(State, gettext_lazy("status"))
    )
    kind = fields.Field("kind", "Soort", ChoiceWidget(BudgetLine.Kind, gettext_lazy("soort")))
    description = fields.Field("description", "Omschrijving", TextWidget())
    amount = fields.Field("amount", "Bedrag", AmountWidget())
    actual_amount = fields.Field("actual_amount", "Werkelijk bedrag", AmountWidget())

    class Meta:
        model = BudgetLine

    def export_values(self, instance):
        return self.export_resource(instance, force_native_type=True)

    @classmethod
    def queryset(cls, applications):
        """The budget lines of ``applications`` (a queryset), in a stable order."""
        return (
            BudgetLine.objects.filter(application__in=applications.order_by().values("pk"))
            .select_related("application", "application__scheme", "application__village")
            .order_by("application__reference", "sort_order", "pk")
        )
