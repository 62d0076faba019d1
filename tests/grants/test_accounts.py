"""Accounts for initiators (django-allauth): sign up, verify the e-mail address, log in, reset
the password; all in Dutch, inside the portal's layout, with accessible forms."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "Zonnebloem-Veld-2026"


def _link(message):
    match = re.search(r"https?://[^\s]+", message.body)
    assert match, message.body
    return match.group(0).replace("http://testserver", "")


def _sign_up(client, email="anna@example.nl"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _log_in(client, email="anna@example.nl", password=PASSWORD, next_url=None):
    data = {"login": email, "password": password}
    url = reverse("account_login")
    if next_url:
        url += f"?next={next_url}"
        data["next"] = next_url
    return client.post(url, data)


def test_sign_up_verify_then_log_in(client):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.nl"]
    assert mail.outbox[0].subject == "[Dorpskracht] Bevestig uw e-mailadres"
    assert "daarna kunt u inloggen" in mail.outbox[0].body
    # Not logged in before the address is confirmed.
    assert "_auth_user_id" not in client.session

    page = client.get(response["Location"])
    assert "Bevestig uw e-mailadres" in page.content.decode()

    confirm_url = _link(mail.outbox[0])
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "anna@example.nl" in page.content.decode()
    response = client.post(confirm_url)
    assert response.status_code == 302

    client.logout()
    response = _log_in(client, next_url=reverse("grants:application_create"))
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:application_create")
    page = client.get(reverse("grants:application_create"))
    assert page.status_code == 200
    assert "Nieuwe aanvraag" in page.content.decode()


def test_unverified_user_cannot_log_in_to_apply(client, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    _sign_up(client, "bas@example.nl")
    client.logout()
    mail.outbox.clear()

    response = _log_in(client, "bas@example.nl", next_url=reverse("grants:application_create"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    # A fresh verification e-mail is on its way.
    assert [m.subject for m in mail.outbox] == ["[Dorpskracht] Bevestig uw e-mailadres"]

    response = client.get(reverse("grants:application_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_wrong_password_shows_a_dutch_error_and_keeps_the_email(client):
    _sign_up(client, "cor@example.nl")
    response = _log_in(client, "cor@example.nl", "verkeerd-wachtwoord")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'value="cor@example.nl"' in html
    summary = html[html.index('class="error-summary"') :]
    assert "wachtwoord" in summary[: summary.index("</div>")].lower()


def test_signup_errors_are_linked_to_their_fields(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "geen-adres", "password1": PASSWORD, "password2": "anders"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The summary links to the field; the field points to its error.
    assert 'href="#id_email"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'value="geen-adres"' in html
    assert get_user_model().objects.count() == 0


def test_password_reset_flow(client):
    _sign_up(client, "dirk@example.nl")
    client.post(_link(mail.outbox[0]))
    client.logout()
    mail.outbox.clear()

    page = client.get(reverse("account_reset_password"))
    assert "Wachtwoord vergeten" in page.content.decode()
    response = client.post(reverse("account_reset_password"), {"email": "dirk@example.nl"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Kijk in uw e-mail" in page.content.decode()
    assert len(mail.outbox) == 1

    reset_url = _link(mail.outbox[0])
    response = client.get(reset_url)
    # allauth moves the key out of the URL before showing the form.
    if response.status_code == 302:
        reset_url = response["Location"]
        response = client.get(reset_url)
    assert "Nieuw wachtwoord kiezen" in response.content.decode()
    new_password = "Nieuw-Wachtwoord-2026!"
    response = client.post(reset_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Wachtwoord gewijzigd" in page.content.decode()

    response = _log_in(client, "dirk@example.nl", new_password)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_logout_asks_for_confirmation(client):
    user = get_user_model().objects.create_user("eva", "eva@example.nl", PASSWORD)
    client.force_login(user)
    page = client.get(reverse("account_logout"))
    assert "Weet u zeker dat u wilt uitloggen?" in page.content.decode()
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_email_verification_sent",
    ],
)
def test_account_pages_use_the_portal_layout_in_dutch(client, name):
    html = client.get(reverse(name)).content.decode()
    assert '<html lang="nl">' in html
    assert 'class="skip-link"' in html
    assert '<main id="main"' in html
    for field_id in re.findall(r'<input[^>]+type="(?:email|password|text)"[^>]+id="([^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id


def test_signing_up_twice_does_not_reveal_the_account_but_tells_its_owner(client, settings):
    settings.ACCOUNT_RATE_LIMITS = False  # allauth waits a while before mailing one address again
    _sign_up(client, "fien@example.nl")
    client.post(_link(mail.outbox[0]))
    client.logout()
    mail.outbox.clear()
    response = _sign_up(client, "fien@example.nl")
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="fien@example.nl").count() == 1
    assert [m.subject for m in mail.outbox] == ["[Dorpskracht] U heeft al een account"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "Dit wachtwoord is te kort: gebruik minstens 8 tekens."),
        ("en", "This password is too short: use at least 8 characters."),
    ],
)
def test_a_short_password_is_refused_in_the_visitors_language(client, settings, language, message):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        reverse("account_signup"),
        {"email": "kort@example.nl", "password1": "Ee7!", "password2": "Ee7!"},
    )
    html = response.content.decode()
    assert message in html
    assert 'value="kort@example.nl"' in html  # nothing typed is lost but the password
    assert get_user_model().objects.count() == 0
