"""The initiator answers in the dialogue, with files; bad input keeps the typed text and the
chosen files."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from grants import workflow
from grants.models import Attachment, Message
from grants.storage import private_storage
from tests.grants.factories import OfficialFactory, application_in_state
from tests.grants.initiator_support import EXE_BYTES, PDF_BYTES, pdf
from tests.storage_support import files_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(client):
    application = application_in_state("in_dialogue")
    workflow.post_message(application, OfficialFactory(), "Kunt u een offerte sturen?")
    client.force_login(application.owner)
    return application


def _url(application):
    return reverse("grants:application_message", args=[application.reference])


def test_reply_with_a_file(client, conversation, django_capture_on_commit_callbacks):
    detail = client.get(reverse("grants:application_detail", args=[conversation.reference]))
    html = detail.content.decode()
    assert "Kunt u een offerte sturen?" in html
    assert "De gemeente" in html

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(conversation),
            {"message-body": "Zeker, hierbij.", "message-files": [pdf("offerte-hout.pdf")]},
        )
    assert response.status_code == 302
    assert response["Location"].endswith("#gesprek")
    message = Message.objects.filter(application=conversation).last()
    assert (message.body, message.author, message.is_internal) == (
        "Zeker, hierbij.",
        conversation.owner,
        False,
    )
    attachment = Attachment.objects.get(message=message)
    assert attachment.original_name == "offerte-hout.pdf"
    assert len(mail.outbox) >= 1  # the municipality hears of it

    html = client.get(response["Location"]).content.decode()
    assert "Uw bericht is verstuurd." in html
    assert "Zeker, hierbij." in html
    assert (
        reverse("grants:attachment_download", args=[conversation.reference, attachment.pk]) in html
    )


def test_empty_reply_is_refused(client, conversation):
    response = client.post(_url(conversation), {"message-body": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf een bericht." in html
    assert 'href="#id_message-body"' in html
    assert Message.objects.filter(application=conversation).count() == 1


def test_wrong_file_keeps_the_text(client, conversation):
    upload = SimpleUploadedFile("offerte.pdf", EXE_BYTES)
    response = client.post(
        _url(conversation), {"message-body": "Mijn lange antwoord.", "message-files": [upload]}
    )
    html = response.content.decode()
    assert "De inhoud van het bestand past niet bij de extensie .pdf." in html
    assert "Mijn lange antwoord." in html
    assert Message.objects.filter(application=conversation).count() == 1


def test_script_in_a_message_is_escaped(client, conversation):
    client.post(_url(conversation), {"message-body": "<script>alert(1)</script>"})
    html = client.get(reverse("grants:application_detail", args=[conversation.reference]))
    html = html.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_reply_form_on_a_draft(client):
    application = application_in_state("draft")
    client.force_login(application.owner)
    html = client.get(reverse("grants:application_detail", args=[application.reference]))
    assert "Bericht sturen" not in html.content.decode()
    response = client.post(_url(application), {"message-body": "Hallo?"}, follow=True)
    assert "kunt u geen bericht sturen" in response.content.decode()
    assert not Message.objects.exists()


# --- files survive a mistake elsewhere in the message --------------------------------------


def _kept_tokens(html):
    return re.findall(r'name="message-staged" value="([^"]+)"', html)


def _staging_files(settings):
    return files_in(private_storage(), "staging")


def test_files_are_kept_when_the_text_is_missing(client, conversation, settings):
    response = client.post(
        _url(conversation), {"message-body": "", "message-files": [pdf("offerte-hout.pdf")]}
    )
    html = response.content.decode()
    assert "Schrijf een bericht." in html
    assert "Bewaarde bestanden" in html
    assert "offerte-hout.pdf" in html
    [token] = _kept_tokens(html)
    assert Message.objects.filter(application=conversation).count() == 1

    # The second try sends only the text: the file chosen the first time goes along.
    response = client.post(
        _url(conversation), {"message-body": "Hierbij.", "message-staged": token}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(message__body="Hierbij.")
    assert attachment.original_name == "offerte-hout.pdf"
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    assert _staging_files(settings) == []


def test_a_message_sent_at_once_keeps_nothing_aside(client, conversation, settings):
    response = client.post(
        _url(conversation), {"message-body": "Meteen goed.", "message-files": [pdf("plan.pdf")]}
    )
    assert response.status_code == 302
    assert Attachment.objects.get(message__body="Meteen goed.").original_name == "plan.pdf"
    assert _staging_files(settings) == []


def test_a_kept_file_can_be_dropped(client, conversation):
    response = client.post(
        _url(conversation),
        {"message-body": " ", "message-files": [pdf("wel.pdf"), pdf("niet.pdf")]},
    )
    html = response.content.decode()
    assert '<label for="id_message-discard-1">' in html
    wel, niet = _kept_tokens(html)
    response = client.post(
        _url(conversation),
        {"message-body": "Eén offerte.", "message-staged": [wel, niet], "message-discard": [niet]},
    )
    assert response.status_code == 302
    names = Attachment.objects.filter(message__body="Eén offerte.").values_list(
        "original_name", flat=True
    )
    assert list(names) == ["wel.pdf"]


def test_a_kept_file_counts_towards_the_limit(client, conversation):
    response = client.post(
        _url(conversation),
        {"message-body": "", "message-files": [pdf(f"{i}.pdf") for i in range(5)]},
    )
    tokens = _kept_tokens(response.content.decode())
    assert len(tokens) == 5
    response = client.post(
        _url(conversation),
        {"message-body": "Nog één", "message-staged": tokens, "message-files": [pdf("6.pdf")]},
    )
    html = response.content.decode()
    assert "U kunt hoogstens 5 bestanden tegelijk meesturen." in html
    assert len(_kept_tokens(html)) == 5  # the five already kept stay kept
    assert Message.objects.filter(application=conversation).count() == 1


def test_another_initiators_kept_file_cannot_be_claimed(client, conversation):
    response = client.post(
        _url(conversation), {"message-body": "", "message-files": [pdf("van-een-ander.pdf")]}
    )
    [token] = _kept_tokens(response.content.decode())

    other = application_in_state("in_dialogue")
    client.force_login(other.owner)
    response = client.post(_url(other), {"message-body": "Hallo", "message-staged": token})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een eerder gekozen bestand is niet meer beschikbaar; kies het opnieuw." in html
    assert "Hallo" in html  # the typed text is still there
    assert not Message.objects.filter(application=other).exists()
    assert not Attachment.objects.filter(original_name="van-een-ander.pdf").exists()
