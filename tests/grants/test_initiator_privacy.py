"""Nobody sees or changes another person's application on the public site: guessing a reference
or a file id gives the same 404 as a reference that does not exist, and changes nothing."""

from django.urls import reverse

import pytest

from grants import workflow
from grants.models import Attachment, Message, Report, ReportPhoto, State
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import OfficialFactory, application_in_state, complete_report
from tests.grants.initiator_support import application_data, pdf, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim():
    """Someone else's application with everything on it: files, messages, a report photo."""
    application = application_in_state("approved", title="Geheim plan van Bea")
    official = OfficialFactory()
    Attachment.objects.create(
        application=application, file=pdf("offerte.pdf"), original_name="offerte.pdf", size=10
    )
    workflow.post_message(application, official, "Een vraag van de gemeente.")
    report = complete_report(application)
    ReportPhoto.objects.create(report=report, image=photo(), alt_text="Bankje")
    return application


def _snapshot(application):
    application.refresh_from_db()
    return (
        application.state,
        application.title,
        application.updated_at,
        application.messages.count(),
        application.attachments.count(),
        application.log_entries.count(),
        Report.objects.filter(application=application).values_list("story", flat=True).first(),
    )


def _requests(application):
    ref = application.reference
    attachment = application.attachments.first()
    photo_obj = ReportPhoto.objects.get(report__application=application)
    data = application_data(application.scheme, application.village, application.category)
    return [
        ("get", reverse("grants:application_detail", args=[ref]), None),
        ("get", reverse("grants:application_edit", args=[ref]), None),
        ("post", reverse("grants:application_edit", args=[ref]), {**data, "title": "Gekaapt"}),
        ("post", reverse("grants:application_submit", args=[ref]), {}),
        ("get", reverse("grants:application_withdraw", args=[ref]), None),
        ("post", reverse("grants:application_withdraw", args=[ref]), {"note": "weg"}),
        ("post", reverse("grants:application_message", args=[ref]), {"message-body": "Hallo"}),
        ("get", reverse("grants:application_report", args=[ref]), None),
        (
            "post",
            reverse("grants:application_report", args=[ref]),
            {"story": "Gekaapt", "action": "submit"},
        ),
        ("get", reverse("grants:attachment_download", args=[ref, attachment.pk]), None),
        ("get", reverse("grants:report_photo", args=[ref, photo_obj.pk]), None),
    ]


def _call(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("role", ["other_initiator", "editor"])
def test_guessing_another_reference_is_a_404_and_changes_nothing(client, victim, role):
    intruder = UserFactory() if role == "other_initiator" else EditorFactory()
    own = application_in_state("draft", owner=intruder)  # the intruder has one of their own
    client.force_login(intruder)
    before = _snapshot(victim)
    for method, url, data in _requests(victim):
        response = _call(client, method, url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Geheim plan van Bea" not in response.content.decode()
    assert _snapshot(victim) == before

    listing = client.get(reverse("grants:my_applications")).content.decode()
    assert victim.reference not in listing
    assert own.reference in listing


def test_a_reference_that_does_not_exist_looks_the_same(client, victim):
    client.force_login(UserFactory())
    guessed = client.get(reverse("grants:application_detail", args=[victim.reference]))
    missing = client.get(reverse("grants:application_detail", args=["DI-2099-9999"]))
    assert guessed.status_code == missing.status_code == 404


def test_file_ids_of_another_application_are_not_reachable_through_ones_own(client, victim):
    intruder = UserFactory()
    own = application_in_state("approved", owner=intruder)
    client.force_login(intruder)
    attachment = victim.attachments.first()
    photo_obj = ReportPhoto.objects.get(report__application=victim)
    assert (
        client.get(
            reverse("grants:attachment_download", args=[own.reference, attachment.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("grants:report_photo", args=[own.reference, photo_obj.pk])).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(client, victim):
    for method, url, data in _requests(victim):
        response = _call(client, method, url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    response = client.get(reverse("grants:my_applications"))
    assert response["Location"].startswith(reverse("account_login"))
    response = client.get(reverse("grants:application_create"))
    assert response["Location"].startswith(reverse("account_login"))


def test_an_official_may_read_but_not_act_on_the_public_site(client, victim):
    client.force_login(OfficialFactory())
    assert (
        client.get(reverse("grants:application_detail", args=[victim.reference])).status_code == 200
    )
    attachment = victim.attachments.first()
    assert (
        client.get(
            reverse("grants:attachment_download", args=[victim.reference, attachment.pk])
        ).status_code
        == 200
    )
    before = _snapshot(victim)
    # Everything but reading (the detail page and the files) is the initiator's own business.
    for method, url, data in _requests(victim)[1:9]:
        assert _call(client, method, url, data).status_code == 404, url
    assert _snapshot(victim) == before
    # Not in their own "Mijn aanvragen" either.
    assert victim.reference not in client.get(reverse("grants:my_applications")).content.decode()


def test_internal_notes_never_reach_the_initiator(client):
    application = application_in_state("submitted")
    official = OfficialFactory()
    workflow.perform(
        application, "start_dialogue", official, note="Lijkt op aanvraag van vorig jaar."
    )
    # perform stores the note; mark a second one internal through the official's API.
    workflow.perform(
        application,
        "approve",
        official,
        note="Intern: budget bijna op.",
        note_is_internal=True,
        granted_amount="1000",
    )
    note = workflow.post_message(
        application, official, "Interne notitie: bellen.", is_internal=True
    )
    hidden_file = Attachment.objects.create(
        application=application,
        message=note,
        file=pdf("intern.pdf"),
        original_name="intern.pdf",
        size=10,
    )
    workflow.post_message(application, official, "Gefeliciteerd!")

    client.force_login(application.owner)
    html = client.get(reverse("grants:application_detail", args=[application.reference]))
    html = html.content.decode()
    assert "Gefeliciteerd!" in html
    assert "Interne notitie" not in html
    assert "Intern: budget bijna op." not in html
    assert "intern.pdf" not in html
    assert "Lijkt op aanvraag van vorig jaar." in html  # a public note is shown
    response = client.get(
        reverse("grants:attachment_download", args=[application.reference, hidden_file.pk])
    )
    assert response.status_code == 404
    assert Message.objects.filter(application=application).count() == 2
    application.refresh_from_db()
    assert application.state == State.APPROVED
