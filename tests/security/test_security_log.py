"""The security log: failed logins, lockouts, changes to the second factor, refusals and
exports of personal data, each with who, what, when and from where; only administrators read it."""

import re

from django.core.management import call_command
from django.urls import reverse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from grants.models import Attachment
from security.models import SecurityEvent
from tests.factories import EditorFactory, UserFactory, totp_code
from tests.grants.factories import application_in_state
from tests.grants.initiator_support import pdf
from tests.home.factories import ContactPageFactory, make_site_home

from .conftest import PASSWORD
from .logins import log_in_with_both, post_code, post_password

Kind = SecurityEvent.Kind
LOG = "/admin/beveiligingslog/"


def kinds(**filters):
    return list(
        SecurityEvent.objects.filter(**filters).order_by("pk").values_list("kind", flat=True)
    )


def test_a_failed_login_and_the_lockout_are_logged_with_who_and_from_where(client, official):
    for _ in range(6):
        post_password(client, official, "fout")
    failed = SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED).order_by("pk")
    assert failed.count() == 5
    event = failed.first()
    assert (event.user, event.login, event.ip_address) == (official, official.email, "127.0.0.1")
    assert event.path == "/account/login/"
    assert event.created_at is not None
    locked = SecurityEvent.objects.get(kind=Kind.LOCKED_OUT)
    assert (locked.login, locked.detail) == (official.email, "15 min")

    post_password(client, "niemand@example.nl", "fout")
    unknown = SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED).order_by("pk").last()
    assert (unknown.user, unknown.login) == (None, "niemand@example.nl")


def test_logins_and_wrong_codes_are_logged(client, official):
    post_password(client, official)
    post_code(client, "000000" if totp_code() != "000000" else "111111")
    post_code(client)
    assert kinds(user=official) == [Kind.SECOND_FACTOR_FAILED, Kind.LOGIN]


def test_setting_up_and_removing_the_second_factor_is_logged(
    client, new_official, django_capture_on_commit_callbacks
):
    post_password(client, new_official)
    client.post(
        f"{reverse('account_reauthenticate')}?next={reverse('mfa_activate_totp')}",
        {"password": PASSWORD},
    )
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert kinds(user=new_official)[-2:] == [Kind.SECOND_FACTOR_ADDED, Kind.RECOVERY_CODES_RENEWED]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    assert kinds(user=new_official)[-1] == Kind.RECOVERY_CODES_RENEWED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=new_official, type="totp").exists()
    assert Kind.SECOND_FACTOR_REMOVED in kinds(user=new_official)


def test_a_used_recovery_code_is_logged(client, official):
    code = RecoveryCodes.activate(official).get_unused_codes()[0]
    post_password(client, official)
    post_code(client, code)
    assert kinds(user=official) == [Kind.RECOVERY_CODE_USED, Kind.LOGIN]


def test_refusals_are_logged(client, db):
    editor = EditorFactory()
    client.force_login(editor)
    client.get("/admin/aanvragen/")  # Wagtail: a redirect with a message, no 403
    response = client.get("/django-admin/", follow=True)
    assert response.status_code == 403
    refused = SecurityEvent.objects.filter(kind=Kind.REFUSED, user=editor).order_by("pk")
    assert list(refused.values_list("path", flat=True)) == [
        "/admin/aanvragen/",
        "/django-admin/login/?next=%2Fdjango-admin%2F",
    ]


def test_an_initiator_trying_anothers_application_or_file_is_logged(client, db):
    victim = application_in_state("submitted")
    attachment = Attachment.objects.create(
        application=victim, file="x.pdf", original_name="x.pdf", size=1
    )
    intruder = UserFactory()
    own = application_in_state("submitted", owner=intruder)
    client.force_login(intruder)
    assert client.get(f"/aanvragen/{victim.reference}/").status_code == 404
    assert client.get("/aanvragen/DI-2099-9999/").status_code == 404  # does not exist: no line
    url = reverse("grants:attachment_download", args=[own.reference, attachment.pk])
    assert client.get(url).status_code == 404
    assert list(
        SecurityEvent.objects.filter(kind=Kind.REFUSED).order_by("pk").values_list("user", "detail")
    ) == [(intruder.pk, f"aanvraag {victim.reference}"), (intruder.pk, f"bijlage {attachment.pk}")]


def test_exports_of_personal_data_are_logged(client, official, tmp_path):
    application_in_state("submitted")
    client.force_login(official)
    response = client.get("/admin/gegevens/exporteren/download/", {"bestand": "csv"})
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.PERSONAL_DATA_EXPORTED)
    assert event.user == official
    assert re.fullmatch(
        r"aanvragen\.csv aanvragen-\d{8}-\d{4}\.csv; filter: geen \(alle aanvragen\)",
        event.detail,
    )
    assert event.path == "/admin/gegevens/exporteren/download/?bestand=csv"

    call_command("export_applications", "--output", str(tmp_path / "a.csv"), stdout=None)
    command = SecurityEvent.objects.filter(kind=Kind.PERSONAL_DATA_EXPORTED).order_by("pk").last()
    assert command.user is None
    assert "(manage.py export_applications)" in command.login
    assert command.detail == (
        f"aanvragen.csv: 1 regels naar {tmp_path / 'a.csv'}; filter: zonder concepten"
    )
    call_command(
        "export_applications", "--year", "2026", "--output", str(tmp_path / "b.csv"), stdout=None
    )
    command = SecurityEvent.objects.filter(kind=Kind.PERSONAL_DATA_EXPORTED).order_by("pk").last()
    assert command.detail.endswith("; filter: jaar 2026, zonder concepten")


def test_the_filter_of_an_export_is_logged(client, official):
    application = application_in_state("approved")
    client.force_login(official)
    response = client.get(
        "/admin/gegevens/exporteren/download/",
        {"bestand": "xlsx", "state": "approved", "scheme": application.scheme.pk, "q": "tuin"},
    )
    assert response.status_code == 200
    detail = SecurityEvent.objects.get(kind=Kind.PERSONAL_DATA_EXPORTED).detail
    assert detail.startswith(f"aanvragen.xlsx aanvragen-{application.scheme.slug}-")
    assert "Toegekend" in detail
    assert application.scheme.name in detail
    assert "Zoekterm: tuin" in detail


def test_an_official_downloading_an_attachment_is_logged(client, official):
    application = application_in_state("submitted")
    attachment = Attachment.objects.create(
        application=application, file=pdf("offerte.pdf"), original_name="offerte.pdf", size=10
    )
    url = reverse("grants_application:attachment", args=[attachment.pk])
    client.force_login(official)
    assert client.get(url).status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.PERSONAL_DATA_EXPORTED)
    assert (event.user, event.detail) == (
        official,
        f"bijlage {attachment.pk} van {application.reference}",
    )


def test_downloading_a_forms_submissions_is_logged(client, db):
    """Contact messages and event registrations hold names, e-mail addresses, phone numbers."""
    contact = ContactPageFactory(parent=make_site_home())
    editor = EditorFactory()
    client.force_login(editor)
    url = reverse("wagtailforms:list_submissions", args=[contact.pk])

    assert client.get(url).status_code == 200  # looking at the list is not an export
    assert not SecurityEvent.objects.filter(kind=Kind.PERSONAL_DATA_EXPORTED).exists()
    response = client.get(url, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    event = SecurityEvent.objects.get(kind=Kind.PERSONAL_DATA_EXPORTED)
    assert (event.user, event.detail) == (
        editor,
        f"formulierinzendingen.csv formulier {contact.pk}; filter: alle inzendingen",
    )
    client.get(url, {"export": "xlsx", "date_from": "2026-01-01", "date_to": "2026-03-31"})
    event = SecurityEvent.objects.filter(kind=Kind.PERSONAL_DATA_EXPORTED).order_by("pk").last()
    assert event.detail == (
        f"formulierinzendingen.xlsx formulier {contact.pk}; "
        "filter: van 2026-01-01, tot en met 2026-03-31"
    )


@pytest.fixture
def logged_events(db):
    SecurityEvent.objects.create(kind=Kind.LOGIN_FAILED, login="iemand@example.nl")


def test_only_administrators_read_the_log(client, logged_events, official, superuser):
    client.force_login(official)
    response = client.get(LOG)
    assert response.status_code == 302  # Wagtail's "no permission" redirect
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Beveiligingslog" not in home
    assert "iemand@example.nl" not in home
    assert client.get(f"{LOG}inspect/{SecurityEvent.objects.first().pk}/").status_code == 302

    client.force_login(superuser)
    listing = client.get(LOG)
    assert listing.status_code == 200
    assert "iemand@example.nl" in listing.content.decode()
    assert "Inloggen mislukt" in listing.content.decode()
    # Read-only: no form to add, change or delete a line.
    for path in ("new/", "edit/1/", "delete/1/"):
        assert client.get(f"{LOG}{path}").status_code == 404


def test_the_log_is_in_the_settings_menu_of_administrators(client, superuser):
    log_in_with_both(client, superuser)
    assert LOG in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_view_permission_opens_the_log_to_a_privacy_officer(client, logged_events):
    from django.contrib.auth.models import Group, Permission

    from security.viewsets import SuperusersMayReadPolicy

    group = Group.objects.create(name="Privacy")
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_securityevent"),
    )
    officer = EditorFactory(groups=["Privacy"], verified_email=True)
    editor = EditorFactory(verified_email=True)
    client.force_login(officer)
    assert "iemand@example.nl" in client.get(LOG).content.decode()
    client.force_login(editor)
    assert client.get(LOG).status_code == 302
    readers = SuperusersMayReadPolicy(SecurityEvent).users_with_any_permission(["view"])
    assert list(readers) == [officer]
