"""Small query helpers other apps (the home page) use.

Each returns a list of specific, live, public pages with what a listing card needs already
fetched, in a fixed number of queries whatever the amount of content. Render them with
``knowledge/includes/event_card.html`` and ``knowledge/includes/article_card.html``."""

from django.utils import timezone

from .models import ArticlePage, EventPage


def upcoming_events(limit=3):
    """The next ``limit`` events that have not ended yet, soonest first."""
    return list(EventPage.objects.live().public().upcoming(timezone.now()).for_listing()[:limit])


def latest_articles(limit=3):
    """The ``limit`` most recent knowledge-bank articles, newest first."""
    return list(ArticlePage.objects.live().public().for_listing()[:limit])
