"""The events index: upcoming soonest first, past most recent first and paginated."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from knowledge.models import EventPage, RegistrationMethod

from .factories import EventPageFactory

pytestmark = pytest.mark.django_db


def _section_titles(html, section):
    start = html.index(f"kb-events--{section}")
    end = html.find("</section>", start)
    return re.findall(r'<h3 class="kb-card__title"><a href="[^"]+">([^<]+)</a>', html[start:end])


def _event(index, title, days, **kwargs):
    return EventPageFactory(
        parent=index,
        title=title,
        date=timezone.localdate() + datetime.timedelta(days=days),
        registration_method=RegistrationMethod.NONE,
        **kwargs,
    )


def test_index_splits_upcoming_ascending_and_past_descending(client, event_index):
    _event(event_index, "Over een maand", 30)
    _event(event_index, "Volgende week", 7)
    _event(event_index, "Vorige week", -7)
    _event(event_index, "Vorig jaar", -365)
    _event(event_index, "Vorige maand", -30)

    html = client.get(event_index.url).text

    assert _section_titles(html, "upcoming") == ["Volgende week", "Over een maand"]
    assert _section_titles(html, "past") == ["Vorige week", "Vorige maand", "Vorig jaar"]


def test_event_card_shows_date_time_place_and_chair(client, event_index):
    event = _event(event_index, "Onze omgevingswet", 7, location_name="Gemeentehuis Haarlem")

    html = client.get(event_index.url).text

    assert f'<time datetime="{event.date.isoformat()}T15:00">' in html
    assert "Gemeentehuis Haarlem" in html
    assert "Jelleke de Nooy van Tol" in html


def test_upcoming_and_past_turn_at_the_end_of_the_event(event_index):
    # Querysets take "now" explicitly, so the boundary can be tested without a clock.
    event = EventPageFactory(
        parent=event_index,
        date=datetime.date(2030, 4, 9),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(17, 0),
    )
    during = timezone.make_aware(datetime.datetime(2030, 4, 9, 16, 0))
    after = timezone.make_aware(datetime.datetime(2030, 4, 9, 17, 0))

    assert list(EventPage.objects.upcoming(during)) == [event]
    assert list(EventPage.objects.past(during)) == []
    assert list(EventPage.objects.upcoming(after)) == []
    assert list(EventPage.objects.past(after)) == [event]
    # Registration closes at the start, not at the end.
    assert event.registration_state(during) == "voorbij"
    assert event.registration_state(during - datetime.timedelta(hours=2)) == "open"


def test_past_events_are_paginated_and_upcoming_shown_on_the_first_page(client, event_index):
    _event(event_index, "Binnenkort", 3)
    for n in range(1, 13):
        _event(event_index, f"Geweest {n:02d}", -n)

    first = client.get(event_index.url).text
    second = client.get(event_index.url, {"pagina": 2}).text

    assert len(_section_titles(first, "past")) == 10
    assert _section_titles(second, "past") == ["Geweest 11", "Geweest 12"]
    assert "Binnenkort" in first
    assert "Binnenkort" not in second
    assert 'aria-label="Paginering van de afgelopen bijeenkomsten"' in first
    assert 'aria-current="page"' in second


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_query_count_stays_constant_as_events_grow(
    client, event_index, topics, django_assert_num_queries
):
    for n in range(2):
        _event(event_index, f"Straks {n}", n + 1, topics=list(topics.values()))
        _event(event_index, f"Geweest {n}", -n - 1, topics=list(topics.values()))
    few = _queries(client, event_index.url)

    for n in range(2, 20):
        _event(event_index, f"Straks {n}", n + 1, topics=list(topics.values()))
        _event(event_index, f"Geweest {n}", -n - 1, topics=list(topics.values()))
    client.get(event_index.url)
    with django_assert_num_queries(few):
        client.get(event_index.url)
