"""Mijn gegevens, mounted at /account/gegevens/ beside allauth's account pages."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("download/", views.download_request, name="download_request"),
    path("download/<str:token>/", views.download, name="download"),
    path("verwijderen/", views.delete_account, name="delete_account"),
    path("verwijderd/", views.account_deleted, name="account_deleted"),
]
