from django.shortcuts import redirect
from django.urls import reverse

from . import policy
from .log import Kind, record


class SecondFactorRequiredMiddleware:
    """Nobody who needs two factors opens an admin page before setting them up: they are sent
    to the enrolment page (allauth's TOTP activation). Logging in then asks for the code, which
    allauth does for every account with an authenticator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._guarded(request.path) and self._needs_enrolment(request.user):
            return redirect(f"{reverse('mfa_activate_totp')}")
        return self.get_response(request)

    @staticmethod
    def _guarded(path):
        open_paths = (
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("admin:login"),
            reverse("admin:logout"),
        )
        # The admins, and the applications' own pages: an official reads every application
        # there too (IBAN, address, files), so the second factor guards them alike.
        guarded_paths = (
            reverse("wagtailadmin_home"),
            reverse("admin:index"),
            reverse("grants:my_applications"),
        )
        return path.startswith(guarded_paths) and path not in open_paths

    @staticmethod
    def _needs_enrolment(user):
        return policy.requires_second_factor(user) and not policy.has_second_factor(user)


class RefusalLogMiddleware:
    """Every 403 goes into the security log, with who asked for what; so does every download of
    the submissions of an editor's form (contact messages, event registrations: names, e-mail
    addresses, phone numbers), which Wagtail's own view writes without a hook of ours."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            record(request, Kind.REFUSED, detail="403")
        elif response.status_code == 200 and self._form_submissions_export(request):
            detail = f"formulierinzendingen.{request.GET['export']}"
            record(request, Kind.PERSONAL_DATA_EXPORTED, detail=detail)
        return response

    @staticmethod
    def _form_submissions_export(request):
        return bool(request.GET.get("export")) and request.path.startswith(
            reverse("wagtailforms:index")
        )
