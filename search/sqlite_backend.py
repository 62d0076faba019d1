"""Wagtail's SQLite (FTS5) search backend with Dutch prefix matching and ranking in two queries.
Imported by ``search.backends.database`` on SQLite only."""

from django.db import connections
from django.db.models import Count

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
from modelsearch.query import MatchAll, Not, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from .lexemes import prefix_lexemes


class DutchSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            lexemes = prefix_lexemes(Lexeme, query.query_string, query.operator, fold_accents=True)
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
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
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
