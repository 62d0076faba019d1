"""Wagtail admin registration of the officials' spreadsheet pages (export, import, yearly
overview). Imported by ``grants/wagtail_hooks.py``; the menu group "Import en export" is shown
only to officials."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets.button import Button

from .admin_views import import_export as views
from .permissions import is_official

app_name = "grants_import_export"
urlpatterns = [
    path("exporteren/", views.ExportView.as_view(), name="export"),
    path("exporteren/download/", views.ExportDownloadView.as_view(), name="download"),
    path("importeren/", views.ImportUploadView.as_view(), name="import"),
    path(
        "importeren/<str:key>/",
        views.ImportPreviewView.as_view(),
        name="import_preview",
    ),
    path("jaaroverzicht/", views.OverviewView.as_view(), name="overview"),
]


@hooks.register("register_admin_urls")
def register_import_export_urls():
    return [path("gegevens/", include((urlpatterns, app_name), namespace=app_name))]


class OfficialMenuItem(MenuItem):
    def is_shown(self, request):
        return is_official(request.user)


@hooks.register("register_admin_menu_item")
def register_import_export_menu():
    items = [
        OfficialMenuItem(
            _("Exporteren"),
            reverse_lazy("grants_import_export:export"),
            name="grants-export",
            icon_name="download",
            order=100,
        ),
        OfficialMenuItem(
            _("Importeren"),
            reverse_lazy("grants_import_export:import"),
            name="grants-import",
            icon_name="upload",
            order=200,
        ),
        OfficialMenuItem(
            _("Jaaroverzicht"),
            reverse_lazy("grants_import_export:overview"),
            name="grants-overview",
            icon_name="table",
            order=300,
        ),
    ]
    return SubmenuMenuItem(
        _("Import en export"),
        Menu(items=items),
        name="grants-import-export",
        icon_name="table",
        order=160,
    )


def listing_export_button(request):
    """The applications listing's "Exporteren" button: the export page for the listing's
    current filters and search (used by ``ApplicationIndexView.get_header_more_buttons``)."""
    selection = {
        key: value for key, value in request.GET.items() if key in views.LISTING_FILTERS and value
    }
    url = reverse("grants_import_export:export")
    return Button(
        _("Exporteren met begroting…"),
        url=url + ("?" + urlencode(selection) if selection else ""),
        icon_name="download",
        priority=110,
    )
