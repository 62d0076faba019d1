"""Base settings: safe for production on their own; everything site-specific comes from the
environment (12-factor). ``dev``, ``test`` and ``production`` only adjust from here."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "security",
    "home",
    "knowledge",
    "grants",
    "search",
    "privacy",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_fsm",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "csp",
    "allauth.mfa",
    "security.apps.SuperuserAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer a load balancer over plain HTTP on any host name,
    # without session, redirect or page cache (core/health.py).
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.request_guard.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.caching.AnonymousPageCacheMiddleware",
    # Inside the page cache: a cached page keeps the header it was rendered with.
    "core.content_security.ContentSecurityPolicyMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "security.middleware.SecondFactorRequiredMiddleware",
    "security.middleware.RefusalLogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: the first to see a view's exception; a lost database gives a 503 that keeps the form.
    "core.outage.OutageMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file by default so a newcomer needs nothing; DATABASE_URL for PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction mode (README "Scaling out"): consecutive transactions may use
# different server connections, so no server-side cursors (queryset.iterator() in the exports);
# and DB_CONN_MAX_AGE=0, PgBouncer keeps the connections.
if env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it begins (not halfway, where SQLite cannot
    # wait and answers "database is locked") and waits up to 20 s for it: parallel requests
    # queue up instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "portal.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation: Dutch first, English available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Applicants' attachments and photos: outside MEDIA_ROOT, served only after a permission check.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    # Public media: Wagtail's images and their renditions, documents (served by Wagtail's view).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Private media (grants/storage.py): attachments, report photos, kept uploads, import previews.
    "private": {"BACKEND": "grants.storage.LocalPrivateStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# S3-compatible object storage (django-storages) instead of the two folders, so that several
# hosts share every file: S3_PUBLIC_BUCKET moves public media, S3_PRIVATE_BUCKET private media
# (a separate bucket that grants nobody public access; the portal streams its files after the
# permission check). S3_ENDPOINT_URL for anything but AWS itself (MinIO, Ceph, Garage, moto).
S3_PUBLIC_BUCKET = os.environ.get("S3_PUBLIC_BUCKET", "")
S3_PRIVATE_BUCKET = os.environ.get("S3_PRIVATE_BUCKET", "")
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
S3_REGION = os.environ.get("S3_REGION", "")
# Where browsers fetch public media: a CDN or the bucket's own address (e.g.
# https://media.dorpskracht.example); by default the endpoint's path-style URL of the bucket.
S3_PUBLIC_URL = os.environ.get("S3_PUBLIC_URL", "").rstrip("/")
if not S3_PUBLIC_URL and S3_PUBLIC_BUCKET:
    # Known here, not only inside boto3: the Content-Security-Policy must allow its images.
    S3_PUBLIC_URL = (
        f"{S3_ENDPOINT_URL.rstrip('/')}/{S3_PUBLIC_BUCKET}"
        if S3_ENDPOINT_URL
        else f"https://{S3_PUBLIC_BUCKET}.s3.{S3_REGION or 'us-east-1'}.amazonaws.com"
    )
_s3_options = {
    "endpoint_url": S3_ENDPOINT_URL or None,
    "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
    "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
    "region_name": S3_REGION or None,
    "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path" if S3_ENDPOINT_URL else "")
    or None,
    "signature_version": "s3v4",
    # Two uploads called foto.jpg get two names, as on disk; S3Storage would overwrite.
    "file_overwrite": False,
    # No ACLs (buckets made today refuse them): the bucket policy decides who reads.
    "default_acl": None,
}
if S3_PUBLIC_BUCKET:
    _scheme, _, _domain = S3_PUBLIC_URL.partition("://")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": S3_PUBLIC_BUCKET,
            "querystring_auth": False,  # plain, cacheable URLs; the policy makes images/ public
            "custom_domain": _domain,  # host and path: URLs without asking boto3
            "url_protocol": f"{_scheme}:",
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
    MEDIA_URL = f"{S3_PUBLIC_URL}/"
if S3_PRIVATE_BUCKET:
    if S3_PRIVATE_BUCKET == S3_PUBLIC_BUCKET:
        # One wrong bucket policy away from publishing every applicant's files.
        raise ImproperlyConfigured(
            "S3_PRIVATE_BUCKET must be another bucket than S3_PUBLIC_BUCKET."
        )
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        # Never asked for a URL (grants/storage.py); were it asked, the URL would be signed.
        "OPTIONS": {**_s3_options, "bucket_name": S3_PRIVATE_BUCKET, "querystring_auth": True},
    }
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail: EMAIL_URL (e.g. smtp://user:pass@host:587/?tls=True); console when unset.
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console:"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
if _email.get("EMAIL_FILE_PATH"):  # file:////var/tmp/mails: each message a file (for tests)
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Dorpskracht <noreply@dorpskracht.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where contact-form submissions and official notifications go when nothing else is set.
PORTAL_STAFF_EMAIL = os.environ.get("PORTAL_STAFF_EMAIL", "gemeente@dorpskracht.example")

# Background tasks (django-tasks): e-mails and search indexing run outside the request.
# The database backend needs a worker: `manage.py run_worker` (db_worker that survives outages).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Retention terms (privacy/, README "Bewaartermijnen"): what ``apply_retention`` (daily task)
# anonymises or destroys, and when. Months and years from the environment, defaults below.
RETENTION = {
    # Drafts nobody touched for this long are deleted, after a warning mail this many days ahead.
    "DRAFT_MONTHS": int(os.environ.get("RETENTION_DRAFT_MONTHS", "12")),
    "DRAFT_WARNING_DAYS": int(os.environ.get("RETENTION_DRAFT_WARNING_DAYS", "30")),
    # Rejected and withdrawn applications: anonymised this long after the decision/withdrawal.
    "ENDED_YEARS": int(os.environ.get("RETENTION_ENDED_YEARS", "2")),
    # Closed (settled) applications: the archive selection list's term after settlement.
    "CLOSED_YEARS": int(os.environ.get("RETENTION_CLOSED_YEARS", "7")),
    "CONTACT_MONTHS": int(os.environ.get("RETENTION_CONTACT_MONTHS", "6")),
    # Event registrations: this long after the event's date.
    "REGISTRATION_MONTHS": int(os.environ.get("RETENTION_REGISTRATION_MONTHS", "3")),
    "SECURITY_LOG_MONTHS": int(os.environ.get("RETENTION_SECURITY_LOG_MONTHS", "12")),
    # Days ahead the officials' "coming list" in the admin looks.
    "LOOKAHEAD_DAYS": int(os.environ.get("RETENTION_LOOKAHEAD_DAYS", "30")),
}

# Mijn gegevens (privacy/): up to this size (bytes, before compression) the ZIP of all of a
# person's data is made during the request; larger ones in the background, with an e-mailed link
# that works this many days (then the file is removed).
PRIVACY_DIRECT_DOWNLOAD_MAX_BYTES = int(
    os.environ.get("PRIVACY_DIRECT_DOWNLOAD_MAX_BYTES", str(10 * 1024 * 1024))
)
PRIVACY_DOWNLOAD_DAYS = int(os.environ.get("PRIVACY_DOWNLOAD_DAYS", "7"))

# The daily maintenance (`manage.py run_daily`, once a day however many hosts start it): these
# management commands, in this order.
DAILY_COMMANDS = env_list(
    "DAILY_COMMANDS",
    "clean_staged_uploads,catch_up_index,apply_retention,send_event_reminders,clearsessions",
)

# Caches: each process's own memory unless REDIS_URL is set (e.g. redis://127.0.0.1:6379/0);
# then one Redis serves every worker and host, so login and form limits count together and a
# publish anywhere clears the page cache everywhere. The pages get the next database number,
# so clearing them (a FLUSHDB) never resets a rate limit or a lockout.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_database(url, offset):
    """``url`` pointing at its own database number plus ``offset`` (redis://host:port/N)."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + offset
    return urlunsplit(parts._replace(path=f"/{number}"))


if REDIS_URL:
    # A Redis that does not answer fails a request within seconds instead of hanging it.
    _redis_options = {"socket_connect_timeout": 2, "socket_timeout": 2}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _redis_options,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_database(REDIS_URL, 1),
            "OPTIONS": _redis_options,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dorpskracht",
        },
        # Whole pages for anonymous visitors (core/caching.py); production shares it between
        # the workers of a host (a folder, see production.py).
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dorpskracht-pages",
        },
    }
# Seconds an anonymous visitor's page stays cached at most (publishing clears it); 0 = off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))

# HTTP caches in front (Varnish with deploy/varnish/default.vcl): FRONTEND_CACHE_URL, one address
# or a comma list, one per Varnish node. Wagtail purges a page's addresses when it is published,
# unpublished or moved; whatever clears the page cache above bans every page there too
# (core/frontend_cache.py). Empty: nothing is sent.
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URL")
FRONTEND_CACHE_TIMEOUT = float(os.environ.get("FRONTEND_CACHE_TIMEOUT", "3"))
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": url,
    }
    for number, url in enumerate(FRONTEND_CACHE_URLS, start=1)
}

# Wagtail
WAGTAIL_SITE_NAME = "Dorpskracht"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents always through Wagtail's view, which honours a collection's privacy, also when they
# live in a bucket (Wagtail would otherwise redirect to the file's URL); only images/ and
# original_images/ are public media (core/media.py, the bucket policy in .ci/s3.sh).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No Gravatar in the admin: it would tell gravatar.com which officials are at work (a hash of
# their e-mail address), and the Content-Security-Policy allows images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Search: Wagtail's database backend (SQLite FTS5 / PostgreSQL full text) unless
# ELASTICSEARCH_URL points at a node, then Wagtail's Elasticsearch 8 backend. Both through thin
# subclasses in search/backends.py: Dutch prefix/stem matching, a Dutch analyzer on
# Elasticsearch, and indexing failures recorded for `catch_up_index` instead of lost.
# A cluster: several node URLs, comma-separated (the client spreads requests and skips a node
# that is down); ELASTICSEARCH_REPLICAS copies of each index on other nodes (new indexes).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    _replicas = os.environ.get("ELASTICSEARCH_REPLICAS", "")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.ElasticsearchSearchBackend",
            "URLS": env_list("ELASTICSEARCH_URL"),
            **(
                {"INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": int(_replicas)}}}}
                if _replicas
                else {}
            ),
            # One index per root model: <prefix>wagtailcore_page, <prefix>grants_application…
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "dorpskracht_"),
            "TIMEOUT": int(os.environ.get("ELASTICSEARCH_TIMEOUT", "5")),
            "OPTIONS": {"max_retries": 1},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.database",
            "SEARCH_CONFIG": "dutch",
        }
    }

# Accounts (django-allauth): initiators sign up with e-mail and verify it.
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# One address per account: a new one (Mijn gegevens → E-mailadres wijzigen) replaces it once
# confirmed from the link sent to it.
ACCOUNT_CHANGE_EMAIL = True
# Confirming it while logged in leads back there (it shows the new address), not the home page.
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "/account/gegevens/"
# Confirming the address in the browser that signed up logs the person in and leads on to the
# page they were going to (?next= at sign-up); allauth does so only for that session.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Dorpskracht] "
# One login for the site and both admins (security/): allauth's, with its rate limits counted in
# the default cache (shared by every worker once that is Redis). 5 wrong passwords per account
# in 15 minutes, 10 a minute per address: then even the right password waits.
ACCOUNT_ADAPTER = "security.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/15m/key"}
# Behind proxies of our own (the TLS proxy, a load balancer, Varnish): how many stand in front,
# each appending to X-Forwarded-For. The limits and the security log then count the visitor's
# address, not the proxy's (core.rate_limits.client_address). 0: visitors connect directly and
# X-Forwarded-For is ignored. Only set it if the app cannot be reached past the proxies.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # allauth asks our adapter; kept equal anyway
# Two factors (allauth.mfa) for everyone who enters the admin (security/policy.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Dorpskracht"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either way: a phone's clock drifts
# Wagtail's own password reset would be a second, unlimited way in: allauth's is the one.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Django's message storage, also logging the Wagtail admin's refusals (its redirect, no 403).
MESSAGE_STORAGE = "security.messages.RefusalNoticingStorage"
# The same forms with the portal's length limits (core/limits.py).
ACCOUNT_FORMS = {
    name: f"portal.account_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
    }.items()
}

# Security headers (also sensible behind a proxy in development).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content-Security-Policy (django-csp, core/content_security.py) on every response. No inline
# script or style on the public site: a script or style that must stay inline carries
# ``nonce="{{ request.csp_nonce }}"``. Video embeds (the embed block) load in frames from the
# hosts in EMBED_FRAME_SOURCES (environment: CSP_FRAME_SRC, comma-separated).
EMBED_FRAME_SOURCES = env_list(
    "CSP_FRAME_SRC",
    "https://www.youtube-nocookie.com,https://www.youtube.com,https://player.vimeo.com",
)
# Images from the public bucket (or its CDN) when media are not served by this site.
_media = urlsplit(S3_PUBLIC_URL) if S3_PUBLIC_BUCKET else None
PUBLIC_MEDIA_ORIGINS = [f"{_media.scheme}://{_media.netloc}"] if _media and _media.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *PUBLIC_MEDIA_ORIGINS],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The Wagtail admin (its page previews included) and Django's admin: Wagtail 8 still writes
# inline <script> (date and time widgets, inline panels, multiple choosers, search promotions)
# and style="" attributes in its own templates, without a nonce we could give them. So there,
# and only there, inline script and style are allowed (and no nonce is sent, which would switch
# 'unsafe-inline' off); blob: images are the previews of a multiple upload.
CONTENT_SECURITY_POLICY_ADMIN_PATHS = ("/admin/", "/django-admin/")
CONTENT_SECURITY_POLICY_ADMIN_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *PUBLIC_MEDIA_ORIGINS],
}
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "elastic_transport": {"level": "WARNING"},
    },
}
