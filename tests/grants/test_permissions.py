"""Who may see what: every boundary of ``grants.permissions``, by role."""

import io

from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from grants import permissions, workflow
from grants.models import ReportPhoto
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import (
    ROLES,
    ApplicationFactory,
    OfficialFactory,
    application_in_state,
    complete_report,
    user_for_role,
)

pytestmark = pytest.mark.django_db


def png(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_officials_group_has_the_permissions_to_handle_applications():
    group = Group.objects.get(name=permissions.OFFICIALS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "access_admin",
        "handle_application",
        "view_application",
        "view_message",
        "add_fundingscheme",
        "change_fundingscheme",
        "change_village",
        "change_category",
    } <= codenames
    official = OfficialFactory()
    assert permissions.is_official(official)


def test_editors_get_nothing_of_applications():
    editor = EditorFactory()
    assert not permissions.is_official(editor)
    assert not any(perm.startswith("grants.") for perm in editor.get_all_permissions())


@pytest.mark.parametrize(
    ("role", "sees_own", "sees_other"),
    [
        ("owner", True, False),
        ("other_initiator", False, False),
        ("anonymous", False, False),
        ("editor", False, False),
        ("official", True, True),
    ],
)
def test_applications_by_role(role, sees_own, sees_other):
    application = ApplicationFactory()
    someone_elses = ApplicationFactory()
    user = user_for_role(role, application)
    visible = set(permissions.applications_for(user))
    assert (application in visible) is sees_own
    assert (someone_elses in visible) is sees_other
    assert permissions.can_view_application(user, application) is sees_own


@pytest.mark.parametrize("role", ROLES)
def test_internal_notes_are_hidden_from_everyone_but_officials(role):
    official = OfficialFactory()
    application = application_in_state("submitted", official_user=official)
    workflow.perform(
        application,
        "start_dialogue",
        official,
        "Interne twijfel over de kosten",
        note_is_internal=True,
    )
    workflow.post_message(application, official, "Wat kost de aarde precies?")
    workflow.post_message(application, official, "Offerte lijkt hoog", is_internal=True)
    user = user_for_role(role, application)

    bodies = list(permissions.messages_for(user, application).values_list("body", flat=True))
    timeline = list(permissions.log_entries_for(user, application))

    if role == "official":
        assert bodies == ["Wat kost de aarde precies?", "Offerte lijkt hoog"]
        assert timeline[-1].shown_note == "Interne twijfel over de kosten"
    elif role == "owner":
        assert bodies == ["Wat kost de aarde precies?"]
        assert [entry.transition for entry in timeline] == ["submit", "start_dialogue"]
        assert all("twijfel" not in entry.shown_note for entry in timeline)
    else:
        assert bodies == []
        assert timeline == []


def test_public_notes_reach_the_initiators_timeline():
    application = application_in_state("submitted")
    workflow.perform(application, "start_dialogue", OfficialFactory(), "Welkom in het gesprek")
    notes = [e.shown_note for e in permissions.log_entries_for(application.owner, application)]
    assert "Welkom in het gesprek" in notes


def test_attachments_on_internal_notes_stay_with_officials():
    official = OfficialFactory()
    application = application_in_state("in_dialogue", official_user=official)
    pdf = SimpleUploadedFile("intern.pdf", b"%PDF-1.4 intern")
    internal = workflow.post_message(application, official, "Intern", is_internal=True, files=[pdf])
    pdf2 = SimpleUploadedFile("antwoord.pdf", b"%PDF-1.4 antwoord")
    public = workflow.post_message(application, application.owner, "Zie bijlage", files=[pdf2])
    internal_file = internal.attachments.get()
    public_file = public.attachments.get()

    assert permissions.can_view_attachment(official, internal_file)
    assert not permissions.can_view_attachment(application.owner, internal_file)
    assert permissions.can_view_attachment(application.owner, public_file)
    for user in (UserFactory(), AnonymousUser(), EditorFactory()):
        assert not permissions.can_view_attachment(user, public_file)
    assert list(permissions.attachments_for(application.owner, application)) == [public_file]
    assert set(permissions.attachments_for(official, application)) == {internal_file, public_file}


@pytest.mark.parametrize(
    ("state", "public_consent", "anonymous_sees"),
    [
        ("reported", True, True),
        ("closed", True, True),
        ("approved", True, False),  # report not submitted yet
        ("reported", False, False),  # no consent to show it
    ],
)
def test_report_photos_are_public_only_in_the_showcase(state, public_consent, anonymous_sees):
    application = application_in_state(state, public_consent=public_consent)
    report = complete_report(application)
    photo = ReportPhoto.objects.create(report=report, image=png(), alt_text="Kinderen in de tuin")

    assert permissions.can_view_report_photo(AnonymousUser(), photo) is anonymous_sees
    assert permissions.can_view_report_photo(UserFactory(), photo) is anonymous_sees
    assert permissions.can_view_report_photo(application.owner, photo)
    assert permissions.can_view_report_photo(OfficialFactory(), photo)
    assert (photo in permissions.report_photos_for(AnonymousUser())) is anonymous_sees
