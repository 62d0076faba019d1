"""The Wagtail admin's and Django admin's login pages: one login form for everyone, allauth's,
with its rate limits and the second factor."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url


def login_elsewhere(request, *, may_enter, home):
    """Anonymous: to allauth's login, keeping ``next``. Logged in and allowed: to ``home``.
    Logged in but not allowed: a 403 (logged), not a login form that sends them straight back."""
    if request.user.is_authenticated:
        if may_enter:
            return redirect(home)
        raise PermissionDenied
    return redirect_to_login(
        request.GET.get("next") or resolve_url(home), login_url=resolve_url("account_login")
    )


def wagtail_admin_login(request):
    return login_elsewhere(
        request,
        may_enter=request.user.has_perm("wagtailadmin.access_admin"),
        home="wagtailadmin_home",
    )
