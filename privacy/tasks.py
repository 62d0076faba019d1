"""The daily retention run as a background task (django-tasks).

django-tasks has no clock of its own: the task queues its next run for the next night when the
backend can run tasks later (the database backend with ``manage.py db_worker``). Start the
chain once with ``manage.py apply_retention --schedule`` (or run ``manage.py apply_retention``
from cron instead)."""

import datetime

from django.core.cache import cache
from django.utils import timezone

from django_tasks import default_task_backend, task

from . import retention

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
