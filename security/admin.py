"""Django's admin (superusers only) deletes no user itself: deleting an account is the AVG
erasure (``privacy.erasure.erase_account``, behind Wagtail's user delete page), which explains what
stays, anonymises what a legal term keeps and removes the rest. Django's own delete would stop at
the applications that protect their owner, or, for a user without any, skip the erasure."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect

User = get_user_model()


class ErasingUserAdmin(UserAdmin):
    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        return redirect("wagtailusers_users:delete", object_id)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, ErasingUserAdmin)
