"""What the simulated people do. Run by bench/load/run.py (locust headless, bounded run time).

Every request goes to the --host (127.0.0.1 only) as if through the TLS proxy production sits
behind (``X-Forwarded-Proto: https``), so the production settings' secure cookies and CSRF
referer checks apply exactly as they would for a real visitor.

Environment (set by run.py): BENCH_PATHS (JSON from seed.py: page paths and a valid
scheme/village/category), BENCH_PASSWORD, BENCH_INITIATORS, BENCH_OFFICIALS, BENCH_OUT and
BENCH_LABEL (where initiators record what they submitted, for verify.py, and the page-cache
counts). BENCH_HOSTS: several base URLs (comma-separated) that every user takes in turn, request
by request, like a round-robin load balancer; all requests then carry one Host header
(BENCH_PUBLIC_HOST), as behind a load balancer, so both hosts share cached pages and limits.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, constant, events, task

from bench.load.forms import find_form

PATHS = json.loads(os.environ.get("BENCH_PATHS", "{}"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
SEARCH_WORDS = ["dorp", "energie", "moestuin", "samenwerken", "zorg", "burgerkracht", "jongeren"]
_initiator_numbers = itertools.count()
_official_numbers = itertools.count()
_submitted = []
HOSTS = [h.rstrip("/") for h in os.environ.get("BENCH_HOSTS", "").split(",") if h.strip()]
PUBLIC_HOST = os.environ.get("BENCH_PUBLIC_HOST", "127.0.0.1")
_host_turns = itertools.count()
# X-Page-Cache of every answer to a GET (core/caching.py): hit, miss, or none (not cacheable).
_page_cache = {"hit": 0, "miss": 0, "none": 0}


@events.request.add_listener
def _count_page_cache(request_type, response=None, exception=None, **kwargs):
    if request_type != "GET" or response is None or exception is not None:
        return
    state = response.headers.get("X-Page-Cache", "none")
    _page_cache[state] = _page_cache.get(state, 0) + 1


@events.test_stop.add_listener
def _write_submitted(environment, **kwargs):
    out = os.environ.get("BENCH_OUT")
    if out:
        label = os.environ.get("BENCH_LABEL", "run")
        path = Path(out) / f"submitted-{label}.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in _submitted))
        (Path(out) / f"pagecache-{label}.json").write_text(json.dumps(_page_cache))


class PortalUser(HttpUser):
    abstract = True
    wait_time = constant(0)  # closed loop without think time: measures capacity

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.client.headers["Accept-Language"] = "nl"
        if HOSTS:
            self.client.headers["Host"] = PUBLIC_HOST
            self._turn = next(_host_turns)  # users start on different hosts

    def _origin(self):
        if HOSTS:
            return f"https://{PUBLIC_HOST}"
        return self.host.replace("http://", "https://", 1)

    def _url(self, path):
        """The next host in turn (BENCH_HOSTS), or the --host."""
        if not HOSTS:
            return path
        self._turn += 1
        return HOSTS[self._turn % len(HOSTS)] + path

    def _unsecure_cookies(self):
        # The server marks cookies Secure (it thinks it is behind TLS); the test client talks
        # plain HTTP on loopback, so let it send them back.
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, path, name=None, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        response = self.client.get(self._url(path), name=name or path, **kwargs)
        self._unsecure_cookies()
        return response

    def post(self, path, data, name=None, files=None, expect=(302,)):
        headers = {"Referer": self._origin() + path}
        token = self.client.cookies.get("csrftoken")
        if token:
            headers["X-CSRFToken"] = token
        with self.client.post(
            self._url(path),
            data=data,
            files=files,
            headers=headers,
            name=name or path,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in expect:
                response.failure(f"status {response.status_code}, expected {expect}")
            else:
                response.success()
        self._unsecure_cookies()
        return response


class CeilingUser(PortalUser):
    """A minimal Django view on the same server: the ceiling for everything else."""

    @task
    def ping(self):
        self.get("/__bench__/ping/")


class PageReader(PortalUser):
    """Reads the public pages only: home, events, knowledge bank (index and articles). The pages
    the anonymous page cache serves, without search (which it never serves)."""

    @task(3)
    def home(self):
        self.get(PATHS.get("home", "/"), name="home")

    @task(2)
    def events(self):
        self.get(PATHS["events"], name="events index")

    @task(2)
    def knowledge(self):
        self.get(PATHS["knowledge"], name="knowledge index")

    @task(2)
    def article(self):
        if PATHS.get("articles"):
            self.get(random.choice(PATHS["articles"]), name="knowledge article")


class AnonymousVisitor(PageReader):
    """Reads the public site: home, events, knowledge bank (index and articles), search."""

    weight = 6

    @task(2)
    def search(self):
        self.get(f"/zoeken/?q={random.choice(SEARCH_WORDS)}", name="search")


class Initiator(PortalUser):
    """Logs in, starts applications, saves drafts, and submits about half of them."""

    weight = 3

    def on_start(self):
        super().on_start()
        n = next(_initiator_numbers) % int(os.environ.get("BENCH_INITIATORS", "40"))
        self.email = f"bench-initiator-{n}@example.nl"
        self.get("/account/login/", name="login page")
        self.post(
            "/account/login/",
            {"login": self.email, "password": PASSWORD},
            name="login (initiator)",
        )

    def _application_data(self, form, title):
        spec = PATHS["application"]
        overrides = {
            "scheme": str(spec["scheme"]),
            "village": str(spec["village"]),
            "category": str(spec["category"]),
            "title": title,
            "summary": "Een plek waar buren samen groente kweken en elkaar leren kennen.",
            "plan_what": "Twaalf moestuinbakken en een wekelijkse tuinochtend.",
            "plan_for_whom": "Bewoners van de kern, jong en oud.",
            "plan_when": "Van maart tot oktober.",
            "organisation_type": "informal",
            "organisation_name": "Tuinploeg",
            "contact_name": "Bench Bewoner",
            "contact_email": self.email,
            "iban": "NL91ABNA0417164300",
            "iban_holder": "Tuinploeg",
            "privacy_consent": "on",
            "budget-0-kind": "cost",
            "budget-0-description": "Hout en aarde",
            "budget-0-amount": str(spec["amount"]),
        }
        return form.data(overrides)

    @task(3)
    def my_applications(self):
        self.get("/aanvragen/", name="my applications")

    @task(4)
    def draft_and_maybe_submit(self):
        response = self.get("/aanvragen/nieuw/", name="application form")
        if response.status_code != 200:
            return
        form = find_form(response.text, has_field="title")
        title = f"Buurtmoestuin {random.randint(1, 10**6)}"
        data = self._application_data(form, title) + [("action", "save")]
        saved = self.post("/aanvragen/nieuw/", data, name="save draft (new)")
        location = saved.headers.get("Location", "")
        match = re.search(r"/aanvragen/([A-Z]+-\d{4}-\d+)/wijzigen/", location)
        if not match:
            return
        reference = match.group(1)
        edit = self.get(location.split("#")[0], name="edit draft")
        if edit.status_code != 200 or random.random() < 0.5:
            return
        form = find_form(edit.text, has_field="title")
        data = form.data({"action": "submit"}, drop=("action",))
        submitted = self.post(f"/aanvragen/{reference}/wijzigen/", data, name="submit")
        if submitted.headers.get("Location", "").rstrip("/").endswith(reference):
            _submitted.append({"reference": reference, "email": self.email})


class Official(PortalUser):
    """Logs into the Wagtail admin, filters the listing, opens applications and moves the
    submitted ones along (start the dialogue, or approve a small amount)."""

    weight = 1

    def on_start(self):
        super().on_start()
        n = next(_official_numbers) % int(os.environ.get("BENCH_OFFICIALS", "4"))
        self.get("/admin/login/", name="admin login page")
        self.post(
            "/admin/login/",
            {"username": f"bench-official-{n}", "password": PASSWORD},
            name="login (official)",
        )

    @task(3)
    def listing(self):
        state = random.choice(["submitted", "in_dialogue", "approved", ""])
        self.get(f"/admin/aanvragen/?state={state}", name="admin listing (filtered)")

    @task(2)
    def transition(self):
        listing = self.get("/admin/aanvragen/?state=submitted", name="admin listing (filtered)")
        links = re.findall(r'href="(/admin/aanvragen/inspect/\d+/)"', listing.text)
        if not links:
            return
        url = random.choice(links)
        detail = self.get(url, name="admin application")
        if detail.status_code != 200:
            return
        # The admin's transition forms carry their transition's name as field prefix.
        if random.random() < 0.5:
            name = "start_dialogue"
            overrides = {"start_dialogue-note": "Kunt u de offerte toelichten?"}
        else:
            name = "approve"
            overrides = {"approve-granted_amount": "300", "approve-decision_text": "Akkoord."}
        try:
            form = next(f for f in _forms(detail.text) if ("transition", name) in f.fields)
        except StopIteration:
            return
        data = form.data(overrides)
        # Another official may have been first: a 409 with the message is a correct answer.
        self.post(url, data, name=f"admin {name}", expect=(200, 302, 409))


def _forms(html):
    from bench.load.forms import parse_forms

    return parse_forms(html)
