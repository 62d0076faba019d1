from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from security.views import wagtail_admin_login

# A lost database connection is a 503 that keeps the posted form (core/outage.py).
handler500 = "core.outage.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before Wagtail's own: the admin logs in through allauth (security/views.py).
    path("admin/login/", wagtail_admin_login, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before allauth's: "Mijn gegevens" lives among the account pages (privacy/urls.py).
    path("account/gegevens/", include("privacy.urls")),
    path("account/", include("allauth.urls")),
    path("aanvragen/", include("grants.urls")),
    path("zoeken/", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path; it must stay last.
urlpatterns += [path("", include(wagtail_urls))]
