"""Production settings plus one bench-only URL (the ceiling view). Used only by bench/load/run.py;
never referenced by the portal itself, so production never serves the bench view."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load.urls"

# BENCH_STOCK_SEARCH=1: Wagtail's stock database search backend instead of the project's Dutch
# subclasses (a way to bench around a search-backend problem; the report says which was used).
if os.environ.get("BENCH_STOCK_SEARCH"):  # noqa: F405
    WAGTAILSEARCH_BACKENDS = {  # noqa: F405
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "dutch"}
    }
