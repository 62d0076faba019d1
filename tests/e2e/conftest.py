"""Browser journeys in headless Chromium (Playwright for Python, Debian's ``chromium``).

Every test in this folder is marked ``e2e``. Without ``/usr/bin/chromium`` (or Playwright) they
are skipped with the reason; with ``E2E_REQUIRED=1`` (set by ``.ci/e2e.sh``) a missing browser or
a missing axe-core is an error instead, so CI can never pass by skipping them.

The portal runs in pytest-django's ``live_server``. On an in-memory SQLite database the server
shares the test's one connection, so it handles one request at a time; on PostgreSQL it is
threaded and two officials really do click at the same moment.

Screenshots go to ``test-artifacts/e2e/<test>/``: one per ``shot()`` and one on failure.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", REPO / "test-artifacts" / "e2e"))
REQUIRED = os.environ.get("E2E_REQUIRED", "").lower() in {"1", "true", "yes"}
E2E_DIR = Path(__file__).resolve().parent


def _missing_browser_reason():
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium, or run bash .ci/e2e.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing (make install)"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    reason = _missing_browser_reason()
    for item in items:
        if E2E_DIR not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        # Every journey needs real tables (the live server is another thread) and the
        # migration data (Wagtail's root page and locale, the groups). Asking for a serialized
        # rollback here makes pytest-django keep a copy of that data when it creates the test
        # database; ``fresh_database`` loads it back (see there).
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if reason and not REQUIRED:
            item.add_marker(pytest.mark.skip(reason=f"browser journeys skipped: {reason}"))
    if reason and REQUIRED and any(E2E_DIR in Path(str(i.fspath)).parents for i in items):
        raise pytest.UsageError(f"E2E_REQUIRED is set but {reason}")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # pytest-django's own restore of the serialized copy fails when another transactional test
    # flushed the database before (its post_migrate recreates content types that clash with
    # the copy); ``fresh_database`` empties the tables first. So: a plain transactional test.
    if E2E_DIR in Path(str(item.fspath)).parents:
        item.own_markers = [m for m in item.own_markers if m.name != "django_db"]
        item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _slug(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


# --- the server --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server on 127.0.0.1, single-threaded on an in-memory SQLite db.

    Created after the test database (``django_db_setup``), so it always sees the database the
    tests use: the in-memory SQLite one is shared with the server thread (Django's own way),
    PostgreSQL gets a connection per request thread."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import QuietWSGIRequestHandler

    from pytest_django.live_server_helper import LiveServer

    addr = os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
    server = LiveServer(addr, start=False)
    if server.thread.connections_override:
        # One shared sqlite connection: never let two requests use it at once.
        thread = server.thread

        def single_threaded(connections_override=None):
            return WSGIServer(
                (thread.host, thread.port), QuietWSGIRequestHandler, allow_reuse_address=False
            )

        thread._create_server = single_threaded
    server.start()
    yield server
    server.stop()


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright(_migrated_data):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop marked as running in this thread, which makes
    # Django refuse every ORM call from the test (factories, assertions, the db flush). The test
    # code is plain synchronous code, so the guard is lifted while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            yield pw
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Artifacts:
    """Numbered screenshots of one test's pages in test-artifacts/e2e/<test>/."""

    def __init__(self, nodeid):
        self.folder = ARTIFACTS / _slug(nodeid.split("::", 1)[-1])
        self.count = 0
        self.pages = []

    def shot(self, page, name):
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{_slug(name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def shoot_failure(self):
        for i, page in enumerate(self.pages):
            if page.is_closed():
                continue
            try:
                self.shot(page, f"failure-{i}")
                (self.folder / f"failure-{i}.html").write_text(page.content())
            except Exception:  # noqa: BLE001, S110 - a screenshot must never hide the real error
                pass


# --- the console: a Content-Security-Policy violation fails the journey -------------------------

# Chromium logs "Refused to execute inline script because it violates the following Content
# Security Policy directive…"; the init script also reports every securitypolicyviolation event.
CSP_VIOLATION = re.compile(r"Refused to|Content Security Policy|securitypolicyviolation")
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`securitypolicyviolation: ${event.effectiveDirective} blocked `
    + `${event.blockedURI || "inline code"} at ${event.sourceFile || document.URL}:${event.lineNumber}`);
});
"""


class BrowserConsole:
    """Console messages and page errors of one test's pages."""

    def __init__(self):
        self.lines = []

    def watch(self, context, page):
        context.add_init_script(script=REPORT_CSP_VIOLATIONS)
        page.on("console", lambda message: self.lines.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.lines.append(f"pageerror: {error}"))

    def csp_violations(self):
        return [line for line in self.lines if CSP_VIOLATION.search(line)]


@pytest.fixture
def browser_console():
    return BrowserConsole()


@pytest.fixture
def artifacts(request):
    return Artifacts(request.node.nodeid)


@pytest.fixture
def new_page(request, browser, live_server, artifacts, browser_console):
    """Open a page in a fresh browser context (its own cookies: one person). A journey whose
    pages reported a Content-Security-Policy violation fails at the end."""
    contexts = []

    def open_page(**options):
        options.setdefault("locale", "nl-NL")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        browser_console.watch(context, page)
        artifacts.pages.append(page)
        return page

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        artifacts.shoot_failure()
    for context in contexts:
        context.close()
    if report is not None and report.passed and (violations := browser_console.csp_violations()):
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def shot(artifacts, page):
    """``shot("step name")`` or ``shot("step", other_page)``: a screenshot at a key step."""

    def take(name, on=None):
        return artifacts.shot(on or page, name)

    return take


# --- the site ----------------------------------------------------------------------------------


@pytest.fixture
def site(fresh_database, live_server):
    """A HomePage as the default site's root (as the demo content makes it), on the live server."""
    from tests.home.factories import make_site_home

    return make_site_home()


@pytest.fixture
def scheme(fresh_database):
    """An open funding scheme for one village and one category."""
    from decimal import Decimal

    from tests.grants.factories import CategoryFactory, FundingSchemeFactory, VillageFactory

    village = VillageFactory(name="Ellecom", slug="ellecom")
    VillageFactory(name="Laag-Soeren", slug="laag-soeren")
    category = CategoryFactory(name="Groen & duurzaam", slug="groen-duurzaam")
    scheme = FundingSchemeFactory(
        name="Dorpsinitiatieven 2026",
        slug="dorpsinitiatieven-2026",
        min_amount=Decimal("250"),
        max_amount=Decimal("5000"),
        yearly_budget=Decimal("20000"),
    )
    scheme.villages.add(village)
    scheme.categories.add(category)
    return scheme


@pytest.fixture
def official(fresh_database):
    from tests.factories import UserFactory

    # Enters the admin: a verified e-mail address (allauth's login) and the factories' TOTP secret.
    return UserFactory(
        username="ambtenaar", first_name="Anna", groups=["Ambtenaren"], verified_email=True
    )


def png_bytes(color="green", size=(640, 400)):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Wagtail caches site root paths; the database is rebuilt for every journey."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    return
