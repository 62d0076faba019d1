"""The initiator's pages, mounted at /aanvragen/. Applications are addressed by reference."""

from django.urls import path

from .views import application_steps, applications, dialogue, files, initiatives, reports

app_name = "grants"

urlpatterns = [
    path("", applications.my_applications, name="my_applications"),
    path("nieuw/", application_steps.application_create, name="application_create"),
    path("project/", initiatives.project_start, name="project_start"),
    path("project/laten-zien/", initiatives.project_show, name="project_show"),
    path("project/hulp/", initiatives.project_help, name="project_help"),
    path("<str:reference>/", applications.application_detail, name="application_detail"),
    path("<str:reference>/wijzigen/", application_steps.application_edit, name="application_edit"),
    path(
        "<str:reference>/stap/<slug:slug>/",
        application_steps.application_step,
        name="application_step",
    ),
    path("<str:reference>/indienen/", applications.application_submit, name="application_submit"),
    path(
        "<str:reference>/intrekken/", applications.application_withdraw, name="application_withdraw"
    ),
    path("<str:reference>/bericht/", dialogue.application_message, name="application_message"),
    path("<str:reference>/verantwoording/", reports.application_report, name="application_report"),
    path(
        "<str:reference>/bijlagen/<int:pk>/", files.attachment_download, name="attachment_download"
    ),
    path("<str:reference>/fotos/<int:pk>/", files.report_photo, name="report_photo"),
]
