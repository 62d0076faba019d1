"""The demo content of the knowledge bank and events: real Dutch pages, safe to load twice."""

import io

from django.core.management.base import BaseCommand
from django.test import Client

from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

import pytest

from demo import knowledge as demo
from knowledge.models import ArticlePage, EventPage, RegistrationState, Topic


def _command():
    return BaseCommand(stdout=io.StringIO())


def _counts():
    return (
        Page.objects.count(),
        Topic.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
        FormSubmission.objects.count(),
    )


@pytest.mark.django_db
def test_demo_creates_the_knowledge_bank_and_events(site_root):
    command = _command()
    result = demo.load(command, site_root)

    assert result["knowledge_index"].get_parent().pk == site_root.pk
    assert ArticlePage.objects.child_of(result["knowledge_index"]).live().count() >= 8
    assert {t.name for t in Topic.objects.all()} >= {
        "Eigenaarschap",
        "Burgerkracht",
        "Omgevingswet",
        "Energietransitie",
        "Sociaal domein",
        "Leefbaarheid & veiligheid",
        "Kernendemocratie",
    }
    past = EventPage.objects.get(slug="lokale-gemeenschappen-als-motor-voor-transitie")
    assert past.report_document is not None
    assert past.report_document.file.read().startswith(b"%PDF-")
    assert past.recording_url
    assert len(past.programme) >= 5
    assert past.chair
    assert past.registration_state() == RegistrationState.PAST

    upcoming = EventPage.objects.upcoming().filter(registration_method="formulier")
    assert upcoming.exists()
    assert RegistrationState.OPEN in {event.registration_state() for event in upcoming}
    assert EventPage.objects.filter(slug__startswith="estafette-").count() == 5

    full = EventPage.objects.get(slug="samen-energie-opwekken")
    assert full.registration_state() == RegistrationState.FULL
    assert full.registrations().count() == full.capacity == 12
    assert [r.form_data["naam"] for r in full.waiting_list()] == [
        "Esther van Dijk",
        "Bram Schouten",
        "Lotte Brouwer",
    ]
    assert full.route_info
    open_event = EventPage.objects.get(slug="eigenaarschap-in-de-kernen")
    assert open_event.registration_state() == RegistrationState.OPEN
    assert open_event.route_info
    assert "Pagina aangemaakt: Kennisbank" in command.stdout._out.getvalue()


@pytest.mark.django_db
def test_demo_is_idempotent(site_root):
    demo.load(_command(), site_root)
    before = _counts()

    second = _command()
    demo.load(second, site_root)

    assert _counts() == before
    assert "aangemaakt" not in second.stdout._out.getvalue()
    assert "gemaakt" not in second.stdout._out.getvalue()


@pytest.mark.django_db
def test_demo_pages_render(site_root):
    result = demo.load(_command(), site_root)
    client = Client()
    pages = [result["knowledge_index"], result["event_index"]]
    pages += list(ArticlePage.objects.live())
    pages += list(EventPage.objects.live())
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    video = client.get(ArticlePage.objects.get(kind="video").url)
    assert b"youtube-nocookie.com/embed/" in video.content
    past = client.get(
        EventPage.objects.get(slug="lokale-gemeenschappen-als-motor-voor-transitie").url
    )
    assert "Lees het verslag" in past.text
    assert "Bekijk de opname" in past.text
