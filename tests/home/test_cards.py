"""Cards without an image show no image box: the home page's event, article and project cards,
the knowledge bank's listing and the project showcase. With an image, the image is there."""

import re

import pytest

from grants.models import ProjectShowcasePage, State
from tests.grants.factories import OfficialFactory, application_in_state
from tests.grants.test_showcase import reported
from tests.knowledge.factories import (
    ArticlePageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    KnowledgeIndexPageFactory,
)

pytestmark = pytest.mark.django_db

IMAGE_BOX = re.compile(r'class="[^"]*(kb-card__image|project-card__photo)|<img|<picture|<figure')


def cards(html):
    """The HTML of each card on the page."""
    return re.findall(r'<article class="(?:kb-card|project-card)[^"]*">.*?</article>', html, re.S)


@pytest.fixture
def showcase(home_page):
    page = ProjectShowcasePage(title="Initiatieven", slug="initiatieven", intro="Wat er gebeurt.")
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def content_without_images(home_page, showcase):
    knowledge = KnowledgeIndexPageFactory(parent=home_page, slug="kennisbank")
    events = EventIndexPageFactory(parent=home_page, slug="agenda")
    ArticlePageFactory(parent=knowledge, title="Zonder plaatje", listing_image=None)
    EventPageFactory(parent=events, title="Dorpsavond")
    official = OfficialFactory()
    application_in_state(State.APPROVED, official_user=official, title="Nieuwe jeu-de-boulesbaan")
    # Reported: its story is public, but it has no photo.
    application_in_state(State.REPORTED, official_user=official, title="Moestuin")
    return knowledge


def test_home_page_cards_without_an_image_have_no_image_box(client, content_without_images):
    html = client.get("/").content.decode()
    found = cards(html)
    assert len(found) == 4  # one event, one article, two projects
    for card in found:
        assert not IMAGE_BOX.search(card), card


def test_listing_and_showcase_cards_without_an_image_have_no_image_box(
    client, content_without_images, showcase
):
    for url in (content_without_images.url, showcase.url):
        found = cards(client.get(url).content.decode())
        assert found, url
        for card in found:
            assert not IMAGE_BOX.search(card), (url, card)


def test_a_card_with_an_image_shows_it_with_its_text_alternative(client, home_page, showcase):
    knowledge = KnowledgeIndexPageFactory(parent=home_page, slug="kennisbank")
    ArticlePageFactory(
        parent=knowledge,
        title="Met plaatje",
        listing_image=ImageFactory(),
        listing_image_alt="Bewoners aan lange tafels op het dorpsplein",
    )
    reported(OfficialFactory(), title="Moestuin")  # reported, with one photo

    found = cards(client.get("/").content.decode())
    article = next(card for card in found if "Met plaatje" in card)
    project = next(card for card in found if "Moestuin" in card)
    assert 'class="kb-card__image"' in article
    assert 'alt="Bewoners aan lange tafels op het dorpsplein"' in article
    assert 'class="project-card__photo"' in project
    assert 'alt="Bakken vol groente"' in project
