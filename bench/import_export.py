"""Import and export of 10,000 applications on a throw-away database: rows/s and peak memory.

    .venv/bin/python bench/import_export.py              # 10,000 rows, index updates queued
    .venv/bin/python bench/import_export.py --rows 2000 --index inline

Builds a fresh SQLite database in a temporary folder (migrations included), a spreadsheet of
``--rows`` applications in every importable state, spread over five decision years, and then
times each step through the same code the admin and the commands use:

- read the .xlsx (``importing.read_bytes``), the dry run, the real import, a re-import of the
  same file (everything unchanged), the exports of applications (XLSX and CSV) and of their
  budget lines (XLSX).

Time is measured without tracing, as wall clock and as the process's CPU time (the wall clock
of a shared machine includes waiting for a core); peak memory (``tracemalloc``, Python
allocations) in a second, separate run of the same step, because tracing slows Python down. ``--index queued`` (the
default) uses the database task backend, as production does: a save queues its search-index
update; ``--index inline`` runs the index update inside the save (development and tests).
The maximum resident set size of the whole process is printed at the end."""

import argparse
import datetime
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on the path, and this file's name would hide
# the django-import-export package ("import_export"): take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

SETTINGS = """
from portal.settings.test import *  # noqa

import dj_database_url

DATABASES = {{"default": dj_database_url.parse("sqlite:///{db}")}}
TASKS = {{"default": {{"BACKEND": "{tasks}"}}}}
MEDIA_ROOT = "{folder}/media"
PRIVATE_MEDIA_ROOT = "{folder}/private"
LOGGING = {{"version": 1, "disable_existing_loggers": True, "root": {{"level": "WARNING"}}}}
"""

STATES = [
    ("Toegekend", 35),
    ("Afgerond", 15),
    ("Verantwoording ingediend", 5),
    ("Afgewezen", 15),
    ("Ingediend", 20),
    ("In gesprek", 5),
    ("Ingetrokken", 5),
]


def setup_django(folder, index):
    tasks = {
        "queued": "django_tasks_db.DatabaseBackend",
        "inline": "django_tasks.backends.immediate.ImmediateBackend",
    }[index]
    (folder / "bench_settings.py").write_text(
        SETTINGS.format(db=folder / "bench.sqlite3", tasks=tasks, folder=folder)
    )
    sys.path[:0] = [str(ROOT), str(folder)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def reference_data():
    from decimal import Decimal

    from django.contrib.auth.models import Group

    from grants.models import Category, FundingScheme, Village
    from tests.factories import UserFactory

    villages = [
        Village.objects.create(name=name, slug=name.lower())
        for name in (
            "Appelscha Bakkeveen Donkerbroek Elsloo Haule Makkinga Noordwolde Oldeberkoop "
            "Oosterwolde Ravenswoud Veenhuizen Wateren"
        ).split()
    ]
    categories = [
        Category.objects.create(name=name, slug=name.lower(), sort_order=i)
        for i, name in enumerate(["Groen", "Spelen", "Zorg", "Cultuur", "Sport", "Energie"])
    ]
    scheme = FundingScheme.objects.create(
        name="Dorpsinitiatieven",
        slug="dorpsinitiatieven",
        yearly_budget=Decimal("100000000"),
        min_amount=Decimal("0"),
        max_amount=Decimal("25000"),
        opens_on=datetime.date(2020, 1, 1),
    )
    official = UserFactory(username="bench-ambtenaar")
    official.groups.add(Group.objects.get(name="Ambtenaren"))
    return scheme, villages, categories, official


def spreadsheet(rows, scheme, villages, categories):
    from openpyxl import Workbook

    from grants.resources import ApplicationResource

    rng = random.Random(20260101)
    fields = ApplicationResource.fields
    columns = [
        "reference",
        "title",
        "scheme",
        "village",
        "category",
        "state",
        "organisation_name",
        "contact_name",
        "contact_email",
        "summary",
        "requested_amount",
        "granted_amount",
        "spent",
        "submitted_at",
        "decided_at",
        "closed_at",
        "rejection_reason",
    ]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Aanvragen")
    sheet.append([fields[name].column_name for name in columns])
    labels = [label for label, _weight in STATES]
    weights = [weight for _label, weight in STATES]
    for number in range(1, rows + 1):
        state = rng.choices(labels, weights)[0]
        year = 2020 + number % 5
        submitted = datetime.date(year, 1 + number % 11, 1 + number % 27)
        decided = submitted + datetime.timedelta(days=30)
        requested = rng.randrange(250, 20000)
        granted_states = ("Toegekend", "Afgerond", "Verantwoording ingediend")
        granted = requested - rng.randrange(0, 200) if state in granted_states else None
        values = {
            "reference": f"HIST-{year}-{number:05d}",
            "title": f"Initiatief {number}: {rng.choice(['speeltuin', 'moestuin', 'buurtfeest', 'AED-kast', 'jeu-de-boules'])}",
            "scheme": scheme.name,
            "village": rng.choice(villages).name,
            "category": rng.choice(categories).name,
            "state": state,
            "organisation_name": f"Stichting Dorpsbelang {number % 97}",
            "contact_name": f"Contactpersoon {number}",
            "contact_email": f"contact{number}@voorbeeld.nl",
            "summary": "Bewoners pakken samen iets op voor het dorp. " * 3,
            "requested_amount": requested,
            "granted_amount": granted,
            "spent": granted - 50 if state == "Afgerond" else None,
            "submitted_at": submitted,
            "decided_at": decided if state in (*granted_states, "Afgewezen") else None,
            "closed_at": decided + datetime.timedelta(days=200) if state == "Afgerond" else None,
            "rejection_reason": "Past niet in de regeling." if state == "Afgewezen" else None,
        }
        sheet.append([values[name] for name in columns])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def timed(step):
    started, cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - started, time.process_time() - cpu, result


def traced(step):
    tracemalloc.start()
    try:
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--index", choices=("queued", "inline"), default="queued")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    parser.add_argument(
        "--profile",
        choices=("dry-run", "import", "re-import"),
        help="Print a cProfile of this step (after the steps before it, untimed), then stop.",
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="dorpskracht-bench-ie-"))
    try:
        started = time.perf_counter()
        setup_django(folder, args.index)
        print(f"Database ready in {time.perf_counter() - started:.1f} s ({folder})")
        run(args)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def profile(step, sheet, official):
    import cProfile
    import pstats

    from grants import importing

    if step == "re-import":
        importing.import_applications(sheet, official, dry_run=False)
    profiler = cProfile.Profile()
    profiler.runcall(importing.import_applications, sheet, official, dry_run=step == "dry-run")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def run(args):
    from django.db import connection

    from grants import exporting, importing
    from grants.models import Application, BudgetLine

    scheme, villages, categories, official = reference_data()
    data = spreadsheet(args.rows, scheme, villages, categories)
    print(f"Spreadsheet: {args.rows:,} rows, {len(data) / 1024 / 1024:.1f} MB")

    results = []

    def step(label, rows, action, trace=True):
        seconds, cpu, value = timed(action)
        peak = traced(action) if trace else None
        results.append((label, rows, seconds, cpu, peak))
        return value

    def read():
        return importing.read_bytes(data, "historie.xlsx")

    sheet = step("read .xlsx", args.rows, read)

    if args.profile:
        profile(args.profile, sheet, official)
        return

    def dry_run():
        report = importing.import_applications(sheet, official, dry_run=True)
        assert report.ok, report.problems[:3]
        assert report.created == args.rows
        return report

    step("import, dry run", args.rows, dry_run)

    def real():
        report = importing.import_applications(sheet, official, dry_run=False)
        assert report.committed, report.problems[:3]
        assert report.created == args.rows
        return report

    step("import", args.rows, real, trace=False)
    assert Application.objects.count() == args.rows

    def again():
        report = importing.import_applications(sheet, official, dry_run=False)
        assert report.unchanged == args.rows, report.summary()
        return report

    step("re-import (unchanged)", args.rows, again)

    applications = Application.objects.all()
    lines = BudgetLine.objects.count()
    for label, kind, fmt, count in (
        ("export applications .xlsx", "aanvragen", "xlsx", args.rows),
        ("export applications .csv", "aanvragen", "csv", args.rows),
        ("export budget lines .xlsx", "begrotingsregels", "xlsx", lines),
    ):
        step(
            label,
            count,
            lambda kind=kind, fmt=fmt: exporting.write_export(
                kind, fmt, applications, io.BytesIO()
            ),
        )

    print()
    print(
        f"Import/export benchmark — {args.rows:,} applications, SQLite "
        f"({connection.settings_dict['NAME'].rsplit('/', 1)[-1]}), index updates {args.index}"
    )
    print(
        f"{'step':<28}{'rows':>8}{'seconds':>10}{'rows/s':>10}{'cpu s':>8}{'rows/cpu s':>12}"
        f"{'peak MB':>10}"
    )
    for label, rows, seconds, cpu, peak in results:
        peak_text = f"{peak / 1024 / 1024:.1f}" if peak is not None else "—"
        print(
            f"{label:<28}{rows:>8,}{seconds:>10.2f}{rows / seconds:>10,.0f}{cpu:>8.2f}"
            f"{rows / cpu:>12,.0f}{peak_text:>10}"
        )
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of the process: {max_rss:.0f} MB (peak MB: tracemalloc, Python allocations)")
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: on a shared machine "
        "the wall clock (rows/s) includes waiting for a core; cpu s is this process's own time."
    )


if __name__ == "__main__":
    main()
