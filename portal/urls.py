import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.media import serve_public_media
from home.views import favicon, identity_stylesheet
from security.views import wagtail_admin_login

# A lost database connection is a 503 that keeps the posted form (core/outage.py).
handler500 = "core.outage.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before Wagtail's own: the admin logs in through allauth (security/views.py).
    path("admin/login/", wagtail_admin_login, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The language switch is on every page. Without a CSRF token in it a page sets no cookie and
    # an HTTP cache in front may keep it for everyone; forcing someone's language is harmless.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Before allauth's: "Mijn gegevens" lives among the account pages (privacy/urls.py).
    path("account/gegevens/", include("privacy.urls")),
    path("account/", include("allauth.urls")),
    path("aanvragen/", include("grants.urls")),
    # An event registration's cancel link and an event's calendar file (knowledge/urls.py).
    path("bijeenkomsten/", include("knowledge.urls")),
    path("zoeken/", include("search.urls")),
    # The municipality's colours and typeface (Instellingen → Huisstijl) and the icon.
    path("huisstijl.css", identity_stylesheet, name="identity_stylesheet"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.MEDIA_URL.startswith("/"):
    # Public media from this site, under every settings module; not when a bucket serves them
    # (S3_PUBLIC_BUCKET: MEDIA_URL is then the bucket's address). See core/media.py.
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL[1:])}(?P<path>.+)$", serve_public_media)
    ]

# Wagtail serves every other path; it must stay last.
urlpatterns += [path("", include(wagtail_urls))]
