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

from django.db import DatabaseError, connection, transaction

from elasticsearch import ApiError, BadRequestError, TransportError
from modelsearch.backends.database import SearchBackend as stock_database_backend
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)
from modelsearch.query import PlainText

from core.dutch import query_terms

from .indexing import record_failure
from .lexemes import prefix_lexemes
from .tasks import schedule_catch_up

logger = logging.getLogger(__name__)

# What a search or indexing call raises when Elasticsearch is down, slow or refuses the request.
SEARCH_ENGINE_ERRORS = (ApiError, TransportError, ConnectionError, TimeoutError)


# --- database backends (SQLite FTS5, PostgreSQL) --------------------------------------------------


_database_classes = {}


def _sqlite_backend_class():
    # Imported for SQLite only, as modelsearch imports each vendor's backend.
    from .sqlite_backend import DutchSQLiteSearchBackend

    return DutchSQLiteSearchBackend


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
                    lexemes = prefix_lexemes(
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
