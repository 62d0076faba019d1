"""The privacy pages of the admin: officials see the coming retention list and hold or release
records (logged); editors and initiators do not get in. An administrator deleting an initiator
with applications is told what stays and deletes through anonymisation instead of "no access"."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
import time_machine

from grants.models import Application
from privacy.models import RetentionHold
from security.models import SecurityEvent
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import OfficialFactory, application_in_state

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/bewaartermijnen/"


@pytest.fixture
def rejected(db):
    """Rejected three years ago: its 2-year term has passed."""
    with time_machine.travel(datetime.datetime(2023, 3, 1, 12, tzinfo=datetime.UTC)):
        return application_in_state("rejected")


def test_officials_see_the_coming_list(client, rejected):
    client.force_login(OfficialFactory())
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert rejected.reference in html
    assert "2 jaar na het besluit (afgewezen)" in html
    assert "Nu aan de beurt (1)" in html


@pytest.mark.parametrize("role", ["editor", "initiator", "anonymous"])
def test_others_get_no_access(client, rejected, role):
    if role == "editor":
        client.force_login(EditorFactory())
    elif role == "initiator":
        client.force_login(rejected.owner)
    response = client.get(LIST_URL)
    assert response.status_code in (302, 403)
    assert rejected.reference not in response.content.decode()
    response = client.post(
        LIST_URL,
        {"kind": "grants.application", "object_id": rejected.pk, "reason": "Ik wil het"},
    )
    assert not RetentionHold.objects.exists()


def test_a_hold_needs_a_reason_and_is_logged(client, rejected):
    official = OfficialFactory()
    client.force_login(official)
    data = {
        "action": "hold",
        "kind": "grants.application",
        "object_id": str(rejected.pk),
        "label": str(rejected),
    }
    response = client.post(LIST_URL, {**data, "reason": "  "})
    assert response.status_code == 400
    assert "Vul een reden in" in response.content.decode()
    assert not RetentionHold.objects.exists()

    response = client.post(LIST_URL, {**data, "reason": "Bezwaar loopt"})
    assert response.status_code == 302
    hold = RetentionHold.objects.get()
    assert (hold.kind, hold.object_id, hold.held_by) == (
        "grants.application",
        str(rejected.pk),
        official,
    )
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.RETENTION_HOLD)
    assert event.user == official
    assert "Bezwaar loopt" in event.detail
    listing = client.get(LIST_URL).content.decode()
    assert "Bezwaar loopt" in listing
    # The message and each row's button name the record (several buttons on one list).
    assert f"{rejected} wordt vastgehouden tot u het weer vrijgeeft." in listing
    assert f'Vrijgeven<span class="w-sr-only">: {rejected}</span>' in listing

    released = client.post(LIST_URL, {**data, "action": "release"}, follow=True)
    assert f"{rejected} wordt niet meer vastgehouden." in released.content.decode()
    assert not RetentionHold.objects.exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RETENTION_RELEASE).exists()


@pytest.fixture
def administrator(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_deleting_an_initiator_with_applications_explains_and_anonymises(
    client, administrator, django_capture_on_commit_callbacks
):
    closed = application_in_state("closed")
    initiator = closed.owner
    application_in_state("draft", owner=initiator)
    client.force_login(administrator)
    url = reverse("wagtailusers_users:delete", args=[initiator.pk])

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sorry" not in html
    assert "1 gegeven bewaard blijven" in html
    assert closed.reference in html
    assert "Einde termijn" in html
    assert f"{closed.closed_at.year + 7}" in html  # the term: 7 years after settlement
    assert "Account verwijderen en gegevens anonimiseren" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=initiator.pk).exists()
    closed.refresh_from_db()
    assert closed.owner_id is None
    assert closed.anonymised_at is not None
    assert Application.objects.count() == 1  # the draft is gone
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.ACCOUNT_ERASED, user=administrator
    ).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("is verwijderd" in m for m in messages)


def test_a_user_without_anything_kept_is_simply_deleted(client, administrator):
    editor = EditorFactory()
    client.force_login(administrator)
    url = reverse("wagtailusers_users:delete", args=[editor.pk])
    assert "Ja, account verwijderen" in client.get(url).content.decode()
    client.post(url)
    assert not get_user_model().objects.filter(pk=editor.pk).exists()


def test_an_official_may_not_delete_users(client, rejected):
    client.force_login(OfficialFactory())
    url = reverse("wagtailusers_users:delete", args=[rejected.owner_id])
    client.post(url)
    assert get_user_model().objects.filter(pk=rejected.owner_id).exists()


def test_bulk_deleting_users_anonymises_instead_of_refusing(
    client, administrator, django_capture_on_commit_callbacks
):
    closed = application_in_state("closed")
    initiator = closed.owner
    editor = EditorFactory()
    client.force_login(administrator)
    model = get_user_model()._meta
    url = reverse("wagtail_bulk_action", args=[model.app_label, model.model_name, "delete"])
    query = f"?id={initiator.pk}&id={editor.pk}"

    html = client.get(url + query).content.decode()
    assert "1 gegeven wordt geanonimiseerd bewaard" in html
    assert 'type="submit"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + query)
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk__in=[initiator.pk, editor.pk]).exists()
    closed.refresh_from_db()
    assert closed.anonymised_at is not None
    assert (
        SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.ACCOUNT_ERASED, user=administrator
        ).count()
        == 2
    )


def test_djangos_admin_sends_a_user_delete_to_the_erasure(client, administrator):
    """Django's admin (superusers) would stop at the protected applications or skip the
    erasure: its delete page leads to Wagtail's, which explains and anonymises."""
    closed = application_in_state("closed")
    initiator = closed.owner
    client.force_login(administrator)

    response = client.get(f"/django-admin/auth/user/{initiator.pk}/delete/")
    assert response.status_code == 302
    assert response.url == reverse("wagtailusers_users:delete", args=[initiator.pk])
    listing = client.get("/django-admin/auth/user/")
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    assert get_user_model().objects.filter(pk=initiator.pk).exists()
