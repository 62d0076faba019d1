"""How often one client address (or one e-mail address) may send a public form.

Counted in Django's cache (``default``), so with a shared cache (Redis) every worker and every
host counts together; with the local-memory cache each process counts on its own. A fixed
window per key: the first counted post opens it, and when it ends the count starts again. The
window's end is stored beside the count, so a refusal can say when to try again.
"""

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CACHE_ALIAS = "default"


def _ip(value):
    """``value`` as a normalised IP address ("1.2.3.4", "2001:db8::1"), or None."""
    value = (value or "").strip()
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1:].split("]")[0]
    elif value.count(":") == 1:  # "203.0.113.7:51234": some proxies add the port
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request):
    """The visitor's IP address: the one home for it. allauth's login limits ask here too
    (``security.adapter``), and so does the security log: all count the same person.

    Without proxies (``TRUSTED_PROXY_COUNT`` 0) it is the connection's own address and any
    X-Forwarded-For is ignored (a visitor can write anything there). Behind N proxies of our
    own, each appends the address it was reached from to X-Forwarded-For, so the Nth entry from
    the right is the one the outermost proxy saw; whatever the visitor sent stands further left
    and is ignored. A request with fewer entries came past the outer proxies: the leftmost
    entry is then the best we know. Anything that is not an address counts as the proxy's."""
    remote = _ip(request.META.get("REMOTE_ADDR"))
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [
        entry for entry in request.headers.get("X-Forwarded-For", "").split(",") if entry.strip()
    ]
    if count <= 0 or not forwarded:
        return remote
    return _ip(forwarded[-min(count, len(forwarded))]) or remote


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` posts per ``window`` seconds for one value of ``name`` (an address)."""

    name: str
    limit: int
    window: int

    def _key(self, value):
        digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()
        return f"rate-limit:{self.name}:{digest}"

    def hit(self, value, now=None):
        """Count one post for ``value``; 0 if it is allowed, else the seconds until it is."""
        cache = caches[CACHE_ALIAS]
        now = time.time() if now is None else now
        key = self._key(value)
        # add() only writes when the key is absent: the first post of a window opens it.
        cache.add(f"{key}:ends", now + self.window, self.window)
        cache.add(key, 0, self.window)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.set(key, 1, self.window)
            count = 1
        if count <= self.limit:
            return 0
        ends = cache.get(f"{key}:ends") or now + self.window
        return max(1, math.ceil(ends - now))


def wait_seconds(checks):
    """Count one post against every ``(RateLimit, value)`` pair (pairs without a value are
    skipped); the longest wait among those exceeded, or 0."""
    return max((limit.hit(value) for limit, value in checks if value), default=0)


def describe_wait(seconds):
    """'1 minuut', '15 minuten' or '40 seconden': how long, in words a visitor reads at once."""
    if seconds < 60:
        return ngettext("%(count)d seconde", "%(count)d seconden", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minuut", "%(count)d minuten", minutes) % {"count": minutes}


def refusal_message(seconds):
    return _(
        "Dit formulier is kort na elkaar vaak verstuurd. Om misbruik te voorkomen kan het pas "
        "over %(wait)s weer. Wat u heeft ingevuld, staat er nog."
    ) % {"wait": describe_wait(seconds)}


def refuse(form, seconds):
    """Put the polite refusal on the form (shown in its error summary); returns the status
    and headers the response carries: 429 with Retry-After."""
    form.add_error(None, refusal_message(seconds))
    return {"status": 429, "headers": {"Retry-After": str(seconds)}}
