"""Logging in as a person does: the allauth form, then the code from the authenticator app."""

from django.urls import reverse

from tests.factories import totp_code

from .conftest import PASSWORD

LOGIN = "/account/login/"
SECOND_STEP = "/account/2fa/authenticate/"


def post_password(client, user_or_email, password=PASSWORD, url=LOGIN):
    email = getattr(user_or_email, "email", user_or_email)
    return client.post(url, {"login": email, "password": password})


def post_code(client, code=None):
    return client.post(SECOND_STEP, {"code": code or totp_code()})


def log_in_with_both(client, user):
    response = post_password(client, user)
    assert response.status_code == 302, response
    assert response.url == SECOND_STEP
    return post_code(client)


def errors(response):
    """The form's errors as the person reads them."""
    form = response.context["form"]
    return [str(e) for name, messages in form.errors.items() for e in messages]


def admin_home():
    return reverse("wagtailadmin_home")
