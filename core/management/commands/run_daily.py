"""The daily maintenance, once a day however many hosts run it.

    manage.py run_daily        # from a daily timer on every app host (deploy/systemd/)

Runs each command in ``settings.DAILY_COMMANDS`` at most once per day (the municipality's
date): the first host to claim the day's row in ``core.DailyRun`` runs it, the others skip it.
A command that fails gives its day back (the row goes), so the next timer tries again; a claim
that never finished (the host died) may be taken over after ``STALE_HOURS``. Exits with an
error when a command failed, so the timer's unit shows it.
"""

import socket
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import DailyRun

STALE_HOURS = 6


def claim(job, day, host):
    """True when this host may run ``job`` today."""
    now = timezone.now()
    try:
        with transaction.atomic():
            DailyRun.objects.create(job=job, day=day, host=host, started_at=now)
        return True
    except IntegrityError:
        # Taken: by a host that finished, is still at it, or died halfway (then it is ours).
        return bool(
            DailyRun.objects.filter(
                job=job,
                day=day,
                finished_at__isnull=True,
                started_at__lt=now - timedelta(hours=STALE_HOURS),
            ).update(started_at=now, host=host)
        )


class Command(BaseCommand):
    help = (
        "Voer de dagelijkse onderhoudstaken uit (DAILY_COMMANDS), één keer per dag, ook als "
        "meerdere servers dit starten."
    )

    def handle(self, *args, **options):
        day = timezone.localdate()
        host = socket.gethostname()
        failed = []
        for job in settings.DAILY_COMMANDS:
            if not claim(job, day, host):
                self.stdout.write(f"{job}: vandaag al gedaan of bezig op een andere server")
                continue
            try:
                call_command(job, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # noqa: BLE001 (one failing job must not stop the others)
                DailyRun.objects.filter(job=job, day=day, host=host).delete()
                self.stderr.write(f"{job}: mislukt ({error}); de volgende keer opnieuw")
                failed.append(job)
                continue
            DailyRun.objects.filter(job=job, day=day).update(finished_at=timezone.now())
            self.stdout.write(f"{job}: klaar")
        if failed:
            raise CommandError(f"Mislukt: {', '.join(failed)}")
