"""Production: refuses to start without a real secret; HTTPS and HSTS on; logs to stdout."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, os

DEBUG = False
if not SECRET_KEY or SECRET_KEY.startswith(("dev-only", "test-only")) or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")

# /healthz and /readyz answer before this redirect (core/health.py): a load balancer probes them
# over plain HTTP on the host's own address.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Anonymous page cache (core/caching.py): in Redis when REDIS_URL is set (every host shares it);
# otherwise one folder on the host, shared by every gunicorn worker and by management commands,
# so a publish anywhere on the host clears it for all. On several hosts set REDIS_URL.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
if not REDIS_URL:  # noqa: F405
    CACHES["pages"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PAGE_CACHE_DIR", "/tmp/dorpskracht-page-cache"),  # noqa: S108
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

SILENCED_SYSTEM_CHECKS = [
    # Wagtail's live preview shows the page in a same-origin iframe, so SAMEORIGIN, not DENY.
    "security.W019",
]
if not SECURE_HSTS_PRELOAD:
    # Joining the browsers' preload list is hard to undo; a municipality opts in explicitly.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
