"""Articles and events are findable by their text and their topics (search_fields)."""

import pytest

from knowledge.models import ArticlePage, EventPage

from .factories import ArticlePageFactory, EventPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_articles_are_found_by_body_and_topic(knowledge_index):
    topic = TopicFactory(name="Kernendemocratie", slug="kernendemocratie")
    article = ArticlePageFactory(
        parent=knowledge_index,
        title="Invloed voor de dorpen",
        intro="Over dorpsraden.",
        body=[("paragraph", "<p>Een dorpsbudget waarover het dorp zelf beslist.</p>")],
        topics=[topic],
    )
    ArticlePageFactory(parent=knowledge_index, title="Iets anders", intro="Over zonnepanelen.")
    # Publishing as an editor does (the page is saved again once its topics are stored).
    article.save_revision().publish()

    assert list(ArticlePage.objects.live().search("dorpsbudget")) == [article]
    assert list(ArticlePage.objects.live().search("Kernendemocratie")) == [article]


def test_events_are_found_by_chair_and_location(event_index):
    event = EventPageFactory(
        parent=event_index, location_name="Kasteel Helmond", chair="Elisabeth van den Hoogen"
    )
    EventPageFactory(parent=event_index, location_name="Gemeentehuis Haarlem", chair="Hans")

    assert list(EventPage.objects.live().search("Helmond")) == [event]
    assert list(EventPage.objects.live().search("Hoogen")) == [event]
