"""HTTP caches in front of the portal (Varnish, ``deploy/varnish/default.vcl``).

Wagtail's frontend cache (``wagtail.contrib.frontend_cache``, configured from
``FRONTEND_CACHE_URL``) purges a page's own addresses when it is published or unpublished. A
page is seen on more addresses than its own (menus, listings, the footer), and much more than
pages changes what an anonymous visitor sees: ``core.caching`` knows all of that and calls
``ban_everything`` whenever it clears its own cache, so both caches always forget together.

The ban is one ``BAN /`` request per Varnish node, sent once the transaction commits (before,
a visitor could bring the old page back into Varnish), at most once per transaction. A node
that cannot be reached is logged, never fatal: the publish stands, and the node's pages expire
on their own (the VCL's TTL).
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def configured():
    return bool(getattr(settings, "FRONTEND_CACHE_URLS", None))


def _ban_now():
    for url in settings.FRONTEND_CACHE_URLS:
        request = Request(url.rstrip("/") + "/", method="BAN")  # noqa: S310 (our own setting)
        try:
            with urlopen(request, timeout=settings.FRONTEND_CACHE_TIMEOUT):  # noqa: S310
                pass
        except HTTPError as error:
            logger.error("Frontend cache %s refused the ban: HTTP %s", url, error.code)
        except (URLError, OSError) as error:
            logger.error("Frontend cache %s could not be reached for a ban: %s", url, error)


def ban_everything():
    """Make every HTTP cache in front forget every page, once the current transaction commits."""
    if not configured():
        return
    connection = transaction.get_connection()
    # One ban per transaction, however many saves it holds (a rollback drops it with them).
    if any(callback is _ban_now for _ids, callback, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_ban_now, robust=True)
