"""Health probes for a load balancer or an orchestrator.

``/healthz``: the process is alive and answers; touches nothing (no database, cache or file).
``/readyz``: this process can serve: the database answers, every cache stores and returns a
value, every file storage answers (through Django's storage API, so a local folder and an S3
bucket alike). 200 with each check as JSON, or 503 naming the one that failed. The search
engine's state is reported but never makes the host unready: the site works without it
(search falls back to recording updates for ``catch_up_index``).

Both are answered by ``HealthCheckMiddleware``, first in MIDDLEWARE: before host validation and
the HTTPS redirect (a probe comes over plain HTTP to the host's own address), before sessions,
the language, CSRF and the page cache, so a probe sets no cookie, is never cached and always
says ``Cache-Control: no-store``. The answers hold no address and no secret: an error is named
by its class only (the details go to the log).

Every alias in ``settings.STORAGES`` is checked, the private files' (``"private"``) included.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
# A name no upload gets: exists() on it costs one lookup (one HEAD request on S3).
STORAGE_PROBE = ".readyz-probe"
# Static files are part of the release on every host (whitenoise), not a shared service.
UNCHECKED_STORAGES = {"staticfiles"}


def _storages():
    return {
        f"storage:{alias}": (lambda alias=alias: storages[alias])
        for alias in settings.STORAGES
        if alias not in UNCHECKED_STORAGES
    }


def _check_database(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache(alias):
    cache = caches[alias]
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("stored value not returned")
    cache.delete(key)


def _run(check, *args):
    started = time.perf_counter()
    try:
        check(*args)
    except Exception as error:  # noqa: BLE001 (any failure makes the host unready)
        logger.warning("readiness check %s failed: %r", check.__name__, error)
        result = {"ok": False, "error": type(error).__name__}
    else:
        result = {"ok": True}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def readiness_checks():
    """Every check that must pass, by name: ``{"database:default": {"ok": True, "ms": 0.4}}``."""
    results = {}
    for alias in connections:
        results[f"database:{alias}"] = _run(_check_database, alias)
    for alias in settings.CACHES:
        results[f"cache:{alias}"] = _run(_check_cache, alias)
    for name, get_storage in _storages().items():
        results[name] = _run(lambda get=get_storage: get().exists(STORAGE_PROBE))
    return results


def search_state():
    """The search engine, reported only: Elasticsearch answers a ping, or the database serves."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    client = getattr(backend, "es", None)
    state = {"backend": type(backend).__name__}
    if client is None:
        state["ok"] = True  # the database backend: checked as the database
        return state
    started = time.perf_counter()
    try:
        state["ok"] = bool(client.options(request_timeout=2).ping())
    except Exception as error:  # noqa: BLE001
        state.update(ok=False, error=type(error).__name__)
    state["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return state


def _answer(body, status=200):
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
    return response


def healthz():
    return _answer({"status": "ok"})


def readyz():
    checks = readiness_checks()
    ready = all(result["ok"] for result in checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": checks,
        "search": search_state(),
    }
    if not ready:
        body["failing"] = [name for name, result in checks.items() if not result["ok"]]
    return _answer(body, status=200 if ready else 503)


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the two probe paths before anything else runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return healthz()
        if request.path_info == READY_PATH:
            return readyz()
        return self.get_response(request)
