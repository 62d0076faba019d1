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
        # there too (IBAN, address, files), so the second factor guards them alike; so is the
        # download of everything stored about the account (Mijn gegevens).
        guarded_paths = (
            reverse("wagtailadmin_home"),
            reverse("admin:index"),
            reverse("grants:my_applications"),
            reverse("privacy:my_data"),
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
            record(request, Kind.PERSONAL_DATA_EXPORTED, detail=self._submissions_detail(request))
        return response

    @staticmethod
    def _submissions_detail(request):
        """Which form (its page id) and which dates were downloaded."""
        detail = f"formulierinzendingen.{request.GET['export']}"
        match = request.resolver_match
        page_id = match.kwargs.get("page_id") if match else None
        if page_id:
            detail += f" formulier {page_id}"
        dates = [
            f"{label} {request.GET[name]}"
            for name, label in (("date_from", "van"), ("date_to", "tot en met"))
            if request.GET.get(name)
        ]
        return detail + "; filter: " + (", ".join(dates) if dates else "alle inzendingen")

    @staticmethod
    def _form_submissions_export(request):
        return bool(request.GET.get("export")) and request.path.startswith(
            reverse("wagtailforms:index")
        )
