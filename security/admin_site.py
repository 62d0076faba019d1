from django.contrib import admin

from .views import login_elsewhere


class SuperuserAdminSite(admin.AdminSite):
    """Django's admin (the task queue, allauth's e-mail addresses and authenticators) stays for
    superusers only: editors and officials work in the Wagtail admin."""

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        return login_elsewhere(
            request, may_enter=self.has_permission(request), home=f"{self.name}:index"
        )
