"""How long a login stays blocked after too many wrong passwords.

allauth counts failed logins in Django's cache ("login_failed" in ACCOUNT_RATE_LIMITS, per
address and per account) but only says "later"; this reads the same counters to say when."""

import math
import time

from django.core.cache import cache

from allauth.core.internal import ratelimit


def seconds_until_allowed(request, key):
    """Seconds until the next login attempt for ``key`` (allauth's e-mail key) is let through."""
    waits = [0.0]
    for rate in ratelimit.get_rates(app="allauth.account", action="login_failed"):
        if rate.per not in ("ip", "key"):
            continue
        cache_key = ratelimit.get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        history = cache.get(cache_key, [])  # newest first
        if len(history) >= rate.amount:
            waits.append(history[rate.amount - 1] + rate.duration - time.time())
    return max(waits)


def minutes_until_allowed(request, key):
    return max(1, math.ceil(seconds_until_allowed(request, key) / 60))
