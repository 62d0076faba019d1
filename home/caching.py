"""Whole-page cache for anonymous visitors of Wagtail pages.

What is cached: the rendered response of a Wagtail page (``wagtail_serve``) for a GET without a
session or messages cookie, status 200, that set no cookie, did not use the CSRF token (so no
page with a form), and did not ask to stay private. Everything else (search, the initiator's
pages, the admin, accounts) never touches it.

Keys carry a site-wide version. Anything that can change what an anonymous visitor sees bumps
the version, which makes every earlier entry unreachable at once: publishing, unpublishing,
moving or deleting a page, a change to site settings, snippets, images, documents, topics or
form submissions (registrations), grants' reference data, and an application entering or
leaving the public showcase. ``PAGE_CACHE_SECONDS`` bounds what the signals cannot see (an
event passing from "upcoming" to "past"); 0 switches the cache off (the default outside
production).

The ``pages`` cache must be shared by every process that serves or edits (production uses a
file-based cache on the host, see ``portal/settings/production.py``), so a publish in one
worker or a management command is seen by all workers.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

CACHE_ALIAS = "pages"
VERSION_KEY = "page-cache:version"
# Apps whose every model can change what a public page shows.
CONTENT_APPS = {"home", "knowledge", "wagtailforms", "wagtaildocs", "taggit", "wagtailsnippets"}
# Wagtail's own paths and the per-person areas are never served from the cache.
NEVER_PREFIXES = ("/admin/", "/django-admin/", "/account/", "/aanvragen/", "/documents/")


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def page_cache():
    try:
        return caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        return caches["default"]


def current_version(cache=None):
    cache = cache or page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate():
    """Make every cached page unreachable (they expire on their own)."""
    page_cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def _cache_key(request, version):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"page-cache:{version}:{request.get_host()}:{language}:{path}"


def _is_anonymous_get(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path_info.startswith(NEVER_PREFIXES)
    )


def _may_store(request, response):
    match = getattr(request, "resolver_match", None)
    cache_control = response.get("Cache-Control", "").lower()
    return (
        match is not None
        and match.url_name == "wagtail_serve"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and "cookie" not in response.get("Vary", "").lower()
    )


class AnonymousPageCacheMiddleware:
    """Place right after LocaleMiddleware: the key includes the visitor's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _is_anonymous_get(request):
            return self.get_response(request)
        cache = page_cache()
        key = _cache_key(request, current_version(cache))
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            patch_vary_headers(response, ("Cookie",))
            return response
        response = self.get_response(request)
        if _may_store(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() != "x-page-cache"]
            cache.set(
                key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS
            )
            response["X-Page-Cache"] = "miss"
            patch_vary_headers(response, ("Cookie",))
        return response


# --- invalidation ------------------------------------------------------------------------------


def _affects_public_pages(instance):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page, Site
    from wagtail.snippets.models import get_snippet_models

    from grants.models import Application, Category, FundingScheme, TransitionLog, Village
    from grants.models.states import SHOWCASE_STATES

    if isinstance(instance, (Page, Site, AbstractImage, BaseSiteSetting, BaseGenericSetting)):
        return True
    if instance._meta.app_label in CONTENT_APPS or type(instance) in get_snippet_models():
        return True
    if isinstance(instance, (Category, Village, FundingScheme)):
        return True
    if isinstance(instance, TransitionLog):
        return instance.from_state in SHOWCASE_STATES or instance.to_state in SHOWCASE_STATES
    if isinstance(instance, Application):
        return instance.state in SHOWCASE_STATES
    return False


def _on_model_change(sender, instance, **kwargs):
    if enabled() and not kwargs.get("raw") and _affects_public_pages(instance):
        invalidate()


def _on_publish(sender, **kwargs):
    if enabled():
        invalidate()


def connect_signals():
    post_save.connect(_on_model_change, dispatch_uid="page-cache-save")
    post_delete.connect(_on_model_change, dispatch_uid="page-cache-delete")
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(_on_publish, dispatch_uid=f"page-cache-{id(signal)}")
