"""Under /bijeenkomsten/ (portal/urls.py): the cancel link and the public calendar file."""

from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("afmelden/<str:token>/", views.cancel_registration, name="cancel"),
    path("<int:page_id>/agenda.ics", views.event_calendar, name="event_calendar"),
]
