"""NUL characters in an address never reach a view.

PostgreSQL cannot hold a NUL (``\\x00``) in text, so a lookup with one fails with a DataError (a
server error) instead of "not found": ``/aanvragen/%00/`` did. Forms refuse a NUL in what people
type with their own message ("Null-tekens zijn niet toegestaan."); the address and the query
string have no form, so they are checked here: a NUL in the path is a page that cannot exist
(404), in the query string a request we cannot read (400, in Dutch)."""

from django.http import Http404, HttpResponseBadRequest
from django.template.loader import render_to_string


def _has_nul(query):
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        if _has_nul(request.GET):
            return HttpResponseBadRequest(render_to_string("core/bad_request.html"))
        return self.get_response(request)
