"""The officials' part of the Wagtail admin: the menu group "Dorpsinitiatieven" with the
applications, funding schemes, villages and categories.

Who gets in is decided by permission policies (see ``ApplicationPermissionPolicy`` and the
"Ambtenaren" group's model permissions): editors without the group see no menu item and get
a 403 on every URL. Applications are never added, edited or deleted through generic forms: their
state only changes through ``grants.workflow`` on the detail page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import DecimalField, ProtectedError, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from . import permissions
from .admin_views.detail import ApplicationDetailView
from .admin_views.files import serve_attachment, serve_report_photo
from .application_search import search_applications
from .filters import ApplicationFilterSet
from .import_export_hooks import listing_export_button
from .models import Application, Category, FundingScheme, State, Village
from .states import COMMITTED_STATES
from .templatetags.grants_admin import euro

# --- permissions -----------------------------------------------------------------------------


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Officials ("view", the only action) may list and open applications; nobody adds,
    edits, copies or deletes them through the generic admin views."""

    def user_has_permission(self, user, action):
        if action == "view":
            return permissions.is_official(user)
        return False

    def users_with_any_permission(self, actions):
        if "view" in actions:
            return super().users_with_any_permission(["handle"])
        return get_user_model().objects.none()

    def _get_permission_codename(self, action):
        if action == "handle":
            return "handle_application"
        return super()._get_permission_codename(action)


# --- columns ---------------------------------------------------------------------------------


class EuroColumn(Column):
    cell_template_name = "wagtailadmin/tables/cell.html"

    def get_value(self, instance):
        # No amounts without money: a dash rather than € 0,00.
        if not getattr(instance, "is_money", True):
            return "—"
        return euro(super().get_value(instance))


class StateColumn(Column):
    """The state as it reads for the application's kind ("Gepubliceerd", "Toegezegd")."""

    def get_value(self, instance):
        return instance.state_label


class DecisionDueColumn(DateColumn):
    cell_template_name = "grants/admin/decision_due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["is_overdue"] = instance.is_overdue
        return context


# --- applications ----------------------------------------------------------------------------


class ApplicationIndexView(IndexView):
    any_permission_required = ["view"]
    page_title = gettext_lazy("Aanvragen")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Wagtail answers ?export=csv even without list_export; exports go via grants.exporting.
        self.is_export = False

    def get_base_queryset(self):
        queryset = permissions.applications_for(self.request.user).select_related(
            "village", "scheme", "category"
        )
        # Drafts are the initiator's work in progress: shown only when asked for.
        if self.request.GET.get("state") != State.DRAFT:
            queryset = queryset.exclude(state=State.DRAFT)
        return queryset

    def search_queryset(self, queryset):
        """Full-text search over every indexed field (title, plan, village, organisation,
        contact), not only the autocomplete fields; a (partial) reference number is looked up
        directly."""
        if not self.is_searching:
            return queryset
        return search_applications(
            self.request.user,
            self.search_query,
            queryset,
            order_by_relevance=not self.is_explicitly_ordered,
        )

    def get_header_more_buttons(self):
        return [*super().get_header_more_buttons(), listing_export_button(self.request)]


class ApplicationViewSet(ModelViewSet):
    model = Application
    name = "aanvragen"
    url_namespace = "grants_application"
    icon = "doc-full"
    menu_label = gettext_lazy("Aanvragen")
    menu_order = 100
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationDetailView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 25
    ordering = "-submitted_at"
    filterset_class = ApplicationFilterSet
    list_display = [
        "reference",
        "title",
        Column(
            "kind",
            label=gettext_lazy("Soort"),
            accessor=lambda application: application.get_kind_display(),
            sort_key="kind",
        ),
        "village",
        StateColumn("state", label=gettext_lazy("Status"), sort_key="state"),
        EuroColumn("requested_amount", label=gettext_lazy("Gevraagd"), sort_key="requested_amount"),
        EuroColumn("granted_amount", label=gettext_lazy("Toegekend"), sort_key="granted_amount"),
        DateColumn("submitted_at", label=gettext_lazy("Ingediend"), sort_key="submitted_at"),
        DecisionDueColumn(
            "decision_due", label=gettext_lazy("Beslissen vóór"), sort_key="decision_due"
        ),
    ]
    # No `list_export`: Wagtail's CSV export does not guard against formula injection. The
    # "Exporteren met begroting…" button (grants.exporting) exports this same selection safely.

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            attachment_url_name=self.get_url_name("attachment"),
            photo_url_name=self.get_url_name("photo"),
            **kwargs,
        )

    def get_urlpatterns(self):
        # No add, edit, copy or delete views: an application is the initiator's, and its state
        # changes only through the workflow on the detail page.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("bijlage/<int:pk>/", serve_attachment, name="attachment"),
            path("foto/<int:pk>/", serve_report_photo, name="photo"),
        ]


# --- reference data --------------------------------------------------------------------------


class ProtectedDeleteView(DeleteView):
    """Refuses, with a message, to delete what applications still point at."""

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except ProtectedError:
            messages.error(
                request,
                _("“%(object)s” kan niet worden verwijderd: er horen aanvragen bij.")
                % {"object": self.object},
            )
            return redirect(self.index_url_name)


class SchemeIndexView(IndexView):
    def get_base_queryset(self):
        year = timezone.localdate().year
        committed = Coalesce(
            Sum(
                "applications__granted_amount",
                filter=Q(
                    applications__state__in=COMMITTED_STATES,
                    applications__decided_at__year=year,
                ),
            ),
            Value(0),
            output_field=DecimalField(max_digits=12, decimal_places=2),
        )
        return super().get_base_queryset().annotate(committed=committed)


class SchemeBudgetColumn(EuroColumn):
    def get_value(self, instance):
        if self.name == "remaining":
            return euro(instance.yearly_budget - instance.committed)
        return euro(instance.committed)


class FundingSchemeViewSet(ModelViewSet):
    model = FundingScheme
    name = "regelingen"
    url_namespace = "grants_scheme"
    icon = "form"
    menu_label = gettext_lazy("Regelingen")
    menu_order = 200
    index_view_class = SchemeIndexView
    delete_view_class = ProtectedDeleteView
    copy_view_enabled = False
    form_fields = [
        "name",
        "slug",
        "description",
        "yearly_budget",
        "min_amount",
        "max_amount",
        "opens_on",
        "closes_on",
        "decision_term_weeks",
        "categories",
        "villages",
    ]
    list_display = [
        "name",
        EuroColumn("yearly_budget", label=gettext_lazy("Budgetplafond"), sort_key="yearly_budget"),
        SchemeBudgetColumn("committed", label=gettext_lazy("Toegekend dit jaar")),
        SchemeBudgetColumn("remaining", label=gettext_lazy("Resterend dit jaar")),
        DateColumn("opens_on", label=gettext_lazy("Open vanaf"), sort_key="opens_on"),
        DateColumn("closes_on", label=gettext_lazy("Open tot en met"), sort_key="closes_on"),
    ]
    search_fields = ["name", "description"]
    search_backend_name = None


class VillageViewSet(ModelViewSet):
    model = Village
    name = "kernen"
    url_namespace = "grants_village"
    icon = "home"
    menu_label = gettext_lazy("Kernen")
    menu_order = 300
    delete_view_class = ProtectedDeleteView
    copy_view_enabled = False
    form_fields = ["name", "slug"]
    list_display = ["name", "slug"]
    list_per_page = 50
    ordering = "name"


class CategoryViewSet(ModelViewSet):
    model = Category
    name = "categorieen"
    url_namespace = "grants_category"
    icon = "tag"
    menu_label = gettext_lazy("Categorieën")
    menu_order = 400
    delete_view_class = ProtectedDeleteView
    copy_view_enabled = False
    form_fields = ["name", "slug", "sort_order"]
    list_display = ["name", "slug", "sort_order"]
    sort_order_field = "sort_order"
    search_fields = ["name"]
    search_backend_name = None


class GrantsViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Dorpsinitiatieven")
    menu_icon = "group"
    menu_order = 150
    items = (ApplicationViewSet, FundingSchemeViewSet, VillageViewSet, CategoryViewSet)
