"""The privacy pages in the Wagtail admin: the coming retention list for officials, and
deleting a user through ``erase_account`` (see ``admin_views``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import RetentionListView, delete_user_instead, may_manage_retention


class RetentionMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_retention(request.user)


@hooks.register("register_admin_urls")
def register_retention_url():
    return [path("bewaartermijnen/", RetentionListView.as_view(), name="privacy_retention")]


@hooks.register("register_admin_menu_item")
def register_retention_menu_item():
    return RetentionMenuItem(
        _("Bewaartermijnen"),
        reverse("privacy_retention"),
        name="retention",
        icon_name="time",
        order=270,
    )


hooks.register("before_delete_user", delete_user_instead)
