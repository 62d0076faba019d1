"""A real PostgreSQL outage: the portal runs under gunicorn with production settings against a
throw-away cluster of its own, which the test stops while a visitor sends the contact form.

Run by ``bash .ci/outage.sh`` (it sets ``OUTAGE_TESTS=1``); skipped otherwise, since it needs
PostgreSQL's server binaries and about a minute. It only ever stops the cluster it started
itself: its own port and data folder, never ``DATABASE_URL``'s."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.deploy.live import portal_env, prepare

REPO = Path(__file__).resolve().parents[2]
POSTGRES_SH = REPO / ".ci" / "postgres.sh"

pytestmark = [
    pytest.mark.outage,
    pytest.mark.skipif(
        os.environ.get("OUTAGE_TESTS") != "1",
        reason="stops a PostgreSQL cluster of its own: run bash .ci/outage.sh",
    ),
]

TYPED_MESSAGE = 'Onze moestuin <b>"De Linde"</b> zoekt hulp & gereedschap.\nGroet, Anna'


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One throw-away cluster, driven through .ci/postgres.sh with its own port and folder."""

    def __init__(self):
        self.port = _free_port()
        self.data_dir = tempfile.mkdtemp(prefix="dorpskracht-outage-pg-")
        other = os.environ.get("DATABASE_URL", "")
        assert f":{self.port}/" not in other, "never the database other tests use"
        self.url = ""

    def _run(self, command):
        env = {**os.environ, "PG_PORT": str(self.port), "PG_DATA_DIR": self.data_dir}
        done = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            ["bash", str(POSTGRES_SH), command],  # noqa: S607
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    def start(self):
        self.url = self._run("start")

    def stop(self):
        self._run("stop")

    def resume(self):
        self._run("resume")


@pytest.fixture(scope="module")
def cluster():
    if shutil.which("bash") is None:
        pytest.fail("bash is needed to run .ci/postgres.sh")
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.stop()
    shutil.rmtree(cluster.data_dir, ignore_errors=True)


def _wait_until_serving(base, server, log_path):
    deadline = time.monotonic() + 120
    while True:
        try:
            if requests.get(f"{base}/", timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not come up: {log_path.read_text()}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def portal(cluster, tmp_path_factory):
    """The portal under gunicorn with production settings; yields its base URL."""
    import psycopg

    admin_url = cluster.url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute("CREATE DATABASE dorpskracht")
    work = tmp_path_factory.mktemp("outage-portal")
    env = portal_env(cluster.url, work)
    prepare(env)

    port = _free_port()
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1", GUNICORN_THREADS="2")
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, server, work / "gunicorn.log")
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


class FormReader(HTMLParser):
    """The POST form of a page that posts to ``path``: its action and every named input and
    textarea (with its value as a browser would send it)."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.action = None
        self.fields = []
        self._in_form = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and self.action is None:
            if urlsplit(attrs.get("action", "")).path == self.path:
                self.action, self._in_form = attrs["action"], True
        elif self._in_form and tag == "input" and attrs.get("name"):
            self.fields.append([attrs["name"], attrs.get("value", "")])
        elif self._in_form and tag == "textarea":
            self._textarea = [attrs["name"], ""]
            self.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # As browsers do: a newline right after <textarea> is not part of the value.
            self._textarea[1] = self._textarea[1].removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def read_form(html, path="/contact/"):
    reader = FormReader(path)
    reader.feed(html)
    return reader


def test_a_message_sent_during_an_outage_comes_back_and_can_be_sent_again(cluster, portal):
    page = requests.get(f"{portal}/contact/", timeout=10)
    assert page.status_code == 200
    # Production cookies are Secure; over plain http the test sends them back itself.
    cookies = dict(page.cookies)
    form = read_form(page.text)
    names = [name for name, _value in form.fields]
    assert {"naam", "e_mailadres", "uw_vraag_of_bericht"} <= set(names)
    typed = {
        **dict(form.fields),
        "naam": "Anna de Vries",
        "e_mailadres": "anna@example.nl",
        "uw_vraag_of_bericht": TYPED_MESSAGE,
    }

    cluster.stop()
    try:
        refused = requests.post(
            f"{portal}/contact/",
            data=typed,
            cookies=cookies,
            headers={"Referer": f"{portal}/contact/"},
            timeout=10,
        )
        elsewhere = requests.get(f"{portal}/over-ons/", timeout=10)
        cached_home = requests.get(f"{portal}/", timeout=10)
    finally:
        cluster.resume()

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "60"
    assert "no-store" in refused.headers["Cache-Control"]
    assert "De website is even niet bereikbaar" in refused.text
    assert "probeer het over een minuut opnieuw" in refused.text
    assert "Er ging iets mis" not in refused.text
    # What was typed is in the page, escaped, in a form that posts to the same address.
    assert escape(TYPED_MESSAGE) in refused.text
    assert "<b>" not in refused.text
    assert "Anna de Vries" in refused.text
    again = read_form(refused.text)
    assert again.action is not None, "the outage page posts the form to the same address"
    resent = dict(again.fields)
    assert resent["uw_vraag_of_bericht"] == TYPED_MESSAGE
    assert resent["csrfmiddlewaretoken"]
    assert elsewhere.status_code == 503
    assert elsewhere.headers["Retry-After"] == "60"
    assert "De website is even niet bereikbaar" in elsewhere.text
    # The home page was cached for anonymous visitors before the outage: it is still served.
    assert cached_home.status_code == 200

    # The database is back: "Opnieuw versturen" posts exactly what the outage page holds.
    sent = requests.post(
        f"{portal}{again.action}",
        data=again.fields,
        cookies=cookies,
        headers={"Referer": f"{portal}/contact/"},
        timeout=10,
    )
    assert sent.status_code == 200, sent.text[:2000]
    assert "Dank u wel" in sent.text

    import psycopg

    with psycopg.connect(cluster.url) as connection:
        stored = connection.execute(
            "SELECT form_data->>'uw_vraag_of_bericht' FROM wagtailforms_formsubmission"
            " WHERE form_data->>'uw_vraag_of_bericht' IS NOT NULL"  # not the event registrations
        ).fetchall()
    assert stored == [(TYPED_MESSAGE,)]
    # The 503 was never cached: the home page is back for everyone (production caches pages).
    home = requests.get(f"{portal}/", timeout=10)
    assert home.status_code == 200
    assert "De website is even niet bereikbaar" not in home.text
