"""Catching up on the index in the background: the task, and when to queue it."""

import datetime

from django.core.cache import cache
from django.utils import timezone

from django_tasks import default_task_backend, task

from .indexing import catch_up

RETRY_DELAY = datetime.timedelta(minutes=2)
_SCHEDULE_CACHE_KEY = "search:catch-up-scheduled"


@task()
def catch_up_index_task():
    """Replay index updates that failed while the search engine was away; try again later
    while some remain."""
    _done, remaining = catch_up()
    if remaining:
        schedule_catch_up()


def schedule_catch_up(delay=RETRY_DELAY):
    """Queue a catch-up run for later, once per delay, when the task backend supports that.
    (The immediate backend of tests and development cannot: there `catch_up_index` is run by
    hand or by cron.)"""
    if not default_task_backend.supports_defer:
        return False
    if not cache.add(_SCHEDULE_CACHE_KEY, True, timeout=int(delay.total_seconds())):
        return False
    catch_up_index_task.using(run_after=timezone.now() + delay).enqueue()
    return True
