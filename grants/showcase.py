"""Queries for the public project showcase, for other apps (the home page, search).

Everything here starts from ``Application.objects.public()``: committed applications whose
initiator agreed to be shown. The project page itself lives on ``ProjectShowcasePage``."""

from django.db.models import Case, IntegerField, Value, When

from .models.pages import STORY_STATES, ProjectShowcasePage


def showcase_page():
    """The live, publicly visible showcase page, or None when editors have not placed one."""
    return ProjectShowcasePage.objects.live().public().order_by("path").first()


def project_url(application, page=None):
    """The public URL of ``application``'s project story, or None when it is not public."""
    page = page or showcase_page()
    if page is None or not page.url:
        return None
    if not ProjectShowcasePage.projects().filter(pk=application.pk).exists():
        return None
    return page.project_url(application)


def featured_projects(limit=3):
    """Up to ``limit`` public projects for the home page, those with a story first.

    Each item is an ``Application`` with ``village``, ``category``, ``title``, ``summary`` and
    ``granted_amount``, plus ``showcase_url`` (its project page) and ``public_photos`` (a list of
    ``(ReportPhoto, url)``, empty until the initiator has reported). Three queries, whatever
    ``limit`` is; an empty list when there is no showcase page to link to."""
    page = showcase_page()
    if page is None or not page.url:
        return []
    projects = (
        ProjectShowcasePage.projects()
        .annotate(
            has_story=Case(
                When(state__in=STORY_STATES, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-has_story", "-decided_at", "-pk")[:limit]
    )
    base_url = page.url
    return [page.decorate(project, base_url) for project in projects]
