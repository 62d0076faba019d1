"""The knowledge bank: newest first, filtered by topic and kind, paginated, constant queries."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from knowledge.models import ArticleKind

from .factories import ArticlePageFactory, ImageFactory

pytestmark = pytest.mark.django_db


def _titles(response):
    return re.findall(r'<h3 class="kb-card__title"><a href="[^"]+">([^<]+)</a>', response.text)


def test_articles_are_listed_newest_first(client, knowledge_index):
    ArticlePageFactory(parent=knowledge_index, title="Oud", date=datetime.date(2025, 1, 1))
    ArticlePageFactory(parent=knowledge_index, title="Nieuw", date=datetime.date(2026, 6, 1))
    ArticlePageFactory(parent=knowledge_index, title="Midden", date=datetime.date(2025, 9, 1))

    assert _titles(client.get(knowledge_index.url)) == ["Nieuw", "Midden", "Oud"]


def test_unpublished_articles_are_not_listed(client, knowledge_index):
    ArticlePageFactory(parent=knowledge_index, title="Gepubliceerd")
    ArticlePageFactory(parent=knowledge_index, title="Concept", live=False)

    assert _titles(client.get(knowledge_index.url)) == ["Gepubliceerd"]


def test_filter_by_topic(client, knowledge_index, topics):
    ArticlePageFactory(
        parent=knowledge_index, title="Over de coöperatie", topics=[topics["energietransitie"]]
    )
    ArticlePageFactory(
        parent=knowledge_index, title="Over het dorpshuis", topics=[topics["eigenaarschap"]]
    )
    ArticlePageFactory(
        parent=knowledge_index,
        title="Over beide",
        topics=[topics["eigenaarschap"], topics["energietransitie"]],
    )

    response = client.get(knowledge_index.url, {"onderwerp": "energietransitie"})

    assert sorted(_titles(response)) == ["Over beide", "Over de coöperatie"]
    assert "Artikelen over Energietransitie" in response.text
    assert '<option value="energietransitie" selected>Energietransitie</option>' in response.text
    assert "2 artikelen gevonden" in response.text
    assert "Alle artikelen tonen" in response.text


def test_unknown_topic_shows_everything(client, knowledge_index, topics):
    ArticlePageFactory(parent=knowledge_index, title="Een", topics=[topics["eigenaarschap"]])
    ArticlePageFactory(parent=knowledge_index, title="Twee")

    response = client.get(knowledge_index.url, {"onderwerp": "bestaat-niet"})

    assert response.status_code == 200
    assert sorted(_titles(response)) == ["Een", "Twee"]


def test_filter_by_kind_and_topic_together(client, knowledge_index, topics):
    ArticlePageFactory(
        parent=knowledge_index,
        title="Toolkit energie",
        kind=ArticleKind.TOOLKIT,
        topics=[topics["energietransitie"]],
    )
    ArticlePageFactory(
        parent=knowledge_index,
        title="Artikel energie",
        kind=ArticleKind.ARTICLE,
        topics=[topics["energietransitie"]],
    )
    ArticlePageFactory(
        parent=knowledge_index,
        title="Toolkit omgevingswet",
        kind=ArticleKind.TOOLKIT,
        topics=[topics["omgevingswet"]],
    )

    response = client.get(
        knowledge_index.url, {"onderwerp": "energietransitie", "soort": "toolkit"}
    )

    assert _titles(response) == ["Toolkit energie"]


def test_empty_filter_result_says_so(client, knowledge_index, topics):
    ArticlePageFactory(parent=knowledge_index, topics=[topics["eigenaarschap"]])

    response = client.get(knowledge_index.url, {"onderwerp": "omgevingswet"})

    assert _titles(response) == []
    assert "Er zijn (nog) geen artikelen die bij uw keuze passen." in response.text


def test_paginates_twelve_per_page_and_keeps_the_filter(client, knowledge_index, topics):
    for day in range(14):
        ArticlePageFactory(
            parent=knowledge_index,
            title=f"Artikel {day:02d}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day),
            topics=[topics["eigenaarschap"]],
        )

    first = client.get(knowledge_index.url, {"onderwerp": "eigenaarschap"})
    second = client.get(knowledge_index.url, {"onderwerp": "eigenaarschap", "pagina": "2"})

    assert len(_titles(first)) == 12
    assert _titles(second) == ["Artikel 01", "Artikel 00"]
    assert '<nav class="kb-pagination" aria-label="Paginering van de artikelen">' in first.text
    assert 'href="?onderwerp=eigenaarschap&amp;pagina=2"' in first.text
    assert 'aria-current="page"' in second.text
    assert "Pagina 2 van 2" in second.text
    assert 'rel="prev"' in second.text


def test_page_number_out_of_range_or_nonsense_does_not_break(client, knowledge_index):
    for day in range(13):
        ArticlePageFactory(parent=knowledge_index, date=datetime.date(2026, 1, 1 + day))

    assert len(_titles(client.get(knowledge_index.url, {"pagina": "99"}))) == 1
    assert len(_titles(client.get(knowledge_index.url, {"pagina": "abc"}))) == 12


def _add_articles(index, topics, count, start=0):
    for n in range(start, start + count):
        ArticlePageFactory(
            parent=index,
            title=f"Artikel {n}",
            listing_image=ImageFactory(file__width=64, file__height=40),
            listing_image_alt="Dorpsplein",
            topics=list(topics.values()),
        )


def _queries(client, url, **params):
    client.get(url, params)  # warm up: renditions and site root paths exist afterwards
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_query_count_stays_constant_as_the_knowledge_bank_grows(
    client, knowledge_index, topics, django_assert_num_queries
):
    _add_articles(knowledge_index, topics, 3)
    few = _queries(client, knowledge_index.url)
    few_filtered = _queries(client, knowledge_index.url, onderwerp="eigenaarschap")

    _add_articles(knowledge_index, topics, 27, start=3)
    for params, expected in [
        ({}, few),
        ({"onderwerp": "eigenaarschap"}, few_filtered),
        ({"pagina": "3"}, few),
    ]:
        client.get(knowledge_index.url, params)  # warm up: renditions of the new images
        with django_assert_num_queries(expected):
            response = client.get(knowledge_index.url, params)
        assert response.status_code == 200
