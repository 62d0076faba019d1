"""Small query helpers other apps (the home page) use. Replaced by the knowledge app."""


def upcoming_events(limit=3):
    return []


def latest_articles(limit=3):
    return []
