"""run_worker's bookkeeping on the test database: what happens to a task whose database went
away while it ran. Transactional tests: the worker closes its connections between tasks, as in
production. The real outage (PostgreSQL stopped under the worker) is test_worker_outage.py,
run by .ci/worker_outage.sh."""

import datetime

from django.db import OperationalError
from django.utils import timezone

import pytest
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.management.commands.run_worker import MAX_ATTEMPTS, TASK_STALE_MINUTES, SurvivingWorker

runs = []


@task()
def loses_the_database_the_first_time():
    runs.append("run")
    if len(runs) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return "verstuurd"


@task()
def never_reaches_the_database():
    raise OperationalError("could not connect to server")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    runs.clear()


def worker(worker_id="worker-a"):
    return SurvivingWorker(
        queue_names=["default"],
        interval=0,
        batch=True,  # until the queue is empty
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


@pytest.mark.django_db(transaction=True)
def test_a_task_that_lost_the_database_halfway_runs_again(database_queue):
    result = loses_the_database_the_first_time.enqueue()
    worker().run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "verstuurd"
    assert runs == ["run", "run"]
    assert row.worker_ids == ["worker-a", "worker-a"]


@pytest.mark.django_db(transaction=True)
def test_a_task_that_never_reaches_the_database_fails_after_a_few_tries(database_queue):
    result = never_reaches_the_database.enqueue()
    worker().run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == MAX_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_the_tasks_a_worker_held_go_back_in_the_queue_and_no_others(database_queue):
    mine = DBTaskResult.objects.get(pk=loses_the_database_the_first_time.enqueue().id)
    theirs = DBTaskResult.objects.get(pk=loses_the_database_the_first_time.enqueue().id)
    mine.claim("worker-a")
    theirs.claim("worker-b")
    worker("worker-a")._requeue_held_tasks()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == TaskResultStatus.READY
    assert theirs.status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_failure_could_not_be_requeued_is_requeued_after_the_outage(
    database_queue,
):
    # The database went away again right after the task's failure was written.
    row = DBTaskResult.objects.get(pk=never_reaches_the_database.enqueue().id)
    row.claim("worker-a")
    row.set_failed(OperationalError("server closed the connection unexpectedly"))
    worker("worker-a")._requeue_held_tasks()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


@task()
def sends_a_mail():
    runs.append("mail")
    return "verstuurd"


def left_running_by_a_dead_worker(minutes_ago, claims=1):
    result = sends_a_mail.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        worker_ids=[f"dead-worker-{n}" for n in range(claims)],
    )
    return result


@pytest.mark.django_db(transaction=True)
def test_a_task_a_dead_worker_left_running_runs_again_when_a_worker_starts(database_queue):
    stale = left_running_by_a_dead_worker(minutes_ago=TASK_STALE_MINUTES + 1)
    recent = left_running_by_a_dead_worker(minutes_ago=1)  # perhaps still running elsewhere
    worker().run()
    assert DBTaskResult.objects.get(pk=stale.id).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=recent.id).status == TaskResultStatus.RUNNING
    assert runs == ["mail"]


@pytest.mark.django_db(transaction=True)
def test_a_task_that_killed_its_worker_every_time_is_given_up(database_queue):
    hopeless = left_running_by_a_dead_worker(TASK_STALE_MINUTES + 1, claims=MAX_ATTEMPTS)
    worker().run()
    row = DBTaskResult.objects.get(pk=hopeless.id)
    assert row.status == TaskResultStatus.FAILED
    assert "died" in row.traceback
    assert runs == []
