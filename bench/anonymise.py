"""Anonymising 10,000 applications on a throw-away database: objects/s.

    .venv/bin/python bench/anonymise.py                 # 10,000 applications
    .venv/bin/python bench/anonymise.py --rows 2000 --database-url postgres://...

Builds a fresh database (SQLite in a temporary folder unless ``--database-url``), then
``--rows`` closed applications, settled eight years ago, of 100 initiators, each with three
budget lines, five timeline entries, two dialogue messages, a report and (every fifth) an
attachment file in private storage, all in the search index. Then times, through the code the
product uses:

1. ``privacy.retention.run()``: the daily run finds them past their 7-year term and anonymises
   them (files removed, timeline kept, search index refreshed);
2. the same again (idempotent: nothing to do);
3. ``erase_account`` of one initiator with ``--rows / 100`` applications, on fresh data.

Wall clock and process CPU time are printed (the wall clock of a shared machine includes
waiting for a core)."""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on the path, and bench/import_export.py would
# hide the django-import-export package ("import_export"): take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

SETTINGS = """
from portal.settings.test import *  # noqa

import dj_database_url

DATABASES = {{"default": dj_database_url.parse("{database_url}")}}
MEDIA_ROOT = "{folder}/media"
PRIVATE_MEDIA_ROOT = "{folder}/private"
LOGGING = {{"version": 1, "disable_existing_loggers": True, "root": {{"level": "WARNING"}}}}
"""


def setup_django(folder, database_url):
    (folder / "bench_settings.py").write_text(
        SETTINGS.format(database_url=database_url, folder=folder)
    )
    sys.path[:0] = [str(ROOT), str(folder)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(rows, settled, prefix):
    """``rows`` closed applications of ``rows // 100`` (at least 1) initiators, in bulk."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from modelsearch.backends import get_search_backends

    from grants.models import (
        Application,
        Attachment,
        BudgetLine,
        Category,
        FundingScheme,
        Message,
        Report,
        State,
        TransitionLog,
        Village,
    )
    from grants.storage import private_storage

    village, _ = Village.objects.get_or_create(name="Oosterwolde", slug="oosterwolde")
    category, _ = Category.objects.get_or_create(name="Groen", slug="groen")
    scheme, _ = FundingScheme.objects.get_or_create(
        slug="dorpsinitiatieven",
        defaults={
            "name": "Dorpsinitiatieven",
            "yearly_budget": Decimal("100000000"),
            "min_amount": Decimal("0"),
            "max_amount": Decimal("25000"),
            "opens_on": datetime.date(2010, 1, 1),
        },
    )
    User = get_user_model()
    owners = User.objects.bulk_create(
        [
            User(username=f"{prefix}{i}", email=f"{prefix}{i}@voorbeeld.nl", first_name="Jan")
            for i in range(max(1, rows // 100))
        ]
    )
    official = User.objects.create(username=f"{prefix}-ambtenaar", email=f"{prefix}a@x.nl")
    applications = Application.objects.bulk_create(
        [
            Application(
                reference=f"{prefix.upper()}-{i:06d}",
                owner=owners[i % len(owners)],
                scheme=scheme,
                village=village,
                category=category,
                title=f"Initiatief {i}",
                summary=f"Samen met Jan Jansen {i}.",
                plan_what="Bankjes en bomen.",
                organisation_type="informal",
                organisation_name=f"Buurtploeg Jansen {i}",
                contact_name=f"Jan Jansen {i}",
                contact_email=f"jan{i}@voorbeeld.nl",
                contact_phone="0612345678",
                iban="NL91ABNA0417164300",
                iban_holder="J. Jansen",
                requested_amount=Decimal("1200"),
                granted_amount=Decimal("1000"),
                submitted_at=settled - datetime.timedelta(days=200),
                decided_at=settled - datetime.timedelta(days=150),
                closed_at=settled,
                state=State.CLOSED,
            )
            for i in range(rows)
        ],
        batch_size=1000,
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(application=a, kind=kind, description="Hout", amount=Decimal("400"))
            for a in applications
            for kind in ("cost", "cost", "own_contribution")
        ],
        batch_size=2000,
    )
    steps = [
        ("submit", "draft", "submitted"),
        ("start_dialogue", "submitted", "in_dialogue"),
        ("approve", "in_dialogue", "approved"),
        ("submit_report", "approved", "reported"),
        ("accept_report", "reported", "closed"),
    ]
    TransitionLog.objects.bulk_create(
        [
            TransitionLog(
                application=a,
                actor=a.owner if name in ("submit", "submit_report") else official,
                transition=name,
                from_state=source,
                to_state=target,
                note="Prima, Jan." if name == "approve" else "",
            )
            for a in applications
            for name, source, target in steps
        ],
        batch_size=2000,
    )
    Message.objects.bulk_create(
        [
            Message(application=a, author=author, body=f"Groet van {a.contact_name}")
            for a in applications
            for author in (a.owner, official)
        ],
        batch_size=2000,
    )
    Report.objects.bulk_create(
        [Report(application=a, story="Jan las voor.", lessons="Veel.") for a in applications],
        batch_size=2000,
    )
    storage = private_storage()
    attachments = []
    for a in applications[::5]:
        name = storage.save(f"applications/{a.reference}/offerte.pdf", ContentFile(b"%PDF-1.4"))
        attachments.append(Attachment(application=a, file=name, original_name="offerte.pdf"))
    Attachment.objects.bulk_create(attachments, batch_size=2000)
    for backend in get_search_backends(with_auto_update=True):
        objects = list(Application.objects.filter(pk__in=[a.pk for a in applications]))
        for start in range(0, len(objects), 2000):
            backend.add_bulk(Application, objects[start : start + 2000])
    return owners, len(attachments)


def timed(label, count, step):
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rate = f"{count / wall:,.0f} objects/s" if count and wall else "-"
    print(f"{label:<55} {wall:7.2f} s wall {cpu:7.2f} s CPU  {rate}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dorpskracht-bench-anonymise-"))
    try:
        setup_django(folder, args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}")
        from django.db import connection
        from django.utils import timezone

        from grants.models import Application, TransitionLog
        from privacy import retention
        from privacy.erasure import erase_account

        settled = timezone.now() - datetime.timedelta(days=8 * 366)
        start = time.perf_counter()
        _owners, files = build(args.rows, settled, "bench")
        entries = TransitionLog.objects.count()
        print(
            f"{connection.vendor}: built {args.rows:,} applications ({files:,} files, "
            f"{entries:,} timeline entries) in {time.perf_counter() - start:.1f} s"
        )
        result = timed(
            f"apply_retention: anonymise {args.rows:,} applications",
            args.rows,
            retention.run,
        )
        assert len(result.applied) == args.rows, result
        assert Application.objects.filter(anonymised_at__isnull=True).count() == 0
        assert TransitionLog.objects.count() == entries
        again = timed("apply_retention again (nothing to do)", 0, retention.run)
        assert not again.applied

        per_owner = max(1, args.rows // 100)
        owners, _files = build(per_owner, timezone.now(), "erase")
        timed(
            f"erase_account: one initiator with {per_owner:,} applications",
            per_owner,
            lambda: erase_account(owners[0]),
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
