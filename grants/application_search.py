"""Searching applications, for whoever may see them.

``search_applications(user, query, queryset=None)`` is the one entry point: the officials' admin
search area (``search.admin_views``), the grants admin listing and the export use it, and so may the initiators' own overview. It
narrows to ``Application.objects.visible_to(user)`` *before* searching (``owner`` is an indexed
FilterField), so an initiator can only ever find, and count, their own applications; anonymous
visitors and editors without the officials' permission find nothing."""

import re

from wagtail.search.backends import get_search_backend

from core.dutch import clean_query

from .models import Application

# A whole reference number typed as such: "DI-2026-0042", "di 2026 42".
REFERENCE_RE = re.compile(r"^\s*DI[\s-]*(\d{4})[\s-]*(\d{1,6})\s*$", re.IGNORECASE)
# Part of one, as officials type it in the listing: "0042", "2026-004", "DI-2026".
PARTIAL_REFERENCE_RE = re.compile(r"^\s*(DI-?)?[0-9-]+\s*$|^\s*DI-", re.IGNORECASE)


def visible_applications(user, queryset=None):
    base = queryset if queryset is not None else Application.objects.all()
    return base.visible_to(user)


def search_applications(user, query, queryset=None, backend="default", order_by_relevance=True):
    """Applications visible to ``user`` that match ``query``, best match first.

    Officials find applications by reference number, title, summary, plan text, village,
    organisation and contact name. A full reference number ("DI-2026-0042") finds exactly that
    application, part of one ("2026-004") the applications whose number contains it. An empty
    query returns the visible applications unsearched. ``order_by_relevance=False`` keeps the
    queryset's own order (a listing sorted by a column). Returns a sliceable result with
    ``count()`` (a search result or a queryset)."""
    visible = visible_applications(user, queryset)
    if not (user and user.is_authenticated):
        return visible.none()
    reference = REFERENCE_RE.match(query or "")
    if reference:
        year, number = reference.groups()
        return visible.filter(reference__iexact=f"DI-{year}-{int(number):04d}")
    if PARTIAL_REFERENCE_RE.match(query or ""):
        return visible.filter(reference__icontains=query.strip())
    cleaned = clean_query(query)
    if not cleaned:
        return visible
    # ApplicationQuerySet is not a SearchableQuerySet: ask the backend directly.
    return get_search_backend(backend).search(
        cleaned, visible, operator="and", order_by_relevance=order_by_relevance
    )
