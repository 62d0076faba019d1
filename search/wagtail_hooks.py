"""The officials' application search as an admin search area beside pages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.search import SearchArea

from grants.models.application import is_official

from .admin_views import ApplicationSearchView


class ApplicationSearchArea(SearchArea):
    def is_shown(self, request):
        return is_official(request.user)


class ApplicationSearchMenuItem(MenuItem):
    def is_shown(self, request):
        return is_official(request.user)


@hooks.register("register_admin_urls")
def register_application_search_url():
    return [
        path(
            "zoeken/aanvragen/",
            ApplicationSearchView.as_view(),
            name="search_applications",
        )
    ]


@hooks.register("register_admin_search_area")
def register_application_search_area():
    return ApplicationSearchArea(
        _("Aanvragen"),
        reverse("search_applications"),
        name="applications",
        icon_name="form",
        order=150,
    )


@hooks.register("register_admin_menu_item")
def register_application_search_menu_item():
    return ApplicationSearchMenuItem(
        _("Aanvragen zoeken"),
        reverse("search_applications"),
        name="application-search",
        icon_name="search",
        order=260,
    )
