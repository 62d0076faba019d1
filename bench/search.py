"""Search benchmark: the database backend and Elasticsearch side by side, on the same data.

    .venv/bin/python bench/search.py                      # 2,000 pages, 10,000 applications
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search.py
    .venv/bin/python bench/search.py --start-elasticsearch  # starts (and stops) .ci/elasticsearch.sh
    .venv/bin/python bench/search.py --pages 200 --applications 1000 --queries 100   # quick

Builds a fresh SQLite database in a temporary folder (migrations included; or
``--database-url`` for PostgreSQL: the database is emptied first, so never point it at real data),
seeds ``--pages`` standard pages (bulk, real page type) and ``--applications`` applications in
every state (bulk) with a fixed random seed, then per backend:

- indexing throughput: a full ``update_index`` on that backend, objects per second;
- latency of the public search (pages + showcase, ranking, facets, snippets; ``PublicSearch.run``,
  what /zoeken/ does minus the template) and of the officials' application search
  (``search_applications``, first 25 and the count), median and p95 over ``--queries`` queries
  (after a short warm-up).

Elasticsearch runs when ELASTICSEARCH_URL is set or with ``--start-elasticsearch``; its indexes
get the prefix ``dorpskracht-bench-<pid>_`` and are deleted afterwards. Results are printed as one
table and written to bench/results/search-<timestamp>.json."""

import argparse
import datetime
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on the path and this file would hide the "search"
# app: take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

SEED = 20261123

SETTINGS = """
from portal.settings.test import *  # noqa

import dj_database_url

DATABASES = {{"default": dj_database_url.parse("{database_url}")}}
TASKS = {{"default": {{"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}}}
WAGTAILSEARCH_BACKENDS = {{
    "default": {{"BACKEND": "search.backends.database", "SEARCH_CONFIG": "dutch"}},
}}
MEDIA_ROOT = "{folder}/media"
PRIVATE_MEDIA_ROOT = "{folder}/private"
LOGGING = {{"version": 1, "disable_existing_loggers": True, "root": {{"level": "ERROR"}}}}
"""

WORDS = """
dorp dorpen dorpshuis buurt bewoners initiatief moestuin speeltuin energie zonnepanelen
energiecoöperatie duurzaam jeugd ouderen vrijwilligers ontmoeting feest markt wandelroute
fietspad natuur bomen bloemen bijen water dijk kerk school sport voetbal muziek koor theater
cultuur erfgoed geschiedenis kunst bank bankjes verlichting veiligheid verkeer bus vervoer
zorg mantelzorg eenzaamheid koffie repaircafé bibliotheek leesclub computer digitaal
glasvezel samenwerking eigenaarschap transitie gemeente regeling subsidie budget plan
kinderen gezinnen nieuwkomers taal tuin park plein zwembad ijsbaan kabouterpad boomgaard
""".split()
VILLAGES = [
    "Westerwolde",
    "Ee",
    "Oosterhout",
    "Zuiderveen",
    "Noordbroek",
    "Midwolde",
    "Hoogkerk",
    "Laagland",
    "Bovenburen",
    "Kerkdorp",
    "Veenhuizen",
    "Dijkzicht",
]
FIRST = ["Anne", "Bram", "Carla", "Dirk", "Eva", "Frits", "Greet", "Henk", "Ina", "Jan"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def setup_django(folder, database_url):
    (folder / "bench_search_settings.py").write_text(
        SETTINGS.format(database_url=database_url, folder=folder)
    )
    sys.path[:0] = [str(ROOT), str(folder)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_search_settings"
    os.environ.pop("ELASTICSEARCH_URL", None)  # the settings must pick the database backend
    import django

    django.setup()
    from django.core.management import call_command

    if not database_url.startswith("sqlite"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def seed(n_pages, n_applications):
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from wagtail.models import Page, Site

    from grants.models import Application, Category, FundingScheme, ProjectShowcasePage, Village
    from grants.states import OrganisationType, State
    from home.models import HomePage, StandardPage

    rng = random.Random(SEED)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Dorpskracht", slug="bench"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    showcase = home.add_child(instance=ProjectShowcasePage(title="Projecten", slug="projecten"))

    # Pages: the tree rows in bulk, then each page's own row (raw save: no signals, no parents).
    now = timezone.now()
    content_type_id = ContentType.objects.get_for_model(StandardPage).pk
    start = home.numchild
    base_pages = []
    for i in range(n_pages):
        title = sentence(rng, 3)[:-1] + f" {i}"
        base_pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=f"pagina-{i}",
                content_type_id=content_type_id,
                path=Page._get_path(home.path, home.depth + 1, start + i + 1),
                depth=home.depth + 1,
                numchild=0,
                url_path=f"{home.url_path}pagina-{i}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale_id=home.locale_id,
            )
        )
    Page.objects.bulk_create(base_pages, batch_size=500)
    Page.objects.filter(pk=home.pk).update(numchild=start + n_pages)
    for page in Page.objects.filter(depth=home.depth + 1, slug__startswith="pagina-"):
        paragraphs = [
            {"type": "paragraph", "value": f"<p>{sentence(rng, rng.randint(25, 60))}</p>"}
            for _ in range(rng.randint(2, 5))
        ]
        specific = StandardPage(page_ptr=page, intro=sentence(rng, 15), body=paragraphs)
        specific.__dict__.update(
            {f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields}
        )
        specific.save_base(raw=True)

    # Applications: reference data, initiators, then the applications in bulk.
    villages = [Village.objects.create(name=n, slug=n.lower()) for n in VILLAGES]
    categories = [
        Category.objects.create(name=n, slug=n.lower(), sort_order=i)
        for i, n in enumerate(["Ontmoeten", "Natuur", "Energie", "Cultuur", "Zorg", "Sport"])
    ]
    scheme = FundingScheme.objects.create(
        name="Dorpsinitiatieven",
        slug="dorpsinitiatieven",
        yearly_budget=Decimal("10000000"),
        max_amount=Decimal("10000"),
        opens_on=datetime.date(2020, 1, 1),
    )
    password = make_password("bench", hasher="md5")
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"bewoner{i}", email=f"bewoner{i}@example.nl", password=password)
            for i in range(500)
        ]
    )
    states = [s for s, _label in State.choices]
    weights = [20, 15, 10, 25, 5, 10, 10, 5]
    applications = []
    for i in range(n_applications):
        state = rng.choices(states, weights)[0]
        applications.append(
            Application(
                reference=f"DI-2026-{i + 1:05d}",
                owner=rng.choice(users),
                scheme=scheme,
                village=rng.choice(villages),
                category=rng.choice(categories),
                title=sentence(rng, 3)[:-1],
                summary=sentence(rng, 20),
                plan_what=sentence(rng, 60),
                plan_for_whom=sentence(rng, 20),
                plan_when=sentence(rng, 8),
                plan_with_whom=sentence(rng, 15),
                organisation_type=OrganisationType.INFORMAL,
                organisation_name="Werkgroep " + rng.choice(WORDS).capitalize(),
                contact_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                contact_email=f"contact{i}@example.nl",
                privacy_consent=True,
                public_consent=rng.random() < 0.6,
                state=state,
                requested_amount=Decimal(rng.randint(250, 10000)),
            )
        )
    Application.objects.bulk_create(applications, batch_size=1000)
    return showcase


def make_queries(n):
    rng = random.Random(SEED + 1)
    queries = []
    for i in range(n):
        kind = i % 5
        if kind in (0, 1):
            queries.append(rng.choice(WORDS))
        elif kind == 2:
            queries.append(f"{rng.choice(WORDS)} {rng.choice(WORDS)}")
        elif kind == 3:
            queries.append(rng.choice(VILLAGES))
        else:
            queries.append(rng.choice(LAST).split()[-1])
    return queries


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(backend_name, queries):
    from grants.application_search import search_applications
    from search.public import PublicSearch
    from tests.grants.factories import OfficialFactory

    official = OfficialFactory(username=f"bench-official-{backend_name}")
    public = PublicSearch(request=None, backend=backend_name)

    def public_search(query):
        outcome = public.run(query)
        assert not outcome.degraded, "the search engine failed during the benchmark"
        return outcome.total

    def officials_search(query):
        results = search_applications(official, query, backend=backend_name)
        list(results[:25])
        return results.count()

    timings = {}
    for name, func in (("public", public_search), ("officials", officials_search)):
        for query in queries[:5]:  # warm-up
            func(query)
        samples, hits = [], 0
        for query in queries:
            started = time.perf_counter()
            hits += bool(func(query))
            samples.append((time.perf_counter() - started) * 1000)
        timings[name] = {
            "median_ms": statistics.median(samples),
            "p95_ms": percentile(samples, 0.95),
            "queries": len(samples),
            "queries_with_results": hits,
        }
    return timings


def index_throughput(backend_name):
    from django.core.management import call_command

    from modelsearch.index import get_indexed_models

    objects = sum(model.get_indexed_objects().count() for model in get_indexed_models())
    started = time.perf_counter()
    call_command(
        "update_index", backend_name=backend_name, stdout=io.StringIO(), stderr=io.StringIO()
    )
    elapsed = time.perf_counter() - started
    return {"objects": objects, "seconds": elapsed, "objects_per_s": objects / elapsed}


def run_script(*args):
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        ["/bin/bash", str(ROOT / ".ci" / "elasticsearch.sh"), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--applications", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--start-elasticsearch", action="store_true")
    args = parser.parse_args()
    if args.queries < 100:
        print("note: fewer than 100 queries make the p95 rough", file=sys.stderr)

    es_url = os.environ.get("ELASTICSEARCH_URL", "")
    started_es = False
    if args.start_elasticsearch and not es_url:
        print("starting Elasticsearch (.ci/elasticsearch.sh)…", file=sys.stderr)
        es_url = run_script("start")
        started_es = True

    folder = Path(tempfile.mkdtemp(prefix="dorpskracht-bench-search-"))
    database_url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    es_backend = None
    try:
        t0 = time.perf_counter()
        setup_django(folder, database_url)
        from django.conf import settings
        from django.db import connection

        print(f"migrated in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        t0 = time.perf_counter()
        seed(args.pages, args.applications)
        print(
            f"seeded {args.pages} pages and {args.applications} applications "
            f"in {time.perf_counter() - t0:.0f} s",
            file=sys.stderr,
        )
        backends = [("default", f"database ({connection.vendor})")]
        if es_url:
            settings.WAGTAILSEARCH_BACKENDS["elasticsearch"] = {
                "BACKEND": "search.backends.ElasticsearchSearchBackend",
                "URLS": [es_url],
                "INDEX_PREFIX": f"dorpskracht-bench-{os.getpid()}_",
                "TIMEOUT": 60,
                "AUTO_UPDATE": False,
            }
            backends.append(("elasticsearch", "elasticsearch"))
            from wagtail.search.backends import get_search_backend

            es_backend = get_search_backend("elasticsearch")

        queries = make_queries(args.queries)
        results = {}
        for name, label in backends:
            print(f"{label}: indexing…", file=sys.stderr)
            indexing = index_throughput(name)
            print(f"{label}: searching…", file=sys.stderr)
            results[label] = {"indexing": indexing, **measure(name, queries)}
            if name == "elasticsearch":
                from wagtail.models import Page

                results[label]["analysis"] = es_backend.analysis_tier(Page)
    finally:
        if es_backend is not None:
            names = es_backend.es.indices.get(index=f"{es_backend.index_prefix}*").keys()
            for name in list(names):
                es_backend.es.indices.delete(index=name, ignore_unavailable=True)
        if started_es:
            run_script("stop")
        shutil.rmtree(folder, ignore_errors=True)

    labels = list(results)
    rows = [
        ("indexed objects", lambda r: f"{r['indexing']['objects']:,}"),
        ("update_index (s)", lambda r: f"{r['indexing']['seconds']:.1f}"),
        ("indexing (objects/s)", lambda r: f"{r['indexing']['objects_per_s']:,.0f}"),
        ("public search median (ms)", lambda r: f"{r['public']['median_ms']:.1f}"),
        ("public search p95 (ms)", lambda r: f"{r['public']['p95_ms']:.1f}"),
        ("public queries with results", lambda r: f"{r['public']['queries_with_results']}"),
        ("officials search median (ms)", lambda r: f"{r['officials']['median_ms']:.1f}"),
        ("officials search p95 (ms)", lambda r: f"{r['officials']['p95_ms']:.1f}"),
        ("officials queries with results", lambda r: f"{r['officials']['queries_with_results']}"),
    ]
    width = max(len(label) for label in labels) + 2
    print(
        f"\nSearch benchmark: {args.pages:,} pages, {args.applications:,} applications, "
        f"{args.queries} queries per measurement (seed {SEED})"
    )
    print(f"{'':32}" + "".join(f"{label:>{width}}" for label in labels))
    for title, cell in rows:
        print(f"{title:32}" + "".join(f"{cell(results[label]):>{width}}" for label in labels))
    if "elasticsearch" in results:
        print(f"(Elasticsearch analysis: {results['elasticsearch']['analysis']})")

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    payload = {
        "pages": args.pages,
        "applications": args.applications,
        "queries": args.queries,
        "results": results,
    }
    (out_dir / f"search-{stamp}.json").write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()
