"""The yearly accountability overview per scheme, for the council ("verantwoording").

Which applications: those of the scheme submitted in the year (drafts left out), the same
meaning of "year" as the listing's filter "Jaar van indiening". Per village and per category:

- ``count``: initiatives (applications) submitted;
- ``granted_count``: of those, granted (approved, reported or closed);
- ``requested``: the amounts asked for;
- ``granted``: the amounts granted;
- ``spent``: what was really spent, the actual amounts of the cost lines in the reports;
- ``reports``: reports received (submitted by the initiator).

The budget line under the figures is the scheme's ceiling against what was granted with a
decision in that year (``FundingScheme.committed_amount``), as the budget check counts it.

Everything is aggregated in the database: seven queries, whatever the number of applications
(all villages, all categories, two groupings of applications, two of budget lines, the budget).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Application, BudgetLine, Category, State, Village
from .states import COMMITTED_STATES

__all__ = ["Overview", "OverviewRow", "accountability_overview", "overview_sheets"]

ZERO = Decimal("0")
_MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass
class OverviewRow:
    label: str
    count: int = 0
    granted_count: int = 0
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    spent: Decimal = ZERO
    reports: int = 0
    # Share of the largest value in the group, for the bar chart (0–100).
    granted_percent: int = 0
    count_percent: int = 0

    def add(self, other):
        for name in ("count", "granted_count", "requested", "granted", "spent", "reports"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Overview:
    scheme: object
    year: int
    villages: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    total: OverviewRow = None
    ceiling: Decimal = ZERO
    committed_in_year: Decimal = ZERO

    @property
    def remaining(self):
        return self.ceiling - self.committed_in_year


def year_bounds(year):
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def applications_of(scheme, year):
    start, end = year_bounds(year)
    return Application.objects.filter(
        scheme=scheme, submitted_at__gte=start, submitted_at__lt=end
    ).exclude(state=State.DRAFT)


def _grouped(applications, key, spent_key):
    committed = Q(state__in=COMMITTED_STATES)
    figures = {
        row[key]: row
        for row in applications.values(key)
        .annotate(
            count=Count("pk"),
            granted_count=Count("pk", filter=committed),
            requested=Coalesce(Sum("requested_amount"), Value(ZERO), output_field=_MONEY),
            granted=Coalesce(
                Sum("granted_amount", filter=committed), Value(ZERO), output_field=_MONEY
            ),
            reports=Count("pk", filter=Q(report__submitted_at__isnull=False)),
        )
        .order_by()
    }
    spent = dict(
        BudgetLine.objects.filter(
            application__in=applications.filter(committed).values("pk"),
            kind=BudgetLine.Kind.COST,
        )
        .values_list(spent_key)
        .annotate(total=Coalesce(Sum("actual_amount"), Value(ZERO), output_field=_MONEY))
        .order_by()
    )
    return figures, spent


def _rows(objects, figures, spent):
    rows = []
    for obj in objects:
        data = figures.get(obj.pk, {})
        rows.append(
            OverviewRow(
                label=obj.name,
                count=data.get("count", 0),
                granted_count=data.get("granted_count", 0),
                requested=data.get("requested", ZERO),
                granted=data.get("granted", ZERO),
                spent=spent.get(obj.pk, ZERO),
                reports=data.get("reports", 0),
            )
        )
    top_granted = max((r.granted for r in rows), default=ZERO)
    top_count = max((r.count for r in rows), default=0)
    for row in rows:
        row.granted_percent = round(row.granted / top_granted * 100) if top_granted else 0
        row.count_percent = round(row.count / top_count * 100) if top_count else 0
    return rows


def accountability_overview(scheme, year):
    """The ``Overview`` of ``scheme`` for ``year``, in a fixed number of queries."""
    applications = applications_of(scheme, year)
    village_figures, village_spent = _grouped(applications, "village_id", "application__village_id")
    category_figures, category_spent = _grouped(
        applications, "category_id", "application__category_id"
    )
    overview = Overview(scheme=scheme, year=year)
    overview.villages = _rows(Village.objects.order_by("name"), village_figures, village_spent)
    overview.categories = _rows(
        Category.objects.order_by("sort_order", "name"), category_figures, category_spent
    )
    overview.total = OverviewRow(label=_("Totaal"))
    for row in overview.villages:
        overview.total.add(row)
    overview.ceiling = scheme.yearly_budget
    overview.committed_in_year = scheme.committed_amount(year)
    return overview


def overview_headers(first):
    return [
        first,
        _("Aanvragen"),
        _("Toegekend (aantal)"),
        _("Gevraagd"),
        _("Toegekend"),
        _("Besteed"),
        _("Verantwoordingen ontvangen"),
    ]


def _values(row):
    return [
        row.label,
        row.count,
        row.granted_count,
        row.requested,
        row.granted,
        row.spent,
        row.reports,
    ]


def overview_sheets(overview):
    """The overview as ``(title, headers, rows)`` sheets for ``exporting.table_response``:
    per village and per category, each ending with the total."""
    return [
        (
            _("Per kern"),
            overview_headers(_("Kern")),
            [_values(r) for r in [*overview.villages, overview.total]],
        ),
        (
            _("Per categorie"),
            overview_headers(_("Categorie")),
            [_values(r) for r in [*overview.categories, overview.total]],
        ),
    ]


def overview_csv_sheet(overview):
    """One table for CSV: a first column saying whether a row is a village or a category."""
    headers = [_("Indeling"), *overview_headers(_("Naam"))]
    rows = [[_("Kern"), *_values(r)] for r in overview.villages]
    rows += [[_("Categorie"), *_values(r)] for r in overview.categories]
    rows.append([_("Totaal"), *_values(overview.total)])
    return [(_("Jaaroverzicht"), headers, rows)]
