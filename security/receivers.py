"""What goes into the security log from allauth's and Django's signals."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed

from allauth.account.signals import user_logged_in
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator

from .log import Kind, record

ADDED = {
    Authenticator.Type.TOTP: Kind.SECOND_FACTOR_ADDED,
    Authenticator.Type.RECOVERY_CODES: Kind.RECOVERY_CODES_RENEWED,
}


def logged_in(sender, request, user, **kwargs):
    record(request, Kind.LOGIN, user=user)


def login_failed(sender, credentials, request=None, **kwargs):
    login = credentials.get("email") or credentials.get("username") or ""
    # Known accounts are linked, so an attack on one account shows as such.
    user = get_user_model().objects.filter(email__iexact=login).first() if login else None
    record(request, Kind.LOGIN_FAILED, user=user, login=login)


def _authenticator_event(kind):
    def receiver(sender, request, user, authenticator, **kwargs):
        record(request, kind, user=user, detail=authenticator.get_type_display())

    return receiver


def authenticator_added(sender, request, user, authenticator, **kwargs):
    kind = ADDED.get(authenticator.type, Kind.SECOND_FACTOR_ADDED)
    record(request, kind, user=user, detail=authenticator.get_type_display())


def authenticator_used(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        record(request, Kind.RECOVERY_CODE_USED, user=user)


_removed = _authenticator_event(Kind.SECOND_FACTOR_REMOVED)
_reset = _authenticator_event(Kind.RECOVERY_CODES_RENEWED)
_failed = _authenticator_event(Kind.SECOND_FACTOR_FAILED)


def connect():
    uid = "security-log"
    user_logged_in.connect(logged_in, dispatch_uid=f"{uid}-login")
    user_login_failed.connect(login_failed, dispatch_uid=f"{uid}-login-failed")
    mfa_signals.authenticator_added.connect(authenticator_added, dispatch_uid=f"{uid}-added")
    mfa_signals.authenticator_removed.connect(_removed, dispatch_uid=f"{uid}-removed")
    mfa_signals.authenticator_reset.connect(_reset, dispatch_uid=f"{uid}-reset")
    mfa_signals.authenticator_used.connect(authenticator_used, dispatch_uid=f"{uid}-used")
    mfa_signals.authentication_failed.connect(_failed, dispatch_uid=f"{uid}-failed")
