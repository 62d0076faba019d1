"""The checks of the two-host stage (.ci/twohost.sh starts everything and runs this).

It talks HTTP to host A, host B and Varnish as a browser behind the TLS proxy would
(``X-Forwarded-Proto: https``) and uses Django's ORM (host A's environment) only to look up
what a person would read off the screen (a page's id, the demo's scheme names, the TOTP code an
authenticator app shows) and to check what landed in the database. Each check prints PASS or
FAIL with what it saw; the exit status is 1 when any failed.

Environment (set by twohost.sh): HOST_A_URL, HOST_B_URL, VARNISH_URL, MAIL_DIR, WORKER_PID,
WORKER_LOG, VARNISH_DIR (varnishstat), PG_PORT and PG_DATA_DIR (the cluster twohost.sh started:
check (e) restarts it)."""

import html
import io
import os
import re
import secrets
import subprocess
import sys
import time
import traceback
import uuid
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import django  # noqa: E402

django.setup()

from django.db import close_old_connections, connection  # noqa: E402

A = os.environ["HOST_A_URL"].rstrip("/")
B = os.environ["HOST_B_URL"].rstrip("/")
VARNISH = os.environ.get("VARNISH_URL", "").rstrip("/")
TIMEOUT = 30
# The one name the visitors use: a load balancer hands both hosts the same Host header, and
# what is counted or cached per site (allauth's login limit, the page cache) is keyed on it.
PUBLIC_HOST = os.environ.get("PUBLIC_HOST", "localhost")
HEADERS = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}

# --- a browser behind the TLS proxy ----------------------------------------------------------


class Browser:
    def __init__(self, client_address=None):
        self.session = requests.Session()
        self.session.headers.update(HEADERS)
        if client_address:  # what the proxy in front adds (TRUSTED_PROXY_COUNT=1)
            self.session.headers["X-Forwarded-For"] = client_address

    def _unsecure_cookies(self, response):
        # The hosts mark cookies Secure (they are told the visitor came over HTTPS); loopback
        # is plain HTTP, so send them back anyway, as the browser behind the proxy does.
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, url, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        return self._unsecure_cookies(self.session.get(url, **kwargs))

    def post(self, url, data=None, *, referer=None, **kwargs):
        """A form post: the CSRF token of the last page read from ``referer`` (default: ``url``)
        and a Referer of the same origin, as Django's CSRF check asks of HTTPS requests."""
        path = re.sub(r"^https?://[^/]+", "", referer or url)
        kwargs.setdefault("timeout", TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        headers = {"Referer": f"https://{PUBLIC_HOST}{path}", **kwargs.pop("headers", {})}
        return self._unsecure_cookies(self.session.post(url, data=data, headers=headers, **kwargs))

    def form(self, url):
        """GET ``url``; returns its response and the CSRF token of the form on it."""
        response = self.get(url)
        assert response.status_code == 200, f"GET {url}: HTTP {response.status_code}"
        return response, csrf_token(response.text)

    def log_in(self, base, email, password, totp_secret=None):
        """allauth's login on ``base`` (then the authenticator code when asked)."""
        login = f"{base}/account/login/"
        _, token = self.form(login)
        response = self.post(
            login, {"csrfmiddlewaretoken": token, "login": email, "password": password}
        )
        assert response.status_code == 302, f"login as {email}: HTTP {response.status_code}"
        if "/2fa/" in response.headers["Location"]:
            step = base + response.headers["Location"]
            _, token = self.form(step)
            response = self.post(
                step, {"csrfmiddlewaretoken": token, "code": totp_code(totp_secret)}
            )
            assert response.status_code == 302, f"second factor: HTTP {response.status_code}"
        return response


def csrf_token(text):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    assert match, "no CSRF token in the form"
    return match.group(1)


def totp_code(secret=None):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from demo.second_factor import DEMO_TOTP_SECRET

    # The code of the 30 s step it is typed in: wait out the last second of a step.
    if time.time() % 30 > 28.5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret or DEMO_TOTP_SECRET, int(time.time()) // 30))


def text_of(response):
    return html.unescape(response.text)


_admin = []


def admin_browser():
    """The demo administrator, logged in through host A (password and authenticator code):
    once, since an authenticator code counts only once."""
    if _admin:
        return _admin[0]
    from demo.home import DEMO_ADMIN, DEMO_ADMIN_EMAIL

    browser = Browser()
    browser.log_in(A, DEMO_ADMIN_EMAIL, DEMO_ADMIN[1])
    response = browser.get(f"{A}/admin/")
    assert response.status_code == 200, f"admin dashboard on A: HTTP {response.status_code}"
    _admin.append(browser)
    return browser


def official_browser():
    from demo.grants import DEMO_PASSWORD, USERS

    browser = Browser()
    browser.log_in(A, USERS["official"].email, DEMO_PASSWORD)
    response = browser.get(f"{A}/admin/")
    assert response.status_code == 200, f"admin dashboard on A: HTTP {response.status_code}"
    return browser


# --- the checks ------------------------------------------------------------------------------

CHECKS = []


def check(title):
    def register(function):
        CHECKS.append((title, function))
        return function

    return register


def cached_twice(url, header):
    """GET ``url`` until the cache in question answers from memory (at most five tries);
    returns the body it serves."""
    for _ in range(5):
        response = requests.get(url, timeout=TIMEOUT, headers=HEADERS)
        assert response.status_code == 200, f"GET {url}: HTTP {response.status_code}"
        if header(response):
            return response.text
    raise AssertionError(f"{url} was never served from the cache: {dict(response.headers)}")


def page_cache_hit(response):
    return response.headers.get("X-Page-Cache") == "hit"


def varnish_hit(response):
    # deploy/varnish/default.vcl says HIT, MISS or PASS in X-Cache.
    return response.headers.get("X-Cache", "").upper() == "HIT"


@check("(a) a publish through host A is seen at once through host B and through Varnish")
def publish_seen_everywhere():
    from wagtail.models import Page

    from home.models import HomePage

    home = HomePage.objects.live().first()
    page = Page.objects.live().public().child_of(home).exclude(url_path__contains="contact").first()
    path = page.relative_url(page.get_site())
    new_title = f"{page.title} (bijgewerkt {uuid.uuid4().hex[:6]})"
    # The editor's draft (what typing in the editor and saving would do), then the publish of
    # that draft through the admin on A: Wagtail's own publish action, signals and all.
    specific = page.specific
    specific.title = new_title
    revision = specific.save_revision()
    close_old_connections()

    stale_b = cached_twice(B + path, page_cache_hit)
    stale_v = cached_twice(VARNISH + path, varnish_hit) if VARNISH else None
    assert new_title not in stale_b, "the draft showed before it was published"
    print(f"    {path} is in B's page cache and in Varnish; publishing revision {revision.pk} on A")

    admin = admin_browser()
    action = f"{A}/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    _, token = admin.form(action)
    response = admin.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302, f"bulk publish on A: HTTP {response.status_code}"
    published = time.monotonic()
    page.refresh_from_db()
    assert page.title == new_title, f"the publish did not take: title is still {page.title!r}"

    seen_b = requests.get(B + path, timeout=TIMEOUT, headers=HEADERS)
    assert new_title in html.unescape(seen_b.text), (
        f"host B still serves the old page (X-Page-Cache: {seen_b.headers.get('X-Page-Cache')})"
    )
    print(f"    B: new title {time.monotonic() - published:.2f} s after the publish")
    if stale_v is not None:
        seen_v = requests.get(VARNISH + path, timeout=TIMEOUT, headers=HEADERS)
        assert new_title in html.unescape(seen_v.text), (
            f"Varnish still serves the old page (Age: {seen_v.headers.get('Age')})"
        )
        print(f"    Varnish: new title {time.monotonic() - published:.2f} s after the publish")
    else:
        raise AssertionError("no VARNISH_URL: Varnish was not checked")
    sent = varnish_backend_requests()
    print(f"    Varnish's round robin so far: {sent}")
    busy = [backend for backend, count in sent.items() if count]
    assert len(busy) >= 2, "Varnish did not send requests to both hosts"


def varnish_backend_requests():
    """Requests Varnish sent to each backend (varnishstat's VBE.<vcl>.<backend>.req)."""
    done = subprocess.run(  # noqa: S603
        ["varnishstat", "-n", f"{os.environ['VARNISH_DIR']}/work", "-1", "-f", "VBE.*.req"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    counts = {}
    for line in done.stdout.splitlines():
        name, value = line.split()[:2]
        backend = name.rsplit(".", 2)[-2]
        counts[backend] = counts.get(backend, 0) + int(value)
    return counts


@check("(b) a document uploaded through host A is served by host B")
def upload_served_by_other_host():
    from wagtail.documents import get_document_model

    admin = admin_browser()
    add = f"{A}/admin/documents/add/"
    page, token = admin.form(add)
    collection = re.search(r'name="collection"[^>]*>\s*<option value="(\d+)"', page.text)
    content = f"Notulen dorpsoverleg {uuid.uuid4()}\n".encode()
    title = f"Notulen twee hosts {uuid.uuid4().hex[:6]}"
    data = {"csrfmiddlewaretoken": token, "title": title}
    if collection:
        data["collection"] = collection.group(1)
    response = admin.post(add, data, files={"file": ("notulen.txt", io.BytesIO(content))})
    assert response.status_code == 302, (
        f"document upload on A: HTTP {response.status_code} {response.text[:300]}"
    )
    document = get_document_model().objects.get(title=title)
    close_old_connections()
    served = requests.get(B + document.url, timeout=TIMEOUT, headers=HEADERS)
    assert served.status_code == 200, f"B {document.url}: HTTP {served.status_code}"
    assert served.content == content, "B served other bytes than were uploaded on A"
    print(f"    B served {document.url} ({len(content)} bytes, same as uploaded on A)")


@check("(b2) an image uploaded through host A is shown (rendition made) by host B")
def image_from_a_rendered_by_b():
    from wagtail.images import get_image_model

    from PIL import Image as PillowImage

    admin = admin_browser()
    add = f"{A}/admin/images/add/"
    page, token = admin.form(add)
    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 480), (40, 120, 60)).save(buffer, "PNG")
    title = f"Dorpsplein twee hosts {uuid.uuid4().hex[:6]}"
    data = {"csrfmiddlewaretoken": token, "title": title}
    collection = re.search(r'name="collection"[^>]*>\s*<option value="(\d+)"', page.text)
    if collection:
        data["collection"] = collection.group(1)
    response = admin.post(add, data, files={"file": ("dorpsplein.png", buffer.getvalue())})
    assert response.status_code == 302, f"image upload on A: HTTP {response.status_code}"
    image = get_image_model().objects.get(title=title)
    before = set(image.renditions.values_list("pk", flat=True))
    close_old_connections()
    # B's edit page shows a thumbnail: a rendition B makes from the original uploaded on A.
    edit = admin.get(f"{B}/admin/images/{image.pk}/")
    assert edit.status_code == 200, f"B's image page: HTTP {edit.status_code}"
    rendition = image.renditions.exclude(pk__in=before).order_by("-pk").first()
    close_old_connections()
    assert rendition is not None, "B made no rendition of the image uploaded on A"
    url = rendition.url if rendition.url.startswith("http") else B + rendition.url
    served = requests.get(url, timeout=TIMEOUT, headers=HEADERS)
    assert served.status_code == 200, f"rendition {url}: HTTP {served.status_code}"
    assert served.headers.get("Content-Type", "").startswith("image/"), "not an image"
    print(f"    B made and serves {rendition.url} ({len(served.content)} bytes)")


@check("(c) an import staged through host A is previewed and confirmed through host B")
def import_staged_on_a_confirmed_on_b():
    from grants.models import Application, Category, FundingScheme, Village
    from tests.grants.spreadsheet_files import csv_bytes, make_row

    reference = f"TWEE-{uuid.uuid4().hex[:6].upper()}"
    row = make_row(
        FundingScheme.objects.order_by("pk").first(),
        Village.objects.order_by("pk").first(),
        Category.objects.order_by("pk").first(),
        Kenmerk=reference,
    )
    sheet = csv_bytes([row])
    close_old_connections()

    official = official_browser()
    upload = f"{A}/admin/gegevens/importeren/"
    _, token = official.form(upload)
    response = official.post(
        upload,
        {"csrfmiddlewaretoken": token},
        files={"file": ("historie.csv", io.BytesIO(sheet), "text/csv")},
    )
    assert response.status_code == 302, (
        f"upload on A: HTTP {response.status_code} {text_of(response)[:500]}"
    )
    preview_path = response.headers["Location"]
    print(f"    staged on A: {preview_path}")

    preview = official.get(B + preview_path)
    assert preview.status_code == 200, (
        f"preview on B: HTTP {preview.status_code} -> {preview.headers.get('Location')}"
    )
    assert reference in preview.text, "B's preview does not show the staged row"
    token = csrf_token(preview.text)
    response = official.post(B + preview_path, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302, f"confirm on B: HTTP {response.status_code}"
    imported = Application.objects.filter(reference=reference).count()
    close_old_connections()
    assert imported == 1, f"{imported} applications {reference} after the confirm on B"
    print(f"    confirmed on B: application {reference} imported once")


# What the login form says once the limit is reached (security/adapter.py).
LIMIT_MESSAGE = "Er is te vaak een verkeerd wachtwoord ingevuld."


def new_account(password):
    """A verified initiator of this run's own (a demo account's limit would outlast a rerun)."""
    from django.contrib.auth import get_user_model

    from allauth.account.models import EmailAddress

    email = f"twee-hosts-{uuid.uuid4().hex[:8]}@dorpskracht.example"
    user = get_user_model().objects.create_user(username=email, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    close_old_connections()
    return email


def failures_until_refused(bases, email, client_address, limit=12):
    """Wrong passwords for ``email``, in turn on each of ``bases``, until the form says there
    were too many; returns how many were counted as failures before that."""
    browser = Browser(client_address)
    for attempt in range(1, limit + 1):
        base = bases[(attempt - 1) % len(bases)]
        _, token = browser.form(f"{base}/account/login/")
        response = browser.post(
            f"{base}/account/login/",
            {"csrfmiddlewaretoken": token, "login": email, "password": f"fout-{attempt}"},
        )
        assert response.status_code in (200, 400, 429), f"login: HTTP {response.status_code}"
        if LIMIT_MESSAGE in text_of(response):
            return attempt - 1, browser
    raise AssertionError(f"{limit} wrong passwords and no limit")


@check("(d) the login limit holds across both hosts: same count as on one host")
def login_limit_across_hosts():
    password = f"goed-{uuid.uuid4().hex}"
    alone, together = new_account(password), new_account(password)
    # Each from its own client address, passed on as the proxy in front would: the per-address
    # limit of one run never trips the other's.
    first = 1 + secrets.randbelow(250)
    one, _ = failures_until_refused([A], alone, f"198.51.100.{first}")
    both, browser = failures_until_refused([A, B], together, f"198.51.100.{first + 1}")
    print(f"    one host: refused after {one} wrong passwords; A and B in turn: after {both}")
    assert one > 0, "refused before any wrong password"
    assert one == both, f"the limit tripped after {one} on one host but {both} on two"
    # The limit holds for the right password too, on the other host.
    _, token = browser.form(f"{B}/account/login/")
    response = browser.post(
        f"{B}/account/login/",
        {"csrfmiddlewaretoken": token, "login": together, "password": password},
    )
    assert response.status_code != 302, "the right password got in while the limit was reached"
    assert LIMIT_MESSAGE in text_of(response), "the right password: no word of the limit"


def pg(command):
    subprocess.run(  # noqa: S603 (our own script)
        ["bash", str(REPO / ".ci" / "postgres.sh"), command],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=120,
    )


def worker_alive(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    # A zombie (exited, not yet reaped by twohost.sh's shell) is dead too.
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().split(") ", 1)[1][:1] != "Z"


def mails():
    """The messages the file backend wrote (one file per connection, messages separated)."""
    text = "".join(p.read_text(errors="replace") for p in Path(os.environ["MAIL_DIR"]).glob("*"))
    return text


@check("(e) the worker (run_worker) survives a PostgreSQL restart, sends every queued e-mail")
def worker_survives_restart():
    from datetime import timedelta

    from django.utils import timezone

    from wagtail.contrib.forms.models import FormSubmission

    from home.models import ContactPage
    from home.tasks import send_contact_notification

    contact = ContactPage.objects.live().first()
    field = contact.get_form_fields().first()
    markers = [f"twee-hosts-{uuid.uuid4().hex[:8]}" for _ in range(5)]
    # Five messages queued for a moment from now, so the worker meets them during the outage.
    run_after = timezone.now() + timedelta(seconds=3)
    for marker in markers:
        submission = FormSubmission.objects.create(
            page=contact, form_data={field.clean_name: marker}
        )
        send_contact_notification.using(run_after=run_after).enqueue(submission.pk)
    connection.close()
    print(f"    {len(markers)} e-mails queued; stopping PostgreSQL for 10 s")
    pg("stop")
    time.sleep(10)
    pg("resume")
    restarted = time.monotonic()
    worker = int(os.environ["WORKER_PID"])
    deadline = restarted + 60
    while True:
        missing = [m for m in markers if m not in mails()]
        alive = worker_alive(worker)
        if not missing or not alive or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert alive, "the worker died: " + Path(os.environ["WORKER_LOG"]).read_text()[-1500:]
    assert not missing, f"{len(missing)} of {len(markers)} queued e-mails never sent"
    twice = sum(mails().count(m) > 1 for m in markers)
    print(
        f"    all {len(markers)} sent, {time.monotonic() - restarted:.1f} s after the restart"
        f" ({twice} of them twice: the worker runs a task at least once)"
    )
    for base in (A, B):
        response = requests.get(f"{base}/", timeout=TIMEOUT, headers=HEADERS)
        assert response.status_code == 200, f"{base} after the restart: {response.status_code}"


def main():
    only = set(sys.argv[1:])
    failed = 0
    started = time.monotonic()
    for title, function in CHECKS:
        if only and function.__name__ not in only and title[:3] not in only:
            continue
        print(f"\n{title}", flush=True)
        t0 = time.monotonic()
        try:
            function()
        except Exception as error:  # noqa: BLE001 (every failure is reported, then the next)
            failed += 1
            detail = "".join(traceback.format_exception_only(error)).strip()
            print(f"  FAIL ({time.monotonic() - t0:.1f} s): {detail}", flush=True)
            if not isinstance(error, AssertionError):
                traceback.print_exc()
        else:
            print(f"  PASS ({time.monotonic() - t0:.1f} s)", flush=True)
    print(
        f"\ntwo-host checks: {len(CHECKS) - failed if not only else '-'} passed, {failed} failed "
        f"({time.monotonic() - started:.0f} s)"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
