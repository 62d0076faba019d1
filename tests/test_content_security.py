"""The Content-Security-Policy: on every response (public pages, the admin, error pages), strict
on the public site, with the admin's documented exceptions; and no inline script, style or
event handler without a nonce in any page our templates render."""

import io
import re

from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import include, path

from wagtail.models import Page, get_page_models

import pytest

from grants.models import Application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def directives(response):
    policy = response[HEADER]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_public_policy(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    # And the public bucket's address when one serves the images (S3_PUBLIC_BUCKET).
    assert policy["img-src"] == ["'self'", "data:", *settings.PUBLIC_MEDIA_ORIGINS]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_a_public_page_has_the_strict_policy(client):
    from tests.home.factories import make_site_home

    home = make_site_home()

    response = client.get(home.url)

    assert response.status_code == 200
    assert_public_policy(response)
    # Nothing on the public site asks for a nonce, so none is sent (and pages stay cacheable).
    assert "'nonce-" not in response[HEADER]


def test_the_404_page_has_the_strict_policy(client):
    from tests.home.factories import make_site_home

    make_site_home()

    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert_public_policy(response)


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), path("", include("portal.urls"))]


def test_the_500_page_has_the_strict_policy(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
    assert_public_policy(response)


def test_the_admin_allows_inline_script_and_style_and_nothing_more(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/")

    policy = directives(response)
    # Wagtail 8 writes inline <script> and style="" itself (see the admin policy in settings).
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in response[HEADER]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_the_admin_policy_never_carries_a_nonce_that_would_switch_off_unsafe_inline(rf):
    from core.content_security import ContentSecurityPolicyMiddleware

    request = rf.get("/admin/pages/3/edit/preview/")
    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
    middleware.process_request(request)
    str(request.csp_nonce)  # something in the page asked for one

    response = middleware.process_response(request, HttpResponse())

    assert "'nonce-" not in response[HEADER]
    assert "'unsafe-inline'" in directives(response)["script-src"]


def test_a_public_page_that_uses_a_nonce_gets_it_in_the_header(rf):
    from core.content_security import ContentSecurityPolicyMiddleware

    request = rf.get("/")
    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
    middleware.process_request(request)
    nonce = str(request.csp_nonce)

    response = middleware.process_response(request, HttpResponse())

    assert f"'nonce-{nonce}'" in directives(response)["script-src"]


# --- every page our templates render --------------------------------------------------------

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
DATA_TYPES = ("application/json", "application/ld+json")


def inline_code(html):
    """What in this HTML the strict policy would block: inline scripts and styles without a
    nonce, style="" attributes, on…= handlers and javascript: links."""
    found = []
    for match in SCRIPT.finditer(html):
        attrs = match.group(1)
        is_data = any(kind in attrs for kind in DATA_TYPES)
        if "src=" not in attrs and "nonce=" not in attrs and not is_data:
            found.append(match.group(0))
    found += [m.group(0) for m in STYLE_ELEMENT.finditer(html) if "nonce=" not in m.group(1)]
    for pattern in (STYLE_ATTRIBUTE, EVENT_HANDLER, JAVASCRIPT_URL):
        found += [m.group(0)[:120] for m in pattern.finditer(html)]
    return found


def test_the_scanner_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script nonce="abc">ok()</script><script type="application/json">{}</script>'
        '<style>p{}</style><p style="color:red"></p><a href="javascript:x()">x</a>'
        '<button onclick="x()">x</button>'
    )
    assert len(inline_code(html)) == 5


def _public_urls(client):
    """Every live page (of every page type the demo has) and the public views around them."""
    urls = [page.url for page in Page.objects.live().public().specific() if page.depth > 1]
    assert len(urls) > 25
    # The showcase's projects are routes of its page, not pages of their own.
    showcase = client.get("/projecten/").text
    urls += sorted(set(re.findall(r'href="(/projecten/[^"?#]+/)"', showcase)))
    urls += ["/zoeken/?q=dorp", "/account/login/", "/account/signup/", "/bestaat-niet/"]
    return urls


def test_no_page_of_ours_has_inline_code_without_a_nonce(client):
    call_command("load_demo_content", "--skip-index", stdout=io.StringIO())
    covered = {type(page) for page in Page.objects.live().specific() if page.depth > 1}
    ours = {m for m in get_page_models() if m._meta.app_label in {"home", "knowledge", "grants"}}
    assert ours <= covered, f"no demo page of type {ours - covered}"

    problems = {}
    for url in _public_urls(client):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_public_policy(response)
        if found := inline_code(response.text):
            problems[url] = found
    # A landing page (the honeypot's: nothing is stored).
    response = client.post("/contact/", {"hp_website": "x"})
    assert "Bedankt voor uw bericht" in response.text
    if found := inline_code(response.text):
        problems["/contact/ (verstuurd)"] = found
    # The initiator's own pages.
    application = Application.objects.select_related("owner").first()
    client.force_login(application.owner)
    for url in ["/aanvragen/", "/aanvragen/nieuw/", f"/aanvragen/{application.reference}/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_public_policy(response)
        if found := inline_code(response.text):
            problems[url] = found

    assert not problems, problems
