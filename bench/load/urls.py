"""The portal's URLs plus a minimal Django view: the ceiling the portal's pages are compared to."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def ping(request):
    """No template, no database: what one request through the middleware stack costs."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("__bench__/ping/", ping, name="bench_ping"), *portal_urlpatterns]
