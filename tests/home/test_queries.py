"""The home page costs the same number of queries however much content there is."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.knowledge.factories import (
    ArticlePageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    KnowledgeIndexPageFactory,
    TopicFactory,
)

from .factories import PrinciplePageFactory

pytestmark = pytest.mark.django_db

# A ceiling, so a slow creep shows up too: the page, site, settings, menu, footer, principles,
# events, articles with their topics and images, and the "see all" links.
MAX_HOME_QUERIES = 30


def _queries_for_home(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_home_page_query_count_stays_constant_as_content_grows(client, principle_index):
    topic = TopicFactory(name="Eigenaarschap", slug="eigenaarschap")
    knowledge = KnowledgeIndexPageFactory(parent=principle_index.get_parent(), slug="kennisbank")
    events = EventIndexPageFactory(parent=principle_index.get_parent(), slug="agenda")
    PrinciplePageFactory(parent=principle_index, title="Nieuwe manieren van samenwerken")
    ArticlePageFactory(parent=knowledge, topics=[topic])
    EventPageFactory(parent=events, topics=[topic])
    client.get("/")  # warm Wagtail's cached site root paths
    few, _ = _queries_for_home(client)

    for n in range(7):
        PrinciplePageFactory(parent=principle_index, title=f"Principe {n}")
    more_topics = [TopicFactory(name=f"Thema {n}", slug=f"thema-{n}") for n in range(4)]
    for _ in range(6):
        ArticlePageFactory(parent=knowledge, topics=more_topics)
        EventPageFactory(parent=events, topics=more_topics)
    many, html = _queries_for_home(client)

    assert "Principe 6" in html
    assert html.count('<article class="kb-card') == 6  # three events and three articles
    assert many == few
    assert many <= MAX_HOME_QUERIES
