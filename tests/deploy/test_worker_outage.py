"""The background worker (``manage.py run_worker``) through a real PostgreSQL outage: mails
queued before, during and after the outage are all sent, by the same process.

Run by ``bash .ci/worker_outage.sh`` (it sets ``WORKER_OUTAGE_TESTS=1``); skipped otherwise. It
starts a PostgreSQL cluster of its own through .ci/postgres.sh (a free port or
WORKER_OUTAGE_PG_PORT) and only ever stops that one."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .live import REPO, free_port, manage, portal_env

pytestmark = [
    pytest.mark.worker_outage,
    pytest.mark.skipif(
        os.environ.get("WORKER_OUTAGE_TESTS") != "1",
        reason="stops a PostgreSQL cluster of its own: run bash .ci/worker_outage.sh",
    ),
]

OUTAGE_SECONDS = 10
COMMAND = os.environ.get("WORKER_OUTAGE_COMMAND", "run_worker")


class Cluster:
    def __init__(self):
        self.port = int(os.environ.get("WORKER_OUTAGE_PG_PORT") or free_port())
        self.data_dir = tempfile.mkdtemp(prefix="dorpskracht-worker-pg-")
        assert f":{self.port}/" not in os.environ.get("DATABASE_URL", ""), "never DATABASE_URL's"

    def run(self, command):
        env = {**os.environ, "PG_PORT": str(self.port), "PG_DATA_DIR": self.data_dir}
        return subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            ["bash", str(REPO / ".ci" / "postgres.sh"), command],  # noqa: S607
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    cluster.url = cluster.run("start")
    yield cluster
    cluster.run("stop")
    shutil.rmtree(cluster.data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def portal_env_(cluster, tmp_path_factory):
    import psycopg

    with psycopg.connect(cluster.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        db.execute("CREATE DATABASE dorpskracht")
    work = tmp_path_factory.mktemp("worker")
    mails = work / "mails"
    mails.mkdir()
    # Production settings: the database task queue, and every mail a file to read.
    env = portal_env(cluster.url, work, EMAIL_URL=f"file:///{mails}")
    env.pop("TASKS_BACKEND", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content", "--skip-index")
    env["_MAILS"] = str(mails)
    return env


ENQUEUE = """
import datetime
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from home.models import ContactPage
from home.tasks import send_contact_notification
page = ContactPage.objects.live().first()
task = send_contact_notification.using(run_after=timezone.now() + datetime.timedelta(seconds={delay}))
for marker in {markers!r}:
    submission = FormSubmission.objects.create(page=page, form_data={{
        "naam": "Anna", "e_mailadres": "anna@example.nl", "uw_vraag_of_bericht": marker}})
    task.enqueue(submission.pk)
"""


def enqueue(env, markers, delay=0):
    manage(env, "shell", "-c", ENQUEUE.format(markers=markers, delay=delay))


def sent(env):
    return "".join(path.read_text(errors="replace") for path in Path(env["_MAILS"]).iterdir())


def wait_for(env, markers, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = sent(env)
        if all(marker in text for marker in markers):
            return
        time.sleep(0.5)
    text = sent(env)
    missing = [marker for marker in markers if marker not in text]
    pytest.fail(f"not sent within {seconds} s: {missing}")


@pytest.fixture
def worker(portal_env_, tmp_path):
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603
        # WORKER_OUTAGE_COMMAND=db_worker shows what this guards against (that one dies).
        [sys.executable, "manage.py", COMMAND, "--interval", "0.5", "--no-reload"],
        cwd=REPO,
        env=portal_env_,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_path = log_path
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    log.close()


def test_every_queued_mail_is_sent_after_a_database_outage_by_the_same_worker(
    cluster, portal_env_, worker
):
    before = [f"VOOR-STORING-{n}" for n in range(5)]
    enqueue(portal_env_, before)
    wait_for(portal_env_, before, 60)

    # Queued, due a few seconds from now: the database is gone by then.
    during = [f"TIJDENS-STORING-{n}" for n in range(5)]
    enqueue(portal_env_, during, delay=3)
    pid = worker.pid
    cluster.run("stop")
    try:
        time.sleep(OUTAGE_SECONDS)
        assert worker.poll() is None, worker.log_path.read_text()
    finally:
        cluster.run("resume")

    after = [f"NA-STORING-{n}" for n in range(5)]
    enqueue(portal_env_, after)
    wait_for(portal_env_, during + after, 90)

    assert worker.poll() is None, worker.log_path.read_text()
    assert worker.pid == pid
    log = worker.log_path.read_text()
    assert "Database lost" in log
    assert "carries on" in log
    # Every mail exactly once, and the queue holds nothing unfinished.
    text = sent(portal_env_)
    for marker in before + during + after:
        assert text.count(marker) == 1, marker

    import psycopg

    with psycopg.connect(cluster.url) as connection:
        states = dict(
            connection.execute(
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE task_path = 'home.tasks.send_contact_notification' GROUP BY status"
            ).fetchall()
        )
    assert states == {"SUCCESSFUL": 15}
    print(log)  # noqa: T201 (what the worker said, for the CI log with -s)
