"""The background worker that survives a database outage.

    manage.py run_worker            # instead of db_worker, in production (deploy/systemd/)

django-tasks' ``db_worker`` stops for good on the first lost database connection (it re-raises
every OperationalError that is not SQLite's "database is locked"), and a task whose database
call fails while it runs is left "running" for ever. This is the same worker, with the same
options, that instead:

- closes its connections, waits 1, 2, 4 … 30 seconds (a log line each time) until the database
  answers again, and carries on in the same process;
- puts the task it held back in the queue: a task that was claimed, or that failed only because
  the database went away (at most ``MAX_ATTEMPTS`` claims), runs again.

- on starting, puts back in the queue what a worker that died (killed after its stop timeout, out
  of memory, a host that went down) left "running" for longer than ``TASK_STALE_MINUTES``: no
  task of ours runs that long, and a worker that died cannot say so itself.

So nothing queued is lost. A task that had already done its work (a mail sent) when the
database went away runs again: at least once, never never.
"""

import datetime
import logging
import os
import time

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("core.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
# How a failure recorded by django-tasks names these errors.
DATABASE_ERROR_PATHS = {f"{error.__module__}.{error.__qualname__}" for error in DATABASE_ERRORS}
MAX_ATTEMPTS = 5
MAX_WAIT_SECONDS = 30
# A task "running" longer than this was left by a worker that died (the longest of ours, the
# ZIP of a large account or a retention run, takes minutes).
TASK_STALE_MINUTES = int(os.environ.get("TASK_STALE_MINUTES", "60"))


def _close_connections():
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_ERRORS:
            pass


def _database_answers():
    try:
        DBTaskResult.objects.exists()
    except DATABASE_ERRORS:
        _close_connections()
        return False
    return True


class SurvivingWorker(db_worker.Worker):
    def run(self):
        recovering = False
        started = False
        while self.running:
            try:
                if not started:
                    self._requeue_stale_tasks()
                    started = True
                if recovering:
                    self._requeue_held_tasks()
                return super().run()
            except DATABASE_ERRORS as error:
                self._wait_for_database(error)
                recovering = True
                # Once is enough against a thundering herd.
                self.startup_delay = False

    def _wait_for_database(self, error):
        _close_connections()
        wait = 1
        logger.warning("Database lost (%s); worker %s waits %s s", error, self.worker_id, wait)
        time.sleep(wait)
        while not _database_answers():
            wait = min(wait * 2, MAX_WAIT_SECONDS)
            logger.warning("Database still unreachable; worker %s waits %s s", self.worker_id, wait)
            time.sleep(wait)
        logger.warning("Database reachable again; worker %s carries on", self.worker_id)

    def _requeue_held_tasks(self):
        """The tasks this worker claimed and never finished, or that failed only because the
        database went away, go back in the queue."""
        held = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING) | (
            DBTaskResult.objects.filter(
                status=TaskResultStatus.FAILED, exception_class_path__in=DATABASE_ERROR_PATHS
            )
        )
        for task in held:
            if not task.worker_ids or task.worker_ids[-1] != self.worker_id:
                continue
            if task.status == TaskResultStatus.RUNNING or self._lost_the_database(task):
                self._requeue(task)

    def _requeue_stale_tasks(self):
        """What a dead worker left "running": back in the queue, at most ``MAX_ATTEMPTS`` claims
        (a task that kills its worker each time is not tried for ever)."""
        since = timezone.now() - datetime.timedelta(minutes=TASK_STALE_MINUTES)
        stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=since)
        for task in stale:
            if len(task.worker_ids) < MAX_ATTEMPTS:
                self._requeue(task)
            else:
                DBTaskResult.objects.filter(pk=task.pk, status=task.status).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=timezone.now(),
                    traceback="Worker died while running this task too many times.",
                )
                logger.error(
                    "Task %s (%s) failed: its worker died %s times",
                    task.pk,
                    task.task_path,
                    len(task.worker_ids),
                )

    @staticmethod
    def _lost_the_database(task):
        return (
            task.status == TaskResultStatus.FAILED
            and task.exception_class_path in DATABASE_ERROR_PATHS
            and len(task.worker_ids) < MAX_ATTEMPTS
        )

    def _requeue(self, task):
        DBTaskResult.objects.filter(pk=task.pk, status=task.status).update(
            status=TaskResultStatus.READY,
            started_at=None,
            finished_at=None,
            exception_class_path="",
            traceback="",
        )
        logger.warning("Task %s (%s) is queued again", task.pk, task.task_path)

    def run_task(self, db_task_result):
        super().run_task(db_task_result)
        # It failed because the database went away halfway, and the database answers again.
        if self._lost_the_database(db_task_result):
            self._requeue(db_task_result)


class Command(db_worker.Command):
    help = (
        "Voer achtergrondtaken uit (als db_worker) en ga door na een onderbreking van de "
        "database: wachten, opnieuw verbinden, niets uit de wachtrij kwijt."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stdout))
        logger.setLevel(logging.INFO if verbosity else logging.CRITICAL)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        # No --reload here: a production worker (the reloader would restart it on every outage).
        worker = SurvivingWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
