"""The officials' panel on the Wagtail dashboard: where the work and the money stand."""

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.admin.ui.components import Component

from grants.models import Application, FundingScheme, State
from grants.states import COMMITTED_STATES

OVERDUE_LIMIT = 10


def dashboard_figures(today=None):
    """Counts per state, money per scheme (this year) and overdue applications, in 4 queries."""
    today = today or timezone.localdate()
    counts = dict(Application.objects.order_by().values_list("state").annotate(total=Count("pk")))
    states = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in State.choices
    ]
    committed = Coalesce(
        Sum(
            "applications__granted_amount",
            filter=Q(
                applications__state__in=COMMITTED_STATES,
                applications__decided_at__year=today.year,
            ),
        ),
        Value(0),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    schemes = [
        {
            "scheme": scheme,
            "committed": scheme.committed,
            "remaining": scheme.yearly_budget - scheme.committed,
        }
        for scheme in FundingScheme.objects.annotate(committed=committed).order_by("name")
    ]
    overdue = (
        Application.objects.overdue(today).select_related("village").order_by("decision_due", "pk")
    )
    overdue_list = list(overdue[: OVERDUE_LIMIT + 1])
    overdue_count = overdue.count() if len(overdue_list) > OVERDUE_LIMIT else len(overdue_list)
    return {
        "states": states,
        "schemes": schemes,
        "year": today.year,
        "overdue": overdue_list[:OVERDUE_LIMIT],
        "overdue_count": overdue_count,
    }


class GrantsDashboardPanel(Component):
    name = "grants_dashboard"
    template_name = "grants/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        return dashboard_figures()
