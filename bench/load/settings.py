"""Production settings plus one bench-only URL (the ceiling view). Used only by bench/load/run.py;
never referenced by the portal itself, so production never serves the bench view."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load.urls"
