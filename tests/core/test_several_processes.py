"""Three gunicorn processes (three hosts, one worker each) with production settings, one SQLite
database and one Redis (REDIS_URL): what one process counts or clears, the others see.

Measured before, with each process's own memory as the cache: a wrong password posted to the
three processes in turn was refused only at the 16th try (15 got through where 5 were meant);
a page published through one process stayed cached in the others until it expired.

Run with a throw-away Redis (the tests empty it):
    REDIS_URL=$(bash .ci/redis.sh start) .venv/bin/pytest -p no:cacheprovider -m redis tests/core
Skipped without REDIS_URL. A small forwarding proxy (a load balancer in miniature: it appends
X-Forwarded-For and hands requests to the three in turn) stands in front for the proxy test.
"""

import http.client
import itertools
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="needs a Redis: REDIS_URL=$(bash .ci/redis.sh start)"),
]

LOGIN = "/account/login/"
DEMO_PASSWORD = "dorpskracht-demo"  # load_demo_content's accounts
INITIATORS = [
    "initiatiefnemer@dorpskracht.example",
    "dorpsbelang@dorpskracht.example",
    "buurtgroep@dorpskracht.example",
]
WRONG = "geraden-wachtwoord"
LOCKED = "Er is te vaak een verkeerd wachtwoord ingevuld."
NOT_CORRECT = "Het e-mailadres of het wachtwoord klopt niet. Controleer ze en probeer het opnieuw."
HOSTS = 3


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(work):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{work / 'portal.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "TRUSTED_PROXY_COUNT": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private-media"),
        "EMAIL_URL": "dummy:",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _wait_until_ready(port, server, log_path):
    """Polls /readyz: the database, both Redis caches and the storages answer."""
    deadline = time.monotonic() + 120
    while True:
        try:
            status, _headers, _text = Browser().request(port, "GET", "/readyz")
            if status == 200:
                return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not come up: {log_path.read_text()}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """Three gunicorn processes on one database and one Redis; yields (env, [ports])."""
    work = tmp_path_factory.mktemp("several-processes")
    env = _environment(work)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo_content", "--skip-index")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    servers, ports, logs = [], [], []
    try:
        for number in range(HOSTS):
            port = _free_port()
            log_path = work / f"gunicorn-{number}.log"
            logs.append(log_path.open("w"))
            servers.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                    cwd=REPO,
                    env={
                        **env,
                        "GUNICORN_BIND": f"127.0.0.1:{port}",
                        "GUNICORN_WORKERS": "1",
                        "GUNICORN_THREADS": "2",
                        # Each "host" has a folder of its own; with Redis it stays unused.
                        "PAGE_CACHE_DIR": str(work / f"page-cache-{number}"),
                    },
                    stdout=logs[-1],
                    stderr=subprocess.STDOUT,
                )
            )
            ports.append(port)
        for port, server, number in zip(ports, servers, range(HOSTS), strict=True):
            _wait_until_ready(port, server, work / f"gunicorn-{number}.log")
        yield env, ports
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        for log in logs:
            log.close()


@pytest.fixture
def redis_caches():
    """The two caches the processes share, as Django sees them; empty at the start of a test
    (rate-limit counters of an earlier test would count here)."""
    from django.core.cache.backends.redis import RedisCache

    from portal.settings.base import redis_database

    default = RedisCache(REDIS_URL, {})
    pages = RedisCache(redis_database(REDIS_URL, 1), {})
    default.clear()
    pages.clear()
    yield default, pages
    default.clear()
    pages.clear()


class Browser:
    """One visitor: cookies of its own and, on loopback, a source address of its own
    (127.0.0.2, 127.0.0.3…), so a proxy in front sees different clients. Plain http.client:
    production's cookies are Secure, which a cookie jar would not send back over HTTP."""

    def __init__(self, source="127.0.0.1"):
        self.source = source
        self.cookies = {}

    def request(self, port, method, path, fields=None, headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=(self.source, 0)
        )
        # One public name for every process, as a load balancer passes it on (the page cache
        # and allauth's site both read the Host header, port included).
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def log_in(self, port, email, password, headers=None):
        """'in', 'wrong' or 'refused': what the person reads after posting the login form."""
        status, _headers, page = self.request(port, "GET", LOGIN, headers=headers)
        assert status == 200, page[:2000]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {"csrfmiddlewaretoken": token, "login": email, "password": password}
        status, _headers, page = self.request(port, "POST", LOGIN, fields, headers)
        if status == 302:
            return "in"
        assert status == 200, page[:2000]
        if LOCKED in page:
            return "refused"
        assert NOT_CORRECT in page, page[:2000]
        return "wrong"


def test_five_wrong_passwords_lock_an_account_whichever_process_answers(hosts, redis_caches):
    _env, ports = hosts
    turns = itertools.cycle(ports)
    guesser = Browser()
    answers = [guesser.log_in(next(turns), INITIATORS[0], WRONG) for _ in range(6)]
    assert answers == ["wrong"] * 5 + ["refused"]
    # The right password, on each of the three, is refused too: the limit is the account's.
    assert [Browser().log_in(port, INITIATORS[0], DEMO_PASSWORD) for port in ports] == [
        "refused"
    ] * HOSTS
    # Another account is not affected.
    assert Browser().log_in(ports[1], INITIATORS[1], DEMO_PASSWORD) == "in"


def _title(page):
    return re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1).strip()


def test_a_publish_in_one_process_clears_the_page_cache_of_all(hosts, redis_caches):
    env, ports = hosts
    _default, pages = redis_caches
    visitor = Browser()
    seen = []
    for port in ports:
        status, headers, page = Browser().request(port, "GET", "/")
        assert status == 200
        seen.append((headers["X-Page-Cache"], _title(page)))
    old_title = seen[0][1]
    # One process rendered the page; the other two served that same copy from Redis.
    assert seen == [("miss", old_title), ("hit", old_title), ("hit", old_title)]
    version = pages.get("page-cache:version")
    assert version

    # A publish in a fourth process (a management command, as an editor's save would be).
    manage(
        env,
        "shell",
        "-c",
        "from wagtail.models import Site\n"
        "page = Site.objects.get(is_default_site=True).root_page.specific\n"
        "page.seo_title = 'Dorpskracht, vernieuwd'\n"
        "page.save_revision().publish()\n",
    )
    assert pages.get("page-cache:version") not in (None, version)

    for port in reversed(ports):
        status, headers, page = visitor.request(port, "GET", "/")
        assert status == 200
        assert "Dorpskracht, vernieuwd" in _title(page)
    assert headers["X-Page-Cache"] == "hit"  # the first of these rendered it afresh, for all


class _Forwarder(BaseHTTPRequestHandler):
    """Hands each request to the next backend, appending the client's address to
    X-Forwarded-For as nginx's $proxy_add_x_forwarded_for and Varnish do."""

    hop_by_hop = {"connection", "keep-alive", "transfer-encoding", "content-length"}

    def _forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in self.hop_by_hop}
        forwarded = headers.pop("X-Forwarded-For", None)
        client = self.client_address[0]
        headers["X-Forwarded-For"] = f"{forwarded}, {client}" if forwarded else client
        backend = http.client.HTTPConnection("127.0.0.1", self.server.next_backend(), timeout=30)
        try:
            backend.request(self.command, self.path, body=body or None, headers=headers)
            answer = backend.getresponse()
            content = answer.read()
        finally:
            backend.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in self.hop_by_hop:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_HEAD = _forward

    def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
        pass


@pytest.fixture
def proxy(hosts):
    """The forwarding proxy in front of the three; yields its port."""
    _env, ports = hosts
    turns = itertools.cycle(ports)
    lock = threading.Lock()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Forwarder)

    def next_backend():
        with lock:
            return next(turns)

    server.next_backend = next_backend
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_behind_a_proxy_ten_failures_lock_out_the_guesser_not_the_neighbour(proxy, redis_caches):
    guesser, neighbour = Browser("127.0.0.2"), Browser("127.0.0.3")
    # Five wrong passwords for each of two accounts: allauth's 10 a minute per address.
    answers = [guesser.log_in(proxy, INITIATORS[turn // 5], WRONG) for turn in range(10)]
    assert answers == ["wrong"] * 10
    # Even a third account's right password is refused from the guesser's address…
    assert guesser.log_in(proxy, INITIATORS[2], DEMO_PASSWORD) == "refused"
    # …while the neighbour behind the same proxy logs in with it.
    assert neighbour.log_in(proxy, INITIATORS[2], DEMO_PASSWORD) == "in"


def test_behind_a_proxy_a_forged_forwarded_for_does_not_hide_the_guesser(proxy, redis_caches):
    """The guesser writes a new X-Forwarded-For each time; the proxy appends the real address,
    and only that entry counts (TRUSTED_PROXY_COUNT=1)."""
    guesser = Browser("127.0.0.2")
    answers = [
        guesser.log_in(
            proxy, INITIATORS[turn // 5], WRONG, {"X-Forwarded-For": f"198.18.0.{turn + 1}"}
        )
        for turn in range(10)
    ]
    assert answers == ["wrong"] * 10
    forged = {"X-Forwarded-For": "198.18.0.99"}
    assert guesser.log_in(proxy, INITIATORS[2], DEMO_PASSWORD, forged) == "refused"


def _send_contact_message(browser, port, number):
    """The contact form as a visitor fills it in: 200 with thanks, or 429 with the refusal."""
    from tests.outage.test_database_outage import read_form

    status, _headers, page = browser.request(port, "GET", "/contact/")
    assert status == 200
    form = read_form(page)
    fields = {
        **dict(form.fields),
        "naam": "Anna de Vries",
        "e_mailadres": "anna@example.nl",
        "uw_vraag_of_bericht": f"Bericht nummer {number} over de moestuin.",
    }
    status, headers, page = browser.request(port, "POST", form.action, fields)
    if status == 200:
        assert "Dank u wel" in page
    return status, headers


def test_behind_a_proxy_the_contact_form_limit_counts_each_visitor_across_processes(
    proxy, redis_caches
):
    """At most five messages per visitor's address in 15 minutes (home.ContactPage), counted
    in Redis by whichever process answers, for the address the proxy saw."""
    sender, neighbour = Browser("127.0.0.2"), Browser("127.0.0.3")
    statuses = [_send_contact_message(sender, proxy, n)[0] for n in range(6)]
    assert statuses == [200] * 5 + [429]
    status, headers = _send_contact_message(sender, proxy, 7)
    assert status == 429
    assert 0 < int(headers["Retry-After"]) <= 15 * 60
    assert _send_contact_message(neighbour, proxy, 1)[0] == 200
