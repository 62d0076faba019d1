"""The report ("verantwoording"): saved bit by bit, with photos that need a description, actual
costs next to the budget, then submitted; reopened when the municipality asks for more."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from grants import workflow
from grants.models import Report, ReportPhoto, State
from tests.grants.factories import OfficialFactory, application_in_state
from tests.grants.initiator_support import management, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(client):
    application = application_in_state("approved")
    client.force_login(application.owner)
    return application


def _url(application):
    return reverse("grants:application_report", args=[application.reference])


def _data(application, action="save", photos=2, saved=0, **overrides):
    lines = list(application.budget_lines.order_by("sort_order", "pk"))
    data = {
        "story": "Twaalf bakken staan er, en elke zaterdag komen er tien mensen.",
        "people_reached": "120",
        "volunteers": "8",
        "volunteer_hours": "160",
        "lessons": "Begin vroeg met de planning.",
        "action": action,
        **management("actual", len(lines), initial=len(lines)),
        **management("saved_photos", saved, initial=saved),
        **management("photos", photos),
    }
    for index, line in enumerate(lines):
        data[f"actual-{index}-id"] = str(line.pk)
        data[f"actual-{index}-actual_amount"] = ""
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_report_form_shows_budget_next_to_actual(client, approved):
    html = client.get(_url(approved)).content.decode()
    assert "Verantwoording" in html
    assert "begroot € 1.500,00" in html
    assert "Werkelijk bedrag voor “Hout en aarde”" in html


def test_save_and_continue_later(client, approved):
    response = client.post(
        _url(approved),
        _data(approved, story="Half af", people_reached="", **{"actual-0-actual_amount": "1.450"}),
    )
    assert response.status_code == 302
    report = Report.objects.get(application=approved)
    assert report.story == "Half af"
    assert report.people_reached is None
    assert report.submitted_at is None
    approved.refresh_from_db()
    assert approved.state == State.APPROVED
    line = approved.budget_lines.order_by("sort_order").first()
    assert line.actual_amount == Decimal("1450")

    html = client.get(_url(approved)).content.decode()
    assert "Half af" in html and 'value="1450,00"' in html or 'value="1450.00"' in html


def test_incomplete_report_is_not_submitted(client, approved):
    response = client.post(
        _url(approved), _data(approved, action="submit", story="", people_reached="")
    )
    assert response["Location"] == _url(approved) + "?controle=1"
    html = client.get(response["Location"]).content.decode()
    assert "Uw verantwoording kan nog niet worden ingediend" in html
    assert "Vertel wat er is gebeurd." in html
    assert 'href="#id_people_reached"' in html
    approved.refresh_from_db()
    assert approved.state == State.APPROVED


def test_photo_needs_a_description_and_is_kept_meanwhile(client, approved):
    response = client.post(
        _url(approved), {**_data(approved), "photos-0-image": photo("zaterdag.jpg")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beschrijf kort wat er op de foto te zien is" in html
    assert 'href="#id_photos-0-alt_text"' in html
    assert "zaterdag.jpg" in html
    assert "niet opnieuw te kiezen" in html
    assert "Twaalf bakken staan er" in html  # the story is kept
    assert not ReportPhoto.objects.exists()
    token = html.split('name="photos-0-staged" value="', 1)[1].split('"', 1)[0]

    response = client.post(
        _url(approved),
        {**_data(approved), "photos-0-staged": token, "photos-0-alt_text": "Kinderen planten"},
    )
    assert response.status_code == 302
    saved = ReportPhoto.objects.get()
    assert saved.alt_text == "Kinderen planten"
    assert saved.image.read()[:3] == b"\xff\xd8\xff"

    html = client.get(_url(approved)).content.decode()
    photo_url = reverse("grants:report_photo", args=[approved.reference, saved.pk])
    assert f'src="{photo_url}" alt="Kinderen planten"' in html
    response = client.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("foto.jpg", b"dit is tekst"), "geen afbeelding die we kunnen openen"),
        (SimpleUploadedFile("foto.gif", b"GIF89a"), "JPG-, PNG- of WebP-formaat"),
    ],
)
def test_bad_photo_is_refused(client, approved, upload, message):
    response = client.post(
        _url(approved), {**_data(approved), "photos-0-image": upload, "photos-0-alt_text": "X"}
    )
    assert message in response.content.decode()
    assert not ReportPhoto.objects.exists()
    assert not Report.objects.exists()


def test_oversized_photo_is_refused(client, approved, monkeypatch):
    monkeypatch.setattr("grants.models.application.ATTACHMENT_MAX_BYTES", 100)
    response = client.post(
        _url(approved), {**_data(approved), "photos-0-image": photo(), "photos-0-alt_text": "X"}
    )
    assert "De foto is te groot" in response.content.decode()
    assert not ReportPhoto.objects.exists()


def test_negative_actual_amount(client, approved):
    response = client.post(_url(approved), _data(approved, **{"actual-0-actual_amount": "-5"}))
    html = response.content.decode()
    assert "Een bedrag kan niet negatief zijn." in html
    assert 'href="#id_actual-0-actual_amount"' in html
    assert "Twaalf bakken staan er" in html


def test_submit_report_with_photo(client, approved, django_capture_on_commit_callbacks):
    data = {
        **_data(approved, action="submit"),
        "photos-0-image": photo("oogst.png", "PNG"),
        "photos-0-alt_text": "De eerste oogst",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(approved), data)
    assert response["Location"] == reverse("grants:application_detail", args=[approved.reference])
    approved.refresh_from_db()
    assert approved.state == State.REPORTED
    report = Report.objects.get(application=approved)
    assert report.submitted_at is not None
    assert report.people_reached == 120
    assert report.photos.get().alt_text == "De eerste oogst"
    assert approved.log_entries.last().transition == "submit_report"

    html = client.get(response["Location"]).content.decode()
    assert "Dank u wel! Uw verantwoording is ingediend." in html
    assert "De eerste oogst" in html
    # The form is closed while the municipality reads it.
    follow = client.get(_url(approved), follow=True).content.decode()
    assert "Uw verantwoording is ingediend." in follow


def test_form_reopens_when_the_municipality_asks_for_more(client, approved):
    client.post(_url(approved), _data(approved, action="submit"))
    approved.refresh_from_db()
    assert approved.state == State.REPORTED
    workflow.perform(
        approved, "request_report_changes", OfficialFactory(), note="Graag ook de bonnetjes."
    )
    html = client.get(_url(approved)).content.decode()
    assert "De gemeente vraagt om aanvulling" in html
    assert "Graag ook de bonnetjes." in html
    assert "Twaalf bakken staan er" in html
    listing = client.get(reverse("grants:my_applications")).content.decode()
    assert "Vul uw verantwoording aan" in listing

    client.post(_url(approved), _data(approved, action="submit", lessons="Bewaar de bonnetjes."))
    approved.refresh_from_db()
    assert approved.state == State.REPORTED


def test_report_before_approval_is_not_available(client):
    application = application_in_state("submitted")
    client.force_login(application.owner)
    response = client.get(_url(application), follow=True)
    assert "zodra uw aanvraag is toegekend" in response.content.decode()
    assert not Report.objects.exists()
