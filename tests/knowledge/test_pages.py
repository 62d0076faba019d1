"""Every page type of the knowledge app renders with what the editor filled in."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

import pytest

from knowledge.models import ArticleDocument, ArticleKind, RegistrationMethod

from .factories import (
    ArticlePageFactory,
    DocumentFactory,
    EventPageFactory,
    ImageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_knowledge_index_renders_title_and_intro(client, knowledge_index):
    response = client.get(knowledge_index.url)

    assert response.status_code == 200
    html = response.text
    assert "<h1>Kennisbank</h1>" in html
    assert "Artikelen, rapporten en toolkits over de kracht van dorpen." in html
    assert '<label for="kb-filter-onderwerp">Onderwerp</label>' in html
    assert "Er staan nog geen artikelen in de kennisbank." in html


def test_article_page_renders_all_its_fields(client, knowledge_index):
    topic = TopicFactory(name="Energietransitie", slug="energietransitie")
    document = DocumentFactory(title="Stappenplan energiecoöperatie")
    image = ImageFactory(title="dorp.jpg")
    video_url = "https://www.youtube.com/watch?v=abc123"
    Embed.objects.create(
        hash=get_embed_hash(video_url),
        url=video_url,
        type="video",
        html='<iframe title="Video over de coöperatie" src="https://example.org/v"></iframe>',
    )
    article = ArticlePageFactory(
        parent=knowledge_index,
        title="Zo start je een energiecoöperatie",
        kind=ArticleKind.TOOLKIT,
        date=datetime.date(2026, 3, 14),
        intro="Een stappenplan voor het hele dorp.",
        listing_image=image,
        listing_image_alt="Windmolens achter het dorpshuis",
        topics=[topic],
        body=[
            ("heading", {"text": "Stappenplan", "level": "h2"}),
            ("paragraph", "<p>Begin met vijf trekkers.</p>"),
            ("embed", video_url),
        ],
        source="Energie van het dorp",
        source_url="https://example.org/bron",
        related_documents=[ArticleDocument(document=document, title="Download het stappenplan")],
    )

    response = client.get(article.url)

    assert response.status_code == 200
    html = response.text
    assert "<h1>Zo start je een energiecoöperatie</h1>" in html
    assert "Toolkit" in html
    assert '<time datetime="2026-03-14">14 maart 2026</time>' in html
    assert "Een stappenplan voor het hele dorp." in html
    assert 'alt="Windmolens achter het dorpshuis"' in html
    assert f'href="{knowledge_index.url}?onderwerp=energietransitie">Energietransitie</a>' in html
    assert "Stappenplan</h2>" in html
    assert "Begin met vijf trekkers." in html
    assert 'title="Video over de coöperatie"' in html
    assert 'href="https://example.org/bron">Energie van het dorp</a>' in html
    assert f'href="{document.url}">Download het stappenplan</a>' in html


def test_article_image_needs_alt_text_unless_the_image_has_a_description(knowledge_index):
    undescribed = ImageFactory(description="")
    article = ArticlePageFactory.build(listing_image=undescribed, listing_image_alt="")
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "alternatieve tekst" in str(error.value.message_dict["listing_image_alt"])

    described = ImageFactory(description="Een dorpsplein met mensen aan lange tafels")
    article = ArticlePageFactory.build(listing_image=described, listing_image_alt="")
    article.clean()
    assert article.listing_image_alt_text == "Een dorpsplein met mensen aan lange tafels"


def test_event_index_renders_title_and_intro(client, event_index):
    response = client.get(event_index.url)

    assert response.status_code == 200
    assert "<h1>Transitiegesprekken</h1>" in response.text
    assert "Komende bijeenkomsten</h2>" in response.text
    assert "Er staan op dit moment geen bijeenkomsten gepland." in response.text


def test_event_page_renders_when_where_who_and_programme(client, event_index):
    topic = TopicFactory(name="Omgevingswet", slug="omgevingswet")
    date = timezone.localdate() + datetime.timedelta(days=10)
    event = EventPageFactory(
        parent=event_index,
        title="Onze omgevingswet",
        date=date,
        start_time=datetime.time(12, 30),
        end_time=datetime.time(17, 0),
        location_name="Gemeentehuis Haarlem",
        location_address="Grote Markt 2\nHaarlem",
        is_online=True,
        online_instructions="Je krijgt vooraf een link.",
        chair="Elisabeth van den Hoogen",
        intro="Participatie als kernbegrip.",
        topics=[topic],
        programme=[
            (
                "item",
                {
                    "time": datetime.time(12, 30),
                    "title": "Opening",
                    "speaker": "Wethouder",
                    "description": "Welkom in Haarlem.",
                },
            )
        ],
        body=[("paragraph", "<p>Nergens is de inbreng van bewoners zo nodig.</p>")],
    )

    response = client.get(event.url)

    assert response.status_code == 200
    html = response.text
    iso = date.isoformat()
    assert "<h1>Onze omgevingswet</h1>" in html
    assert f'<time datetime="{iso}T12:30">' in html
    assert f'<time datetime="{iso}T17:00">17:00</time>' in html
    assert "Gemeentehuis Haarlem<br>Grote Markt 2<br>Haarlem" in html
    assert "Online: Je krijgt vooraf een link." in html
    assert "Elisabeth van den Hoogen" in html
    assert "Omgevingswet" in html
    assert '<time class="kb-programme__time" datetime="12:30">12:30</time>' in html
    assert "Opening" in html
    assert "(Wethouder)" in html
    assert "Welkom in Haarlem." in html
    assert "Nergens is de inbreng van bewoners zo nodig." in html
    assert '<h2 id="kb-registration-title">Aanmelden</h2>' in html


def test_report_and_recording_appear_only_after_the_event(client, event_index):
    report = DocumentFactory(title="Verslag van de middag")
    upcoming = EventPageFactory(
        parent=event_index,
        report_document=report,
        recording_url="https://video.example.org/opname",
    )
    past = EventPageFactory(
        parent=event_index,
        date=timezone.localdate() - datetime.timedelta(days=3),
        registration_method=RegistrationMethod.NONE,
        report_document=report,
        recording_url="https://video.example.org/opname",
    )

    before = client.get(upcoming.url).text
    after = client.get(past.url).text

    assert "Terugblik" not in before
    assert "Lees het verslag" not in before
    assert "Terugblik</h2>" in after
    assert f'href="{report.url}">Lees het verslag' in after
    assert 'href="https://video.example.org/opname">Bekijk de opname</a>' in after
    assert "Deze bijeenkomst heeft al plaatsgevonden." in after


def test_event_needs_a_location_or_online_and_end_after_start():
    event = EventPageFactory.build(
        location_name="",
        is_online=False,
        start_time=datetime.time(17, 0),
        end_time=datetime.time(15, 0),
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "locatie" in str(error.value.message_dict["location_name"])
    assert "eindtijd" in str(error.value.message_dict["end_time"])
