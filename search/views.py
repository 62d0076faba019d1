from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from core.dutch import clean_query, query_terms

from .backends import SEARCH_ENGINE_ERRORS
from .public import PER_PAGE, PublicSearch

MAX_SUGGESTIONS = 8


def _url(query, type_key="", page=None):
    params = {"q": query}
    if type_key:
        params["type"] = type_key
    if page and page > 1:
        params["pagina"] = page
    return "?" + urlencode(params)


def search(request):
    """The public search page: one box, every public page type and the project showcase."""
    raw_query = request.GET.get("q", "")
    type_key = request.GET.get("type", "")
    outcome = PublicSearch(request).run(raw_query, type_key, request.GET.get("pagina", 1))
    query = outcome.query
    context = {
        "query": query,
        "outcome": outcome,
        "searched": bool(raw_query.strip()),
        "all_types_url": _url(query),
        "facet_links": [(facet, _url(query, facet.key)) for facet in outcome.facets],
        "term_links": [(term, _url(term)) for term in outcome.terms]
        if len(outcome.terms) > 1
        else [],
        "previous_url": _url(query, outcome.type_key, outcome.page_number - 1)
        if outcome.has_previous
        else None,
        "next_url": _url(query, outcome.type_key, outcome.page_number + 1)
        if outcome.has_next
        else None,
        "first_rank": (outcome.page_number - 1) * PER_PAGE + 1,
        "active_type_label": next((f.label for f in outcome.facets if f.active), ""),
    }
    return render(request, "search/search.html", context)


@cache_control(public=True, max_age=60)
def suggest(request):
    """Titles of public pages for the query typed so far (JSON), for the search box's datalist.
    Optional: the search page works without it (and without JavaScript)."""
    query = clean_query(request.GET.get("q", ""))
    if len(query) < 3 or not query_terms(query):
        return JsonResponse({"suggestions": []})
    try:
        hits, _count = PublicSearch(request)._search_pages(query, None, MAX_SUGGESTIONS, "default")
    except SEARCH_ENGINE_ERRORS:
        return JsonResponse({"suggestions": []})
    titles = list(dict.fromkeys(hit.title for hit in hits))
    return JsonResponse({"suggestions": titles})
