"""Pagination shared by the knowledge bank and the events index: one query parameter, ``pagina``."""

from django.core.paginator import Paginator

PAGE_PARAM = "pagina"


def paginate(request, queryset, per_page):
    """Return ``(page_obj, page_range)`` for the requested page.

    A missing, non-numeric or too large page number falls back to the first or last page
    instead of an error. ``page_range`` is the elided range (1 … 4 5 6 … 20) for the template.
    """
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get(PAGE_PARAM))
    page_range = list(paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1))
    return page_obj, page_range
