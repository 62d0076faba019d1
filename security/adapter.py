from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from allauth.account.adapter import DefaultAccountAdapter

from . import lockout
from .log import Kind, record


class AccountAdapter(DefaultAccountAdapter):
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
