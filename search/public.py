"""The public site search: every live, public page and the public project showcase, ranked
together by relevance.

Privacy by construction: applications are searched only inside ``Application.objects.public()``
(filtered on indexed FilterFields before ``.search()``), only on the fields the showcase itself
shows (``PUBLIC_APPLICATION_FIELDS``), and every hit is checked once more against that public
text before it is shown or counted. A project whose contact name, organisation or plan matches
the query is not found through those words.

No model is hard-coded for pages: every page type is searched through ``Page`` and labelled with
its own verbose name."""

import logging
import math
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Site, get_page_models
from wagtail.search.backends import get_search_backend

from core.dutch import clean_query, query_terms
from grants.models import Application
from grants.showcase import showcase_page

from .backends import SEARCH_ENGINE_ERRORS
from .snippets import make_snippet, matches_every_term, plain_text

logger = logging.getLogger(__name__)

PER_PAGE = 10
# How deep the combined ranking goes; nobody pages past this.
MAX_RESULTS = 500
PROJECT_TYPE = "project"
#: What the showcase shows of an application, and so all a public search may match on.
PUBLIC_APPLICATION_FIELDS = ["title", "summary"]
FALLBACK_BACKEND = "modelsearch.backends.database.fallback"


@dataclass
class Hit:
    type_key: str
    type_label: str
    title: str
    url: str
    score: float = 0.0
    snippet: str = ""
    # The snippet's text and the URL, produced only for the hits shown.
    snippet_text: object = None
    url_factory: object = None


@dataclass
class TypeFacet:
    key: str
    label: str
    count: int
    active: bool = False


@dataclass
class Outcome:
    query: str
    terms: list
    type_key: str = ""
    hits: list = field(default_factory=list)
    total: int = 0
    page_number: int = 1
    num_pages: int = 0
    facets: list = field(default_factory=list)
    degraded: bool = False  # the search engine failed: simple title/summary matching instead
    failed: bool = False  # not even that worked

    @property
    def has_previous(self):
        return self.page_number > 1

    @property
    def has_next(self):
        return self.page_number < self.num_pages


def page_types():
    """{key: (model, label)} for every concrete page type except the tree root."""
    types = {}
    for model in get_page_models():
        if model is Page or model._meta.abstract:
            continue
        types[model._meta.model_name] = (model, capfirst(model._meta.verbose_name))
    return types


def _score(obj, backend):
    value = getattr(obj, "_score", None) or 0.0
    return value if getattr(backend, "higher_score_is_better", True) else -value


def _page_text(page):
    parts = [getattr(page, "search_description", "") or ""]
    for search_field in page.get_searchable_search_fields():
        if search_field.field_name == "title":
            continue
        try:
            value = search_field.get_value(page)
        except Exception:  # a broken field must not break the search page
            logger.exception("Cannot read %s of %r for a snippet", search_field.field_name, page)
            continue
        if isinstance(value, (list, tuple)):
            value = " ".join(str(v) for v in value)
        parts.append(plain_text(value))
    return " ".join(p for p in parts if p)


def _application_text(application):
    return " ".join(plain_text(getattr(application, name)) for name in PUBLIC_APPLICATION_FIELDS)


class PublicSearch:
    def __init__(self, request=None, backend="default"):
        self.request = request
        self.backend_name = backend
        self.types = page_types()

    # --- the two sources ----------------------------------------------------------------------

    def _pages(self, type_key=None):
        site = Site.find_for_request(self.request) if self.request else None
        pages = Page.objects.live().public()
        pages = pages.in_site(site) if site else pages.filter(depth__gt=1)
        if type_key:
            model = self.types[type_key][0]
            pages = pages.filter(content_type=ContentType.objects.get_for_model(model))
        return pages

    def _showcase(self):
        page = showcase_page()
        if page is None or not page.url:
            return None
        return page

    def _search_pages(self, query, type_key, limit, backend_name):
        backend = get_search_backend(backend_name)
        results = (
            self._pages(type_key)
            .search(query, operator="and", backend=backend_name)
            .annotate_score("_score")
        )
        count = results.count()
        found = list(results[:limit])
        specific = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in found]).specific()}
        hits = []
        for page in found:
            page = specific.get(page.pk, page)
            key = page._meta.model_name
            label = self.types.get(key, (None, capfirst(page._meta.verbose_name)))[1]
            hits.append(
                Hit(
                    type_key=key,
                    type_label=label,
                    title=page.title,
                    url=page.get_url(self.request) or "",
                    score=_score(page, backend),
                    snippet_text=lambda page=page: _page_text(page),
                )
            )
        return hits, count

    def _page_facets(self, query, backend_name):
        results = self._pages().search(query, operator="and", backend=backend_name)
        counts = results.facet("content_type_id")
        by_key = {}
        content_types = ContentType.objects.get_for_models(*[m for m, _l in self.types.values()])
        for model, content_type in content_types.items():
            count = counts.get(content_type.pk, 0)
            if count:
                by_key[model._meta.model_name] = count
        return by_key

    def _search_projects(self, query, backend_name):
        showcase = self._showcase()
        if showcase is None:
            return []
        backend = get_search_backend(backend_name)
        fields = (
            PUBLIC_APPLICATION_FIELDS
            if getattr(backend, "supports_field_restriction", True)
            else None
        )
        # (No .only(): django-fsm reads the state of every instance, and a deferred state
        # costs a query per object.)
        public = Application.objects.public()
        results = backend.search(query, public, fields=fields, operator="and").annotate_score(
            "_score"
        )
        found = list(results[:MAX_RESULTS])
        # Only what the showcase shows may have matched: check the public text once more (the
        # SQLite backend cannot restrict a search to some fields).
        found = [a for a in found if matches_every_term(_application_text(a), query)]
        base_url = showcase.get_url(self.request) or showcase.url
        label = _("Project")
        return [
            Hit(
                type_key=PROJECT_TYPE,
                type_label=str(label),
                title=application.title,
                url="",
                url_factory=lambda application=application: showcase.project_url(
                    application, base_url
                ),
                score=_score(application, backend),
                snippet_text=lambda application=application: application.summary,
            )
            for application in found
        ]

    # --- together ------------------------------------------------------------------------------

    def run(self, raw_query, type_key="", page_number=1, per_page=PER_PAGE):
        query = clean_query(raw_query)
        outcome = Outcome(query=query, terms=query_terms(query))
        if type_key and type_key != PROJECT_TYPE and type_key not in self.types:
            type_key = ""
        outcome.type_key = type_key
        if not outcome.terms:
            return outcome
        try:
            self._run(outcome, self.backend_name, page_number, per_page)
        except SEARCH_ENGINE_ERRORS as exc:
            logger.warning("Search engine unavailable, falling back to simple matching: %s", exc)
            outcome.degraded = True
            try:
                self._run(outcome, FALLBACK_BACKEND, page_number, per_page)
            except Exception:
                logger.exception("Fallback search failed too")
                outcome.failed = True
                outcome.hits, outcome.total, outcome.facets = [], 0, []
        return outcome

    def _run(self, outcome, backend_name, page_number, per_page):
        query, type_key = outcome.query, outcome.type_key
        try:
            page_number = max(1, int(page_number))
        except (TypeError, ValueError):
            page_number = 1
        page_number = min(page_number, math.ceil(MAX_RESULTS / per_page))
        needed = page_number * per_page

        projects = self._search_projects(query, backend_name)
        facet_counts = self._page_facets(query, backend_name)

        if type_key == PROJECT_TYPE:
            hits, total = projects, len(projects)
        elif type_key:
            hits, total = self._search_pages(query, type_key, needed, backend_name)
        else:
            page_hits, page_count = self._search_pages(query, None, needed, backend_name)
            hits, total = page_hits + projects, page_count + len(projects)
        hits.sort(key=lambda hit: hit.score, reverse=True)

        outcome.total = min(total, MAX_RESULTS)
        outcome.num_pages = max(1, math.ceil(outcome.total / per_page)) if outcome.total else 0
        outcome.page_number = min(page_number, outcome.num_pages) if outcome.num_pages else 1
        start = (outcome.page_number - 1) * per_page
        outcome.hits = hits[start : start + per_page]
        for hit in outcome.hits:
            hit.snippet = make_snippet(hit.snippet_text(), query)
            if hit.url_factory:
                hit.url = hit.url_factory()

        facets = [
            TypeFacet(key, self.types[key][1], count, key == type_key)
            for key, count in facet_counts.items()
        ]
        if projects:
            facets.append(
                TypeFacet(PROJECT_TYPE, str(_("Project")), len(projects), type_key == PROJECT_TYPE)
            )
        facets.sort(key=lambda facet: (-facet.count, facet.label))
        outcome.facets = facets
