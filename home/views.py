"""Two small files every page refers to: the Huisstijl stylesheet and the favicon."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .templatetags.identity_tags import identity_for

ONE_YEAR = 365 * 24 * 60 * 60


@require_safe
def identity_stylesheet(request):
    """``/huisstijl.css?v=<version>``: the design tokens of the site's Huisstijl setting.

    Pages link it with the fingerprint of its content, so the address changes with every saved
    change and a browser may keep each version for a year. Without the current fingerprint (an
    old link, or none) it must ask again every time."""
    identity = identity_for(request)
    response = HttpResponse(identity.stylesheet(), content_type="text/css; charset=utf-8")
    response["ETag"] = f'"{identity.version}"'
    if request.GET.get("v") == identity.version:
        patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, no_cache=True, max_age=0)
    return response


@require_safe
def favicon(request):
    """Browsers ask ``/favicon.ico`` by themselves; the icon is ``static/favicon.svg``."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
