"""Wagtail search backends for Dorpskracht: the stock database and Elasticsearch 8 backends with
three additions.

1. Dutch matching. Every word of a plain-text query also matches as a prefix of its Dutch stem
   (``core.dutch``), so "dorpen" finds "dorp" and "energie" finds "Energiecoöperatie":
   - SQLite (FTS5, unicode61 tokenizer): accents are folded by the tokenizer; stemming is done on
     the query side (Snowball) and matched as FTS5 prefix queries.
   - PostgreSQL: the ``dorpskracht_dutch`` text search configuration (migration
     ``search.0002``: "dutch" with unaccent in front) folds accents and stems both sides; each
     word is matched as a tsquery prefix (``:*``) so compounds are found. Where the unaccent
     extension could not be created, the plain "dutch" configuration is used and accents matter.
   - Elasticsearch: the index analyzer is Dutch (see ``ANALYSIS_TIERS``) and each word is also
     matched as a prefix (``bool_prefix``) next to the normal, scored match.
2. A Dutch analyzer on Elasticsearch that works on whatever node we get: the full distribution
   has the ``analysis-common`` module (Dutch stemmer, asciifolding, edge n-grams); the
   ``integ-test-zip`` node CI runs has only core analysis, where the ``hunspell`` filter with
   the Dutch dictionary (installed by .ci/elasticsearch.sh) stems instead. Index creation tries
   the richest tier first and falls back; ``analysis_tier()`` says which one an index got.
3. Resilient indexing: when Elasticsearch is down or slow, adding or deleting a document is
   logged and recorded as a ``PendingIndexUpdate`` instead of being lost (and never raised into
   the save); ``catch_up_index`` (command and background task) replays those later.
"""

import copy
import logging

from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Count

from elasticsearch import ApiError, BadRequestError, TransportError
from modelsearch.backends.database import SearchBackend as stock_database_backend
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)
from modelsearch.query import MatchAll, Not, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from core.dutch import clean_query, fold, match_terms, query_terms

from .indexing import record_failure
from .tasks import schedule_catch_up

logger = logging.getLogger(__name__)

# What a search or indexing call raises when Elasticsearch is down, slow or refuses the request.
SEARCH_ENGINE_ERRORS = (ApiError, TransportError, ConnectionError, TimeoutError)


# --- database backends (SQLite FTS5, PostgreSQL) --------------------------------------------------


def _prefix_lexemes(lexeme_class, query, operator, fold_accents, **lexeme_kwargs):
    """Combine one lexeme per query word (a stem prefix where the word is long enough)."""
    combined = None
    originals = [w.lower() for w in clean_query(query).split()]
    for term, is_prefix in match_terms(query):
        value = term
        if not fold_accents:
            # Keep the visitor's accents (PostgreSQL does not fold them): cut the original word
            # to the length of the folded prefix.
            for original in originals:
                if fold(original).startswith(term) and len(fold(original)) == len(original):
                    value = original[: len(term)]
                    break
        lexeme = lexeme_class(value, prefix=is_prefix, **lexeme_kwargs)
        if combined is None:
            combined = lexeme
        elif operator.lower() == "and":
            combined &= lexeme
        else:
            combined |= lexeme
    return combined


_database_classes = {}


def _sqlite_backend_class():
    if "sqlite" not in _database_classes:
        # Vendor modules are imported for the database in use only (as modelsearch does).
        from modelsearch.backends.database.sqlite.query import (
            Lexeme,
            MatchExpression,
            SearchQueryExpression,
            normalize,
        )
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteFTSIndexEntry,
            SQLiteSearchBackend,
            SQLiteSearchQueryCompiler,
            SQLiteSearchResults,
        )

        class DutchSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
            def build_search_query_content(self, query, config=None):
                if isinstance(query, PlainText):
                    lexemes = _prefix_lexemes(
                        Lexeme, query.query_string, query.operator, fold_accents=True
                    )
                    if lexemes is not None:
                        return SearchQueryExpression(lexemes, config=config)
                return super().build_search_query_content(query, config=config)

            def ranked(self, config):
                """[(pk, score)] of every match in the queryset, best first, in two queries.

                The stock compiler orders by a correlated subquery that runs the FTS match
                again for every matching row, which grows with the square of the matches; here
                the scores come from one FTS pass and the queryset's filters from a second
                query. None when the query is not a plain relevance search."""
                if getattr(self, "_ranked_cache", None) is not None:
                    return self._ranked_cache
                normalized = normalize(self.query)
                if not self.order_by_relevance or isinstance(normalized, (MatchAll, Not)):
                    return None
                search_query = self.build_search_query(normalized, config=config)
                if search_query is None:
                    return None
                index_query = (
                    SQLiteFTSIndexEntry.objects.filter(
                        MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
                    )
                    .filter(
                        index_entry__content_type__in=get_descendants_content_types_pks(
                            self.queryset.model
                        )
                    )
                    .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
                )
                to_pk = self.queryset.model._meta.pk.to_python
                # SQLite's planner would start from the entries table and run the full-text
                # match once per entry; CROSS JOIN makes it start from the FTS table.
                sql, params = index_query.values_list(
                    "index_entry__object_id", "score"
                ).query.sql_with_params()
                sql = sql.replace("INNER JOIN", "CROSS JOIN", 1)
                with connections[index_query.db].cursor() as cursor:
                    cursor.execute(sql, params)
                    scores = {to_pk(object_id): score for object_id, score in cursor.fetchall()}
                # The queryset's own filters (visibility, live, public…) decide what remains.
                # (A "pk IN (SELECT object_id …)" subquery compares integers with text and
                # is slow on SQLite; a list of keys, in chunks under SQLite's limit, is not.)
                keys = list(scores)
                allowed = []
                for i in range(0, len(keys), 20_000):
                    allowed += (
                        self.queryset.filter(pk__in=keys[i : i + 20_000])
                        .values_list("pk", flat=True)
                        .order_by()
                    )
                ranked = [(pk, scores[pk]) for pk in allowed]
                # bm25() is negative: lowest first; ties newest first, as the stock backend.
                ranked.sort(key=lambda item: (item[1], -item[0] if isinstance(item[0], int) else 0))
                self._ranked_cache = ranked
                return ranked

        class DutchSQLiteSearchResults(SQLiteSearchResults):
            def _ranked(self):
                ranked = getattr(self.query_compiler, "ranked", None)  # not for autocomplete
                if ranked is None:
                    return None
                return ranked(self.query_compiler.get_config(self.backend))

            def _do_search(self):
                ranked = self._ranked()
                if ranked is None:
                    return super()._do_search()
                window = ranked[self.start : self.stop]
                objects = self.query_compiler.queryset.filter(pk__in=[pk for pk, _s in window])
                by_pk = {obj.pk: obj for obj in objects}
                results = []
                for pk, score in window:
                    obj = by_pk.get(pk)
                    if obj is None:
                        continue
                    if self._score_field:
                        setattr(obj, self._score_field, score)
                    results.append(obj)
                return results

            def _do_count(self):
                ranked = self._ranked()
                if ranked is None:
                    return super()._do_count()
                return len(ranked[self.start : self.stop])

            def facet(self, field_name):
                ranked = self._ranked()
                if ranked is None or self.query_compiler._get_filterable_field(field_name) is None:
                    return super().facet(field_name)
                keys = [pk for pk, _s in ranked]
                totals = {}
                for i in range(0, len(keys), 20_000):
                    counts = (
                        self.query_compiler.queryset.filter(pk__in=keys[i : i + 20_000])
                        .values(field_name)
                        .annotate(count=Count("pk"))
                        .order_by()
                    )
                    for row in counts:
                        totals[row[field_name]] = totals.get(row[field_name], 0) + row["count"]
                return dict(sorted(totals.items(), key=lambda item: -item[1]))

        class DutchSQLiteSearchBackend(SQLiteSearchBackend):
            query_compiler_class = DutchSQLiteSearchQueryCompiler
            results_class = DutchSQLiteSearchResults
            # FTS5's bm25() is negative: the best match has the lowest score.
            higher_score_is_better = False
            # The FTS5 table has only title/body/autocomplete columns: no search(fields=...).
            supports_field_restriction = False

        _database_classes["sqlite"] = DutchSQLiteSearchBackend
    return _database_classes["sqlite"]


#: PostgreSQL text search configuration with accent folding (created by migration search.0002).
POSTGRES_UNACCENT_CONFIG = "dorpskracht_dutch"
_has_unaccent_config = {}  # database name -> bool; cleared after every migrate (apps.py)


def forget_search_config(**kwargs):
    _has_unaccent_config.clear()


def postgres_search_config(configured):
    """The configuration to search with on PostgreSQL: ``dorpskracht_dutch`` instead of the
    configured "dutch" when this database has it, else what was configured. Looked up once per
    database and process (backends are created for every search and every indexed save)."""
    if configured != "dutch":
        return configured  # someone chose another configuration on purpose
    name = connection.settings_dict["NAME"]
    if name not in _has_unaccent_config:
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [POSTGRES_UNACCENT_CONFIG]
                )
                _has_unaccent_config[name] = cursor.fetchone() is not None
        except DatabaseError:
            return configured  # not remembered: ask again next time
    return POSTGRES_UNACCENT_CONFIG if _has_unaccent_config[name] else configured


def _postgres_backend_class():
    if "postgresql" not in _database_classes:
        # PostgreSQL's modules need psycopg, which a SQLite installation may not have.
        from django.contrib.postgres.search import SearchQuery

        from modelsearch.backends.database.postgres.postgres import (
            PostgresSearchBackend,
            PostgresSearchQueryCompiler,
        )
        from modelsearch.backends.database.postgres.query import Lexeme

        class DutchPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
            def build_tsquery_content(self, query, config=None, invert=False):
                if isinstance(query, PlainText):
                    lexemes = _prefix_lexemes(
                        Lexeme,
                        query.query_string,
                        query.operator,
                        fold_accents=config == POSTGRES_UNACCENT_CONFIG,
                        invert=invert,
                    )
                    if lexemes is not None:
                        return SearchQuery(lexemes, search_type="raw", config=config)
                return super().build_tsquery_content(query, config=config, invert=invert)

        class DutchPostgresSearchBackend(PostgresSearchBackend):
            query_compiler_class = DutchPostgresSearchQueryCompiler
            higher_score_is_better = True

            def __init__(self, params):
                super().__init__(params)
                self.config = postgres_search_config(self.config)

            @property
            def folds_accents(self):
                return self.config == POSTGRES_UNACCENT_CONFIG

        _database_classes["postgresql"] = DutchPostgresSearchBackend
    return _database_classes["postgresql"]


def database(params):
    """``BACKEND: "search.backends.database"``: Wagtail's database backend for the current
    database, with Dutch prefix matching on SQLite (FTS5) and PostgreSQL."""
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    backend = stock_database_backend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend_class()(params)
    return backend  # MySQL, or SQLite without FTS5: the stock backend


# --- Elasticsearch 8 --------------------------------------------------------------------------

_DUTCH_STOP = {"type": "stop", "stopwords": "_dutch_"}


def _core_analysis(default_filters, filters):
    """Analysis with core Elasticsearch only: the ``default`` analyzer with ``default_filters``;
    Wagtail's n-gram analyzers just lower-case."""
    lowercase = {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
    return {
        "analysis": {
            "analyzer": {
                "default": {"type": "custom", "tokenizer": "standard", "filter": default_filters},
                "ngram_analyzer": lowercase,
                "edgengram_analyzer": dict(lowercase),
            },
            "filter": filters,
        }
    }


#: Index analysis settings, richest first. Every tier defines the analyzers Wagtail's mapping
#: refers to (``edgengram_analyzer``, ``ngram_analyzer``) and a Dutch ``default`` analyzer that
#: every search field uses.
ANALYSIS_TIERS = [
    (
        # The full distribution (analysis-common): Dutch Snowball stemmer, accents folded,
        # Wagtail's edge n-grams for autocomplete.
        "dutch",
        {
            "analysis": {
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "dutch_stop", "asciifolding", "dutch_stemmer"],
                    },
                    "ngram_analyzer": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["asciifolding", "lowercase", "ngram"],
                    },
                    "edgengram_analyzer": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["asciifolding", "lowercase", "edgengram"],
                    },
                },
                "filter": {
                    "dutch_stop": _DUTCH_STOP,
                    "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
                    "ngram": {"type": "ngram", "min_gram": 3, "max_gram": 15},
                    "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
                },
            },
            "index": {"max_ngram_diff": 12},
        },
    ),
    (
        # Core Elasticsearch only (the integ-test-zip node): the hunspell filter with the Dutch
        # dictionary in config/hunspell/nl_NL stems; no accent folding, no edge n-grams
        # (autocomplete then matches whole words; prefixes come from the query side).
        "hunspell",
        _core_analysis(
            ["lowercase", "dutch_stop", "dutch_hunspell"],
            {
                "dutch_stop": _DUTCH_STOP,
                "dutch_hunspell": {"type": "hunspell", "locale": "nl_NL", "dedup": True},
            },
        ),
    ),
    # Core Elasticsearch without a dictionary: lower case and Dutch stop words only.
    ("standard", _core_analysis(["lowercase", "dutch_stop"], {"dutch_stop": _DUTCH_STOP})),
]


class ElasticsearchIndex(Elasticsearch8Index):
    def put(self):
        """Create the index with the richest Dutch analysis this node supports."""
        extra = self.backend.extra_index_settings
        last_error = None
        for tier, settings in ANALYSIS_TIERS:
            body = {**settings, **extra}
            try:
                self.es.indices.create(index=self.name, settings=body)
            except BadRequestError as exc:
                # Unknown filter type, missing dictionary: try the next tier.
                last_error = exc
                logger.info("Index %s: analysis tier %r not available (%s)", self.name, tier, exc)
                continue
            logger.info("Index %s created with the %r analysis", self.name, tier)
            return
        raise last_error

    def analysis_tier(self):
        settings = self.es.indices.get_settings(index=self.name)
        for index_settings in settings.values():
            analysis = index_settings["settings"]["index"].get("analysis", {})
            filters = analysis.get("analyzer", {}).get("default", {}).get("filter", [])
            if "dutch_stemmer" in filters:
                return "dutch"
            if "dutch_hunspell" in filters:
                return "hunspell"
            return "standard"
        return None


class ElasticsearchSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    def _compile_plaintext_query(self, query, fields, boost=1.0):
        """The stock scored match, plus every word as a prefix (after analysis), so Dutch
        compounds and inflections are found: "energie" matches "energiecoöperatie"."""
        scored = super()._compile_plaintext_query(query, fields, boost)
        words = query_terms(query.query_string)
        if not words:
            return scored
        field_names = [field.field_name_with_boost for field in fields]
        prefix_clauses = [
            {"multi_match": {"query": word, "type": "bool_prefix", "fields": field_names}}
            for word in words
        ]
        if query.operator == "and":
            return {"bool": {"must": prefix_clauses, "should": [scored]}}
        return {"bool": {"should": [scored, *prefix_clauses], "minimum_should_match": 1}}


class ElasticsearchAutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    pass


class ElasticsearchSearchBackend(Elasticsearch8SearchBackend):
    """``BACKEND: "search.backends.ElasticsearchSearchBackend"``."""

    index_class = ElasticsearchIndex
    query_compiler_class = ElasticsearchSearchQueryCompiler
    autocomplete_query_compiler_class = ElasticsearchAutocompleteQueryCompiler
    higher_score_is_better = True

    def __init__(self, params):
        params = dict(params)
        # Extra index settings (shards, replicas, refresh interval) from the Django settings;
        # analysis comes from ANALYSIS_TIERS.
        self.extra_index_settings = params.pop("INDEX_SETTINGS", {}).get("settings", {})
        super().__init__(params)

    raise_errors = False

    def strict(self):
        """This backend, raising engine errors instead of recording them (for catching up)."""
        strict = copy.copy(self)
        strict.raise_errors = True
        return strict

    def add(self, obj):
        try:
            super().add(obj)
        except SEARCH_ENGINE_ERRORS as exc:
            if self.raise_errors:
                raise
            self._record_failure(obj, "index", exc)

    def delete(self, obj):
        try:
            super().delete(obj)
        except SEARCH_ENGINE_ERRORS as exc:
            if self.raise_errors:
                raise
            self._record_failure(obj, "delete", exc)

    def _record_failure(self, obj, action, exc):
        logger.warning(
            "Search engine unavailable, %s of %s %s postponed: %s",
            action,
            obj._meta.label,
            obj.pk,
            exc,
        )
        record_failure(obj, action, exc)
        transaction.on_commit(schedule_catch_up)

    def analysis_tier(self, model):
        return self.get_index_for_model(model).analysis_tier()


def is_search_engine_error(exc):
    return isinstance(exc, SEARCH_ENGINE_ERRORS)
