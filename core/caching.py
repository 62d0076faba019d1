"""Whole-page cache for anonymous visitors of Wagtail pages.

What is cached: the rendered response of a Wagtail page (``wagtail_serve``) for a GET without a
session or messages cookie, status 200, that set no cookie of its own, did not change the
session, and did not ask to stay private. Everything else (search, the initiator's pages, the
admin, accounts) never touches it.

Forms on cached pages (the language switch on every page, a registration form) keep working:
before storing, every CSRF token in the page is replaced by a placeholder (and the page is not
stored if any trace of the token is left); each visitor served from the cache gets a token of
their own in its place, and Django's CSRF middleware sets their cookie as usual. That is why
this middleware sits right after ``CsrfViewMiddleware``.

Keys carry a site-wide version. Anything that can change what an anonymous visitor sees bumps
the version, which makes every earlier entry unreachable at once: publishing, unpublishing,
moving or deleting a page, a change to site settings, snippets, images, documents, topics or
form submissions (registrations), and whatever the apps register in their AppConfig.ready
(``invalidate_on``: grants' reference data, an application entering or leaving the public
showcase). ``PAGE_CACHE_SECONDS`` bounds what the signals cannot see (an event passing from
"upcoming" to "past"); 0 switches the cache off (the default outside production).

An HTTP cache in front (Varnish, ``FRONTEND_CACHE_URL``) forgets together with this one: every
bump of the version also bans every page there (``core.frontend_cache``), also while this cache
is switched off.

The ``pages`` cache must be shared by every process that serves or edits, so a publish in one
worker, on another host or in a management command is seen by all: Redis when ``REDIS_URL``
is set, else production's folder on the host (``portal/settings/production.py``). A cache that
does not answer (Redis restarting) costs speed only: the page is rendered and sent uncached.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished
from wagtail.snippets.models import get_snippet_models

from . import frontend_cache

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
VERSION_KEY = "page-cache:version"
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
    """Make every cached page unreachable (they expire on their own), here and in the HTTP
    caches in front."""
    page_cache().set(VERSION_KEY, uuid.uuid4().hex, None)
    frontend_cache.ban_everything()


def _watching():
    return enabled() or frontend_cache.configured()


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


CSRF_PLACEHOLDER = "__page_cache_csrf_token__"
_MASKED_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def _may_store(request, response):
    match = getattr(request, "resolver_match", None)
    cache_control = response.get("Cache-Control", "").lower()
    session = getattr(request, "session", None)
    return (
        match is not None
        and match.url_name == "wagtail_serve"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and "cookie" not in response.get("Vary", "").lower()
        and response.get("Content-Type", "").startswith("text/html")
        # A CSP nonce is for one response only; a page that used one is rendered afresh.
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def _without_csrf_tokens(request, content):
    """The page with this visitor's CSRF tokens replaced by the placeholder; None when a
    trace of the token would be left (then the page is not stored)."""
    if settings.CSRF_USE_SESSIONS:
        return None
    # CsrfViewMiddleware puts the visitor's secret here when it reads their cookie or when
    # rendering asks for a token; without it no token can be in the page.
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content
    text = content.decode("utf-8")

    def replace(match):
        return CSRF_PLACEHOLDER if _unmask_cipher_token(match.group()) == secret else match.group()

    text = _MASKED_TOKEN.sub(replace, text)
    if secret in text:
        return None
    return text.encode("utf-8")


class AnonymousPageCacheMiddleware:
    """Place right after CsrfViewMiddleware (and so after LocaleMiddleware: the key includes
    the visitor's language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _is_anonymous_get(request):
            return self.get_response(request)
        cache = page_cache()
        try:
            version = current_version(cache)
            key = _cache_key(request, version)
            stored = cache.get(key)
        except Exception as error:  # noqa: BLE001
            # A shared cache that does not answer (Redis restarting): the page, uncached.
            logger.warning("page cache unavailable, serving uncached: %r", error)
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            if CSRF_PLACEHOLDER.encode() in content:
                content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            patch_vary_headers(response, ("Cookie",))
            return response

        response = self.get_response(request)
        # Something that changed while this page was being rendered (a publish, or the page
        # creating its own settings on a site's first visit) makes this copy suspect.
        try:
            if current_version(cache) != version or not _may_store(request, response):
                return response
            content = _without_csrf_tokens(request, response.content)
            if content is None:
                return response
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("x-page-cache", "content-length")
            ]
            cache.set(key, (response.status_code, headers, content), settings.PAGE_CACHE_SECONDS)
        except Exception as error:  # noqa: BLE001 (the page itself is fine: send it)
            logger.warning("page cache unavailable, not stored: %r", error)
            return response
        response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, ("Cookie",))
        return response


# --- invalidation ------------------------------------------------------------------------------
# Which saves and deletes change what an anonymous visitor sees. This module knows Wagtail's own
# content; each app adds its own models in its AppConfig.ready (``invalidate_on``,
# ``invalidate_on_app``), so the cache depends on no app and no app's rule lives here.

# Third-party apps whose every model can change what a public page shows.
_content_apps = {"wagtailforms", "wagtaildocs", "taggit", "wagtailsnippets"}
_model_rules = []  # (model class, predicate or None)


def invalidate_on_app(app_label):
    """Every model of this app can change a public page."""
    _content_apps.add(app_label)


def invalidate_on(*models, when=None):
    """Saving or deleting an instance of one of ``models`` (or a subclass) clears the cache;
    with ``when``, only if ``when(instance)`` is true."""
    for model in models:
        if (model, when) not in _model_rules:
            _model_rules.append((model, when))


def _affects_public_pages(instance):
    if instance._meta.app_label in _content_apps or type(instance) in get_snippet_models():
        return True
    return any(
        isinstance(instance, model) and (when is None or when(instance))
        for model, when in _model_rules
    )


def _on_model_change(sender, instance, **kwargs):
    if _watching() and not kwargs.get("raw") and _affects_public_pages(instance):
        invalidate()


def _on_publish(sender, **kwargs):
    if _watching():
        invalidate()


def connect_signals():
    invalidate_on(Page, Site, AbstractImage, BaseSiteSetting, BaseGenericSetting)
    post_save.connect(_on_model_change, dispatch_uid="page-cache-save")
    post_delete.connect(_on_model_change, dispatch_uid="page-cache-delete")
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(_on_publish, dispatch_uid=f"page-cache-{id(signal)}")
