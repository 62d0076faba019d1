"""Two factors before any admin page, for everyone who enters the admin; optional for others."""

import re
from urllib.parse import quote

from django.core.management import call_command
from django.urls import reverse

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from tests.factories import EditorFactory, totp_code
from tests.grants.factories import ApplicationFactory

from .conftest import PASSWORD
from .logins import (
    SECOND_STEP,
    admin_home,
    errors,
    log_in_with_both,
    post_code,
    post_password,
)

ENROLMENT = "/account/2fa/totp/activate/"


def test_an_official_without_an_authenticator_lands_on_the_enrolment_page(client, new_official):
    response = post_password(client, new_official)
    assert response.url == "/"  # no second step yet: there is nothing to ask for
    for path in (admin_home(), "/admin/aanvragen/", "/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == ENROLMENT

    # allauth asks for the password once more before an authenticator is added (a session
    # left open must not let someone else tie the account to their phone).
    response = client.get(ENROLMENT)
    assert response.url == f"/account/reauthenticate/?next={quote(ENROLMENT, safe='')}"
    response = client.post(response.url, {"password": PASSWORD})
    assert response.url == ENROLMENT
    page = client.get(ENROLMENT)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tweestapsverificatie instellen" in html
    assert "In het beheer ziet u persoonsgegevens van inwoners" in html
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in html  # for typing into the app by hand

    response = client.post(ENROLMENT, {"code": "000000"})
    assert errors(response) == ["Ongeldige code."]
    assert client.get(admin_home()).url == ENROLMENT

    response = client.post(ENROLMENT, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=new_official, type="totp").exists()
    codes_page = client.get(response.url)
    assert "Herstelcodes" in codes_page.content.decode()
    assert client.get(admin_home()).status_code == 200


def test_an_official_without_an_authenticator_reads_no_application_on_the_site_either(
    client, new_official, initiator
):
    """An official sees every application on /aanvragen/ too (IBAN, address, files)."""
    application = ApplicationFactory(owner=initiator)
    post_password(client, new_official)
    detail = reverse("grants:application_detail", args=[application.reference])
    for path in (detail, reverse("grants:my_applications")):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == ENROLMENT
    # The initiator herself needs no second factor for her own application.
    client.logout()
    client.force_login(initiator)
    assert client.get(detail).status_code == 200


def test_with_an_authenticator_the_password_alone_does_not_get_in(client, official):
    response = post_password(client, official)
    assert response.status_code == 302
    assert response.url == SECOND_STEP
    assert client.get(admin_home()).status_code == 302  # still anonymous
    assert "_auth_user_id" not in client.session

    page = client.get(SECOND_STEP)
    assert "Code uit uw authenticator-app" in page.content.decode()
    response = post_code(client, "123456" if totp_code() != "123456" else "654321")
    assert response.status_code == 200
    assert errors(response) == ["Ongeldige code."]
    assert client.get(admin_home()).status_code == 302

    response = post_code(client)
    assert response.status_code == 302
    assert client.get(admin_home()).status_code == 200


def test_a_superuser_needs_two_factors_for_both_admins(client, superuser):
    Authenticator.objects.filter(user=superuser).delete()
    client.force_login(superuser)
    assert client.get("/django-admin/").url == ENROLMENT
    assert client.get(admin_home()).url == ENROLMENT


def test_an_editor_enters_the_admin_with_two_factors_too(client, db):
    editor = EditorFactory(verified_email=True)
    response = log_in_with_both(client, editor)
    assert response.status_code == 302
    assert client.get(admin_home()).status_code == 200


def test_an_initiator_logs_in_with_the_password_alone(client, initiator):
    response = post_password(client, initiator)
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/aanvragen/").status_code == 200


def test_a_recovery_code_works_once(client, official):
    codes = RecoveryCodes.activate(official).get_unused_codes()

    post_password(client, official)
    response = post_code(client, codes[0])
    assert response.status_code == 302
    assert client.get(admin_home()).status_code == 200
    client.post("/account/logout/")

    post_password(client, official)
    response = post_code(client, codes[0])
    assert response.status_code == 200
    assert errors(response) == ["Ongeldige code."]
    response = post_code(client, codes[1])
    assert response.status_code == 302
    assert client.get(admin_home()).status_code == 200


def test_the_demo_accounts_log_in_with_the_printed_secret(client, db, capsys):
    call_command("load_demo_content", "--skip-index")
    output = capsys.readouterr().out
    secret = re.search(r"geheime sleutel ([A-Z2-7]{32})", output).group(1)
    assert f"oathtool --totp -b {secret}" in output
    assert "admin@dorpskracht.example / dorpskracht-demo" in output

    call_command("load_demo_content", "--skip-index")  # again: still the one secret
    assert Authenticator.objects.filter(type="totp").count() == 2

    for email in ("ambtenaar@dorpskracht.example", "admin@dorpskracht.example"):
        client.logout()
        response = post_password(client, email, "dorpskracht-demo")
        assert response.url == SECOND_STEP, email
        response = post_code(client, totp_code(secret))
        assert response.status_code == 302, email
        assert client.get(admin_home()).status_code == 200, email
