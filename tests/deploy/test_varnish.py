"""Varnish in front of gunicorn (deploy/varnish/default.vcl): what it keeps, for whom, and that
the portal makes it forget at once.

Run by ``bash .ci/frontend_cache.sh`` (it sets ``VARNISH_TESTS=1``); skipped otherwise. Needs a
PostgreSQL server in DATABASE_URL (the test makes a database of its own there) and Debian's
varnish. Ports: free ones, or VARNISH_PORT, VARNISH_ADMIN_PORT and VARNISH_BACKEND_PORT."""

import http.client
import os
import re
import subprocess
import uuid

import pytest
import requests

from tests.outage.test_database_outage import read_form

from .live import REPO, Gunicorn, create_database, drop_database, manage, port_from_env, portal_env

pytestmark = [
    pytest.mark.varnish,
    pytest.mark.skipif(
        os.environ.get("VARNISH_TESTS") != "1"
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs Varnish and PostgreSQL: run bash .ci/frontend_cache.sh",
    ),
]


class Stack:
    def __init__(self, work):
        self.database_url, self.database = create_database(
            os.environ["DATABASE_URL"], "dorpskracht_varnish"
        )
        varnish_port = port_from_env("VARNISH_PORT")
        app_port = port_from_env("VARNISH_BACKEND_PORT")
        self.url = f"http://127.0.0.1:{varnish_port}"
        self.varnish_port = varnish_port
        # Production settings, the portal's own page cache on: both caches must forget together.
        self.env = portal_env(self.database_url, work, FRONTEND_CACHE_URL=self.url)
        self.varnish_env = {
            **os.environ,
            "VARNISH_PORT": str(varnish_port),
            "VARNISH_ADMIN_PORT": str(port_from_env("VARNISH_ADMIN_PORT")),
            "VARNISH_BACKEND": f"127.0.0.1:{app_port}",
            "VARNISH_DIR": str(work / "varnish"),
        }
        manage(self.env, "migrate", "--noinput", "-v", "0")
        manage(self.env, "load_demo_content", "--skip-index")
        manage(self.env, "collectstatic", "--noinput", "-v", "0")
        self.app = Gunicorn(self.env, app_port, work / "gunicorn.log")
        self._varnish("start")

    def _varnish(self, command):
        return subprocess.run(  # noqa: S603 (our own script)
            ["bash", str(REPO / ".ci" / "varnish.sh"), command],  # noqa: S607
            env=self.varnish_env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def stop(self):
        self._varnish("stop")
        self.app.stop()
        drop_database(os.environ["DATABASE_URL"], self.database)

    def get(self, path, **kwargs):
        return requests.get(f"{self.url}{path}", timeout=30, allow_redirects=False, **kwargs)

    def shell(self, code):
        """Python in a manage.py process of its own: an editor's change in another process."""
        manage(self.env, "shell", "-c", code)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("varnish"))
    yield stack
    stack.stop()


def cached_twice(stack, path, **kwargs):
    """Asks twice; the second answer must come from Varnish."""
    stack.get(path, **kwargs)
    again = stack.get(path, **kwargs)
    assert again.headers["X-Cache"] == "HIT", again.headers
    return again


def test_an_anonymous_page_comes_from_varnish_the_second_time(stack):
    first = stack.get("/over-ons/")
    second = stack.get("/over-ons/")
    assert first.status_code == second.status_code == 200
    assert "Set-Cookie" not in first.headers
    assert second.headers["X-Cache"] == "HIT"
    assert int(second.headers["Age"]) >= 0
    assert second.text == first.text
    # The browser still sees the portal's own Vary.
    assert "Cookie" in second.headers["Vary"]


def test_each_language_has_its_own_copy_and_accept_language_is_ignored(stack):
    dutch = cached_twice(stack, "/", cookies={"_ga": "GA1.2.3"})
    english = cached_twice(stack, "/", cookies={"django_language": "en"})
    assert dutch.headers["Content-Language"] == "nl"
    assert english.headers["Content-Language"] == "en"
    browser_english = stack.get("/", headers={"Accept-Language": "en"})
    assert browser_english.headers["X-Cache"] == "HIT"
    assert browser_english.headers["Content-Language"] == "nl"


def _log_in(stack):
    page = stack.get("/account/login/")
    assert page.headers["X-Cache"] == "PASS"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookies = dict(page.cookies)  # Secure cookies: over plain http the test sends them itself
    answer = requests.post(
        f"{stack.url}/account/login/",
        data={
            "csrfmiddlewaretoken": token,
            "login": "initiatiefnemer@dorpskracht.example",
            "password": "dorpskracht-demo",
        },
        cookies=cookies,
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:2000]
    assert answer.headers["X-Cache"] == "PASS"
    return {**cookies, **dict(answer.cookies)}


def test_a_logged_in_visitor_gets_a_fresh_page(stack):
    anonymous = cached_twice(stack, "/")
    assert "Inloggen" in anonymous.text
    cookies = _log_in(stack)
    assert "sessionid" in cookies
    for _ in range(2):
        mine = stack.get("/", cookies=cookies)
        assert mine.headers["X-Cache"] == "PASS"
        assert "Uitloggen" in mine.text
        assert "Inloggen" not in mine.text
    # The initiator's own area never comes from a cache either.
    own = stack.get("/aanvragen/", cookies=cookies)
    assert own.headers["X-Cache"] == "PASS"


def test_a_form_post_is_never_cached_and_a_form_page_is_not_kept(stack):
    page = stack.get("/contact/")
    again = stack.get("/contact/")
    # The contact page has a CSRF token: it sets the cookie, so Varnish keeps no copy.
    assert "csrftoken" in page.cookies
    assert again.headers["X-Cache"] == "PASS"
    cookies = dict(page.cookies)
    form = read_form(page.text)
    sent = []
    for number in (1, 2):
        message = f"Bericht {number} via Varnish {uuid.uuid4().hex[:6]}"
        data = {
            **dict(form.fields),
            "naam": "Anna de Vries",
            "e_mailadres": "anna@example.nl",
            "uw_vraag_of_bericht": message,
        }
        answer = requests.post(
            f"{stack.url}/contact/",
            data=data,
            cookies=cookies,
            headers={"Referer": f"{stack.url}/contact/"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text[:2000]
        assert answer.headers["X-Cache"] == "PASS"
        assert "Dank u wel" in answer.text
        sent.append(message)

    import psycopg

    with psycopg.connect(stack.database_url) as connection:
        stored = {
            row[0]
            for row in connection.execute(
                "SELECT form_data->>'uw_vraag_of_bericht' FROM wagtailforms_formsubmission"
            )
        }
    assert set(sent) <= stored


def test_a_publish_is_seen_through_varnish_at_once(stack):
    cached_twice(stack, "/over-ons/")
    cached_twice(stack, "/")
    title = f"Over ons, vernieuwd {uuid.uuid4().hex[:6]}"
    stack.shell(
        "from wagtail.models import Page\n"
        "page = Page.objects.get(url_path__endswith='/over-ons/').specific\n"
        f"page.title = {title!r}\n"
        "page.save_revision().publish()\n"
    )
    page = stack.get("/over-ons/")
    assert page.headers["X-Cache"] == "MISS"
    assert title in page.text
    # Not only the page's own address: every page (menus, listings) is fetched afresh.
    assert stack.get("/").headers["X-Cache"] == "MISS"


def test_a_site_settings_change_is_seen_through_varnish_at_once(stack):
    cached_twice(stack, "/over-ons/")
    text = f"Het portaal van de dorpen, nu met Varnish {uuid.uuid4().hex[:6]}."
    stack.shell(
        "from wagtail.models import Site\n"
        "from home.models import FooterSettings\n"
        "footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))\n"
        f"footer.text = {text!r}\n"
        "footer.save()\n"
    )
    page = stack.get("/over-ons/")
    assert page.headers["X-Cache"] == "MISS"
    assert text in page.text


def test_an_unpublished_page_is_gone_through_varnish_at_once(stack):
    stack.shell(
        "from wagtail.models import Page\n"
        "from home.models import StandardPage\n"
        "parent = Page.objects.get(url_path__endswith='/over-ons/')\n"
        "page = parent.add_child(instance=StandardPage(title='Tijdelijk', slug='tijdelijk'))\n"
        "page.save_revision().publish()\n"
    )
    cached_twice(stack, "/over-ons/tijdelijk/")
    stack.shell(
        "from wagtail.models import Page\n"
        "Page.objects.get(url_path__endswith='/tijdelijk/').unpublish()\n"
    )
    gone = stack.get("/over-ons/tijdelijk/")
    assert gone.status_code == 404
    assert gone.headers["X-Cache"] != "HIT"


def _ask_from(address, port, method, path, headers=None):
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(address, 0)
    )
    try:
        connection.request(method, path, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


def test_only_the_app_hosts_may_purge_or_ban(stack):
    cached_twice(stack, "/over-ons/")
    # 127.0.0.2 is this machine too, but not in the VCL's "purgers" ACL.
    assert _ask_from("127.0.0.2", stack.varnish_port, "BAN", "/") == 405
    assert _ask_from("127.0.0.2", stack.varnish_port, "PURGE", "/over-ons/") == 405
    # A visitor's request passed on by a TLS proxy on this machine comes from 127.0.0.1 too.
    passed_on = {"X-Forwarded-For": "203.0.113.9"}
    assert _ask_from("127.0.0.1", stack.varnish_port, "BAN", "/", passed_on) == 405
    assert _ask_from("127.0.0.1", stack.varnish_port, "PURGE", "/over-ons/", passed_on) == 405
    assert stack.get("/over-ons/").headers["X-Cache"] == "HIT"
    assert _ask_from("127.0.0.1", stack.varnish_port, "PURGE", "/over-ons/") == 200
    assert stack.get("/over-ons/").headers["X-Cache"] == "MISS"


@pytest.mark.parametrize(
    "path", ["/admin/", "/django-admin/", "/account/login/", "/aanvragen/", "/zoeken/?q=dorp"]
)
def test_the_admin_and_the_personal_areas_always_go_to_the_portal(stack, path):
    stack.get(path)
    assert stack.get(path).headers["X-Cache"] == "PASS"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_health_probes_answer_the_load_balancer_on_the_host_not_through_varnish(stack, path):
    assert stack.get(path).status_code == 404
    assert requests.get(f"{stack.app.base}{path}", timeout=30).status_code == 200
