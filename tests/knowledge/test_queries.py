"""The helpers the home page uses: the right items, in a fixed number of queries."""

import datetime

from django.utils import timezone

import pytest

from knowledge.queries import latest_articles, upcoming_events

from .factories import ArticlePageFactory, EventPageFactory, ImageFactory

pytestmark = pytest.mark.django_db


def test_upcoming_events_are_the_next_live_ones_soonest_first(event_index):
    today = timezone.localdate()
    later = EventPageFactory(
        parent=event_index, title="Later", date=today + datetime.timedelta(days=20)
    )
    soon = EventPageFactory(
        parent=event_index, title="Gauw", date=today + datetime.timedelta(days=2)
    )
    EventPageFactory(parent=event_index, title="Geweest", date=today - datetime.timedelta(days=2))
    EventPageFactory(
        parent=event_index, title="Concept", live=False, date=today + datetime.timedelta(days=1)
    )
    EventPageFactory(
        parent=event_index, title="Veel later", date=today + datetime.timedelta(days=90)
    )

    assert upcoming_events(limit=2) == [soon, later]
    assert [e.title for e in upcoming_events()] == ["Gauw", "Later", "Veel later"]


def test_latest_articles_are_the_newest_live_ones(knowledge_index):
    for day in range(1, 6):
        ArticlePageFactory(
            parent=knowledge_index, title=f"Dag {day}", date=datetime.date(2026, 1, day)
        )
    ArticlePageFactory(
        parent=knowledge_index, title="Concept", live=False, date=datetime.date(2026, 2, 1)
    )

    assert [a.title for a in latest_articles()] == ["Dag 5", "Dag 4", "Dag 3"]
    assert [a.title for a in latest_articles(limit=1)] == ["Dag 5"]


def test_helpers_use_a_fixed_number_of_queries(
    knowledge_index, event_index, topics, django_assert_max_num_queries
):
    today = timezone.localdate()
    for n in range(10):
        ArticlePageFactory(
            parent=knowledge_index,
            listing_image=ImageFactory(file__width=64, file__height=40),
            listing_image_alt="Dorp",
            topics=list(topics.values()),
        )
        EventPageFactory(
            parent=event_index,
            date=today + datetime.timedelta(days=n + 1),
            topics=list(topics.values()),
        )

    # public() (view restrictions), the pages, and one per prefetch (topics, images, renditions).
    with django_assert_max_num_queries(5):
        articles = latest_articles(limit=10)
        for article in articles:
            list(article.topics.all())
            article.listing_image_alt_text  # noqa: B018
    with django_assert_max_num_queries(3):
        events = upcoming_events(limit=10)
        for event in events:
            list(event.topics.all())
    assert len(articles) == 10
    assert len(events) == 10
