"""Writing the security log: ``record(request, kind, ...)`` from any app.

The client address is the one the login and form limits count (``core.rate_limits``), so the
log and the limits name the same visitor, behind a proxy too."""

import logging

from core.rate_limits import client_address

from .models import SecurityEvent

Kind = SecurityEvent.Kind
logger = logging.getLogger("security")


def client_ip(request):
    return (client_address(request) or None) if request is not None else None


def _login_of(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_username()


def record(request, kind, *, user=None, login="", detail="", path=None):
    """Store one event; ``user`` defaults to the request's logged-in user."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        login=(login or _login_of(user))[:254],
        ip_address=client_ip(request),
        path=(path if path is not None else (request.get_full_path() if request else ""))[:500],
        detail=str(detail)[:500],
    )
    logger.info("%s user=%s ip=%s %s", kind, event.login, event.ip_address, event.detail)
    return event
