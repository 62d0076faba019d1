"""The home page costs the same number of queries however much content there is."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.knowledge.factories import (
    ArticlePageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    KnowledgeIndexPageFactory,
    TopicFactory,
)

from .factories import NewsIndexPageFactory, NewsPageFactory, PrinciplePageFactory

pytestmark = pytest.mark.django_db

# A ceiling, so a slow creep shows up too: the page, site, settings, menu, footer, principles,
# events, articles with their topics and images, news with their image renditions, and the
# "see all" links.
MAX_HOME_QUERIES = 30
# The news section (Actueel): one query for the items with their images, one more for the
# images' renditions when an item has an image.
NEWS_QUERIES_WITHOUT_IMAGES = 1
NEWS_QUERIES_WITH_IMAGES = 2


def _queries_for_home(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_home_page_query_count_stays_constant_as_content_grows(client, principle_index):
    topic = TopicFactory(name="Eigenaarschap", slug="eigenaarschap")
    knowledge = KnowledgeIndexPageFactory(parent=principle_index.get_parent(), slug="kennisbank")
    events = EventIndexPageFactory(parent=principle_index.get_parent(), slug="agenda")
    news = NewsIndexPageFactory(parent=principle_index.get_parent())
    PrinciplePageFactory(parent=principle_index, title="Nieuwe manieren van samenwerken")
    ArticlePageFactory(parent=knowledge, topics=[topic])
    EventPageFactory(parent=events, topics=[topic])
    NewsPageFactory(parent=news, image=ImageFactory())
    client.get("/")  # warm Wagtail's cached site root paths and make the image's rendition
    few, _ = _queries_for_home(client)

    for n in range(7):
        PrinciplePageFactory(parent=principle_index, title=f"Principe {n}")
    more_topics = [TopicFactory(name=f"Thema {n}", slug=f"thema-{n}") for n in range(4)]
    for _ in range(6):
        ArticlePageFactory(parent=knowledge, topics=more_topics)
        EventPageFactory(parent=events, topics=more_topics)
        NewsPageFactory(parent=news, image=ImageFactory())
    client.get("/")  # the new images' renditions are made once, on the first view
    many, html = _queries_for_home(client)

    assert "Principe 6" in html
    # Three events, three articles and three news items.
    assert html.count('<article class="kb-card') == 9
    assert html.count('<article class="kb-card news-card">') == 3
    assert many == few
    assert many <= MAX_HOME_QUERIES


def _news_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    return (
        len(sql),
        [q for q in sql if '"home_newspage"' in q],
        [q for q in sql if '"wagtailimages_rendition"' in q],
        response.content.decode(),
    )


def test_the_news_section_costs_one_query_and_one_more_for_images(client, principle_index):
    home = principle_index.get_parent()
    client.get("/")
    without_news, news_sql, _, _ = _news_queries(client)
    assert len(news_sql) == NEWS_QUERIES_WITHOUT_IMAGES  # asked, found nothing

    news = NewsIndexPageFactory(parent=home)
    for _ in range(5):
        NewsPageFactory(parent=news)
    client.get("/")
    text_only, news_sql, rendition_sql, html = _news_queries(client)
    assert html.count('<article class="kb-card news-card">') == 3
    assert len(news_sql) == NEWS_QUERIES_WITHOUT_IMAGES
    assert rendition_sql == []
    assert text_only == without_news

    for _ in range(3):
        NewsPageFactory(parent=news, image=ImageFactory())
    client.get("/")  # makes the renditions, once
    with_images, news_sql, rendition_sql, html = _news_queries(client)
    assert html.count('<img class="kb-card__image"') == 3
    assert len(news_sql) + len(rendition_sql) == NEWS_QUERIES_WITH_IMAGES
    assert with_images == without_news + NEWS_QUERIES_WITH_IMAGES - NEWS_QUERIES_WITHOUT_IMAGES
