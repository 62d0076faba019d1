"""Background tasks (django-tasks): the daily retention run, and the download of "Mijn
gegevens" (queued on commit, so the worker finds the row the request made). They take ids,
never model instances.

django-tasks has no clock of its own: the task queues its next run for the next night when the
backend can run tasks later (the database backend with ``manage.py db_worker``). Start the
chain once with ``manage.py apply_retention --schedule`` (or run ``manage.py apply_retention``
from cron instead)."""

import datetime
import secrets
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from django_tasks import default_task_backend, task

from . import downloads, retention
from .models import DataExport

RUN_AT = datetime.time(3, 30)
_SCHEDULE_CACHE_KEY = "privacy:retention-scheduled"


@task()
def apply_retention_task() -> dict:
    """Apply the terms due today; returns the counts. Queues tomorrow's run."""
    result = retention.run()
    schedule_next()
    return {
        "applied": len(result.applied),
        "held": len(result.held),
        "warned": len(result.warned),
        "waiting": len(result.waiting),
    }


def next_run(now=None):
    now = timezone.localtime(now)
    moment = now.replace(hour=RUN_AT.hour, minute=RUN_AT.minute, second=0, microsecond=0)
    return moment if moment > now else moment + datetime.timedelta(days=1)


def schedule_next(now=None):
    """Queue the next night's run, once (a second call the same day does nothing)."""
    if not default_task_backend.supports_defer:
        return False
    when = next_run(now)
    if not cache.add(_SCHEDULE_CACHE_KEY, when.isoformat(), timeout=26 * 3600):
        return False
    apply_retention_task.using(run_after=when).enqueue()
    return True


@task()
def build_data_export(export_id: int) -> int:
    """Build one requested download of a person's data and e-mail the link; returns its size."""
    export = downloads.build(export_id)
    return export.size if export else 0


def request_data_export(user):
    """Queue the build of ``user``'s download; one already being made is not queued twice."""
    pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(user=user, token=secrets.token_urlsafe(32))
    transaction.on_commit(partial(build_data_export.enqueue, export.pk))
    return export
