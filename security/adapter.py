from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy, ngettext

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url

from core.rate_limits import client_address

from . import lockout
from .log import Kind, record


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's own Dutch says "Het door jou opgegeven ...", "Wees geduldig, je gaat te
        # snel"; the portal speaks formal "u" (and its English is ours too).
        "email_password_mismatch": gettext_lazy(
            "Het e-mailadres of het wachtwoord klopt niet. Controleer ze en probeer het opnieuw."
        ),
        "enter_current_password": gettext_lazy("Vul uw huidige wachtwoord in."),
        "unverified_primary_email": gettext_lazy("Uw e-mailadres moet eerst bevestigd zijn."),
        "rate_limited": gettext_lazy(
            "U heeft dit in korte tijd te vaak gevraagd. Wacht een paar minuten en probeer het "
            "dan opnieuw."
        ),
    }

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link carries the way back (?next= at sign-up or login). Confirmed in the same
        browser, allauth logs the person in and leads there anyway; confirmed elsewhere (the
        mail opened on a phone), the link still leads there, through the login page."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = get_next_redirect_url(request) if request is not None else None
        if next_url:
            url += "?" + urlencode({"next": next_url})
        return url

    def get_client_ip(self, request):
        """The address allauth's login limits count: ours (TRUSTED_PROXY_COUNT), so the login
        limits, the form limits and the security log name the same visitor."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The account alone. allauth prefixes the request's host name, port included, so each
        host (or a visitor writing another port in the Host header) counted on its own."""
        return credentials.get("email", credentials.get("username", "")).strip().lower()

    def pre_authenticate(self, request, **credentials):
        """allauth refuses every password, also the right one, once the limit is reached; we
        say how many minutes to wait and log the refusal."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            key = self._get_login_attempts_cache_key(request, **credentials)
            minutes = lockout.minutes_until_allowed(request, key)
            login = credentials.get("email") or credentials.get("username") or ""
            record(request, Kind.LOCKED_OUT, login=login, detail=f"{minutes} min")
            raise ValidationError(
                ngettext(
                    "Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het over "
                    "%(minutes)d minuut opnieuw.",
                    "Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het over "
                    "%(minutes)d minuten opnieuw.",
                    minutes,
                )
                % {"minutes": minutes},
                code="too_many_login_attempts",
            ) from error
