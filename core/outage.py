"""When the database is unreachable: a Dutch 503 page that keeps what the visitor typed.

A connection error (``OperationalError``/``InterfaceError``) anywhere in a request becomes a
503 with ``Retry-After``, never cached. The page is rendered from a standalone template without
the request's context processors, so nothing on it touches the database (no navigation or
footer settings, no session or user, no Wagtail site). For a form post, the posted text fields
come back as a form that posts to the same address with the same values and a fresh CSRF token,
so "Opnieuw versturen" works once the database is back. Passwords are never written into the
page; files cannot be kept (the page says so).

Two entry points, one response: ``OutageMiddleware.process_exception`` for errors in a view,
``server_error`` (``handler500``) for errors in a middleware (a session saved after the view)."""

import logging
import re
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
TEMPLATE = "core/outage.html"
# Posted names that are bookkeeping, not something a person typed: sent back hidden.
_BOOKKEEPING = re.compile(r"(^csrfmiddlewaretoken$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$)")
_SECRET = re.compile(r"password|wachtwoord|secret|(^|[-_])(otp|totp|code)$", re.IGNORECASE)


def is_database_outage(exc):
    return isinstance(exc, OperationalError | InterfaceError)


def _label(name):
    # The form's own labels would need the form, and building it may query the database.
    words = re.sub(r"[-_]+", " ", name).strip()
    return words[:1].upper() + words[1:]


def _posted_fields(request):
    """What was posted, as (name, label, value, kind) rows for the page to send again."""
    rows = []
    for name, values in request.POST.lists():
        if name == "csrfmiddlewaretoken":
            continue
        for value in values:
            if _BOOKKEEPING.search(name):
                kind = "hidden"
            elif _SECRET.search(name):
                kind, value = "password", ""
            elif not value:
                kind = "hidden"
            else:
                kind = "text"
            rows.append({"name": name, "label": _label(name), "value": value, "kind": kind})
    return rows


def outage_response(request):
    """The 503 page; for a form post it carries the posted values and a CSRF token."""
    is_post = request.method == "POST"
    context = {
        "action": request.get_full_path(),
        "retry_after": RETRY_AFTER_SECONDS,
        "is_post": is_post,
        "fields": _posted_fields(request) if is_post else [],
        "had_files": is_post and bool(request.FILES),
        "csrf_token": get_token(request) if is_post else "",
    }
    response = HttpResponse(render_to_string(TEMPLATE, context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class OutageMiddleware:
    """Last in MIDDLEWARE, so it is the first to see an exception from the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.warning("Database unreachable (%s %s): %s", request.method, request.path, exception)
        return outage_response(request)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: Django calls it while handling the exception, so it is in exc_info."""
    if is_database_outage(sys.exc_info()[1]):
        return outage_response(request)
    return defaults.server_error(request, template_name)
