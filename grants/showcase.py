"""Public project showcase queries. Replaced by the grants app."""


def featured_projects(limit=3):
    return []
