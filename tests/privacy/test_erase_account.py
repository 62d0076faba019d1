"""Deleting an account (``privacy.erasure.erase_account``): for a person with applications in
every state, messages, files, a contact message, a registration, a login and two factors,
nothing personal is left in any table, in the search index or in storage; the trail (timeline
entries with their role) and the council's figures stay the same."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission

import pytest

from grants.application_search import search_applications
from grants.exporting import write_export
from grants.models import Application, Message, State, TransitionLog
from grants.overview import accountability_overview
from grants.storage import private_storage
from privacy.erasure import erase_account
from security.models import SecurityEvent

from .conftest import scan_every_table

pytestmark = pytest.mark.django_db


def _overview(applications):
    schemes = {a.scheme for a in applications}
    years = {a.submitted_at.year for a in applications if a.submitted_at}
    return [
        (o.total, [(r.label, r.count, r.requested, r.granted, r.spent) for r in o.villages])
        for o in (accountability_overview(s, y) for s in schemes for y in years)
    ]


def _timeline(applications):
    return {
        a.reference: list(
            TransitionLog.objects.filter(application_id=a.pk)
            .order_by("pk")
            .values_list("transition", "from_state", "to_state", "created_at")
        )
        for a in applications
        if a.state != State.DRAFT
    }


def _erase(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return erase_account(person.user)


def test_nothing_personal_is_left_in_any_table(person, other, django_capture_on_commit_callbacks):
    # The scan finds the values before: it would notice them.
    before = scan_every_table(person.values)
    for column in (
        "grants_application.iban",
        "grants_message.body",
        "wagtailforms_formsubmission.form_data",
        "security_securityevent.login",
        "wagtailcore_modellogentry.label",
        "account_emailaddress.email",
    ):
        assert column in before
    _erase(person, django_capture_on_commit_callbacks)
    assert scan_every_table(person.values) == {}
    # Someone else's data is all still there.
    found = scan_every_table(other.values)
    assert "grants_application.contact_name" in found
    assert "wagtailforms_formsubmission.form_data" in found


def test_drafts_and_registrations_go_and_submitted_applications_stay_anonymised(
    person, django_capture_on_commit_callbacks
):
    drafts = [a.pk for a in person.applications if a.state == State.DRAFT]
    kept = [a.pk for a in person.applications if a.state != State.DRAFT]
    report = _erase(person, django_capture_on_commit_callbacks)

    assert not Application.objects.filter(pk__in=drafts).exists()
    assert Application.objects.filter(pk__in=kept).count() == len(kept) == 7
    assert not FormSubmission.objects.exists()
    assert not get_user_model().objects.filter(username=person.user.username).exists()
    assert report.user_deleted
    assert report.per_provider["grants"].anonymised == 7
    assert report.per_provider["grants"].deleted == 1
    assert report.files_removed == len(person.files)
    for application in Application.objects.filter(pk__in=kept):
        assert application.owner_id is None
        assert application.anonymised_at is not None
        assert application.contact_name == "[geanonimiseerd]"
        assert application.iban == ""


def test_files_are_gone_from_storage(person, django_capture_on_commit_callbacks):
    storage = private_storage()
    assert all(storage.exists(name) for name in person.files)
    _erase(person, django_capture_on_commit_callbacks)
    assert not any(storage.exists(name) for name in person.files)


def test_an_admin_profile_photo_is_gone_from_storage(official, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(official)
    profile.avatar.save("gezicht.png", ContentFile(b"\x89PNG gezicht"))
    name, storage = profile.avatar.name, profile.avatar.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        report = erase_account(official)
    assert report.files_removed == 1
    assert not storage.exists(name)
    assert not UserProfile.objects.filter(pk=profile.pk).exists()


def test_the_timeline_stays_complete_with_roles(
    person, official, django_capture_on_commit_callbacks
):
    before = _timeline(person.applications)
    _erase(person, django_capture_on_commit_callbacks)
    assert _timeline(person.applications) == before
    entries = TransitionLog.objects.filter(application__in=Application.objects.all())
    assert not entries.filter(actor__isnull=True, actor_role="").exists()
    assert set(entries.filter(actor__isnull=True).values_list("actor_role", flat=True)) == {
        "initiator"
    }
    # The official's steps still name the official (who is not being erased).
    assert entries.filter(actor=official, actor_role="official").exists()
    # The dialogue keeps its messages, with their text removed.
    assert Message.objects.count() == 6
    assert set(Message.objects.values_list("body", flat=True)) == {"[geanonimiseerd]"}


def test_the_overview_totals_are_unchanged(person, other, django_capture_on_commit_callbacks):
    applications = person.applications + other.applications
    before = _overview(applications)
    _erase(person, django_capture_on_commit_callbacks)
    assert _overview(applications) == before


def test_the_search_finds_nothing_of_them(
    search_index, person, official, client, django_capture_on_commit_callbacks
):
    search_index.refresh()
    assert search_applications(official, "Zwanenburg").count() == 7 + 1
    _erase(person, django_capture_on_commit_callbacks)
    search_index.refresh()
    for query in ("Zwanenburg", "Gerritje", "Tuinploeg", person.user.email):
        assert search_applications(official, query).count() == 0
        response = client.get(reverse("search:search"), {"q": query})
        assert response.context["outcome"].total == 0
    client.force_login(official)
    html = client.get(reverse("search_applications"), {"q": "Zwanenburg"}).content.decode()
    assert "Tuinploeg Zwanenburg" not in html


def test_exports_of_anonymised_applications_carry_no_personal_data(
    person, django_capture_on_commit_callbacks
):
    import io

    _erase(person, django_capture_on_commit_callbacks)
    for kind in ("aanvragen", "begrotingsregels"):
        out = io.BytesIO()
        write_export(kind, "csv", Application.objects.all(), out)
        text = out.getvalue().decode("utf-8-sig").lower()
        assert text.count("di-") >= 7
        for value in person.values:
            assert value.lower() not in text


def test_security_log_keeps_the_events_without_the_login(
    person, django_capture_on_commit_callbacks
):
    events = SecurityEvent.objects.count()
    _erase(person, django_capture_on_commit_callbacks)
    assert SecurityEvent.objects.count() == events
    assert SecurityEvent.objects.filter(login="[verwijderd account]").count() >= 2


def test_sessions_end(person, django_capture_on_commit_callbacks):
    assert person.client.get(reverse("grants:my_applications")).status_code == 200
    _erase(person, django_capture_on_commit_callbacks)
    response = person.client.get(reverse("grants:my_applications"))
    assert response.status_code == 302  # to the login


def test_a_second_call_does_nothing(person, django_capture_on_commit_callbacks):
    user = person.user
    _erase(person, django_capture_on_commit_callbacks)
    again = erase_account(user)
    assert not again.user_deleted
    assert again.per_provider == {}


def test_officials_see_the_anonymised_application_with_roles(
    person, official, client, django_capture_on_commit_callbacks
):
    closed = next(a for a in person.applications if a.state == State.CLOSED)
    _erase(person, django_capture_on_commit_callbacks)
    client.force_login(official)
    response = client.get(reverse("grants_application:inspect", args=[closed.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "(initiatiefnemer)" in html
    assert "geanonimiseerd op" in html
    for value in person.values:
        assert value not in html


def test_officials_can_still_finish_a_running_anonymised_application(
    person, official, django_capture_on_commit_callbacks
):
    from django.core import mail

    from grants import workflow

    reported = next(a for a in person.applications if a.state == State.REPORTED)
    _erase(person, django_capture_on_commit_callbacks)
    reported = Application.objects.get(pk=reported.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(reported, "accept_report", official)
    reported.refresh_from_db()
    assert reported.state == State.CLOSED
    assert all(person.user.email not in message.to for message in mail.outbox)
