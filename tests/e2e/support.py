"""What the journeys check on a page: axe-core, keyboard reach, visible focus, announced errors;
and how a person who enters the admin logs in (password, then the authenticator-app code)."""

import json
import os
from pathlib import Path

import pytest

from .conftest import REPO, REQUIRED

AXE_VERSION = "4.14.1"
AXE_JS = Path(
    os.environ.get("E2E_AXE_JS", REPO / ".ci-work" / f"axe-core-{AXE_VERSION}" / "axe.min.js")
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# --- logging in ------------------------------------------------------------------------------

FACTORY_PASSWORD = "wachtwoord-123"  # tests.factories.UserFactory's


def log_in_to_admin(page, user, password=FACTORY_PASSWORD, secret=None):
    """The one login (allauth's, behind /admin/login/), then the code that an authenticator app
    with ``secret`` (default: the factories' TOTP_SECRET) shows now."""
    import re

    from playwright.sync_api import expect

    from tests.factories import TOTP_SECRET, totp_code

    page.goto("/admin/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Code uit uw authenticator-app")).to_be_visible()
    page.locator("#id_code").fill(totp_code(secret or TOTP_SECRET))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("navigation", name=re.compile("Hoofdmenu|Main menu"))).to_be_visible()


# --- axe-core ----------------------------------------------------------------------------------


def require_axe():
    if AXE_JS.exists():
        return
    message = (
        f"axe-core {AXE_VERSION} is not at {AXE_JS}: run bash .ci/e2e.sh once "
        f"(it fetches it with npm pack), or set E2E_AXE_JS"
    )
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(page, context=None):
    """Run axe-core on the page as it is now; returns its violations at WCAG 2.1 A and AA."""
    require_axe()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # does not govern; a <script> tag (add_script_tag) would be inline code it refuses.
        page.evaluate(AXE_JS.read_text() + "\n;true")
    result = page.evaluate(
        """async ([context, tags]) => {
            return await axe.run(context || document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
        }""",
        [context, AXE_TAGS],
    )
    return result["violations"]


def describe_violations(url, violations):
    lines = []
    for violation in violations:
        lines.append(f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            target = " ".join(json.dumps(t) for t in node["target"])
            lines.append(f"    {target}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


class AxeAudit:
    """Collects violations over several pages so one failure lists all of them."""

    def __init__(self):
        self.found = []
        self.checked = []

    def check(self, page, label=None):
        label = label or page.url
        self.checked.append(label)
        violations = axe_violations(page)
        if violations:
            self.found.append(describe_violations(label, violations))
        return violations

    def assert_clean(self):
        assert not self.found, (
            f"axe-core found WCAG 2.1 A/AA violations on {len(self.found)} of "
            f"{len(self.checked)} pages:\n" + "\n".join(self.found)
        )


# --- keyboard ----------------------------------------------------------------------------------

_ACTIVE_ELEMENT = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const label = el.labels && el.labels.length ? el.labels[0].innerText.trim()
        : (el.getAttribute('aria-label') || el.innerText || el.value || '').trim();
    return {
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute('type') || '',
        id: el.id || '',
        name: el.getAttribute('name') || '',
        label: label.slice(0, 80),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        focusVisible: el.matches(':focus-visible'),
    };
}"""


def has_visible_focus(info):
    outline = info["outlineStyle"] not in ("none", "") and info["outlineWidth"] > 0
    shadow = info["boxShadow"] not in ("none", "")
    return outline or shadow


def tab_through(page, limit=250):
    """Press Tab from the top of the page until focus leaves it; returns each focused element."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(_ACTIVE_ELEMENT)
        if info is None:
            break
        key = (info["tag"], info["id"], info["name"], info["label"], info["type"])
        if seen and key == seen[0]["key"]:
            break  # wrapped around
        info["key"] = key
        seen.append(info)
    return seen


def form_fields(page, form_selector):
    """The names (or ids) of every field a person fills in, in the form. A honeypot (out of the
    Tab order and hidden from assistive technology, core/honeypot.py) is for bots only."""
    return page.eval_on_selector(
        form_selector,
        """form => Array.from(form.querySelectorAll('input, select, textarea'))
            .filter(el => el.type !== 'hidden' && !el.disabled && el.offsetParent !== null)
            .filter(el => !(el.tabIndex === -1 && el.closest('[aria-hidden="true"]')))
            .map(el => el.name || el.id)""",
    )


def assert_keyboard_reaches_every_field(page, form_selector):
    """Tab order reaches every visible field of the form, and every stop shows its focus."""
    stops = tab_through(page)
    reached = {s["name"] or s["id"] for s in stops}
    missing = [name for name in form_fields(page, form_selector) if name not in reached]
    assert not missing, f"Tab never reaches these fields: {missing}"
    invisible = [
        f"{s['tag']}#{s['id'] or s['name'] or s['label']}"
        for s in stops
        if not has_visible_focus(s)
    ]
    assert not invisible, f"No visible focus (outline or box-shadow) on: {invisible}"
    return stops


def assert_errors_announced(page):
    """After a refused submit: a summary that is announced (role=alert) or has the focus, and
    every invalid field is marked and points at its message."""
    announced = page.evaluate(
        """() => {
            const alert = document.querySelector('[role=alert]');
            const active = document.activeElement;
            const focusedSummary = active && active !== document.body &&
                (active.matches('[class*=error-summary], [class*=errorlist], [role=alert]') ||
                 active.closest('[role=alert], [class*=error-summary]'));
            return {
                alert: alert ? alert.innerText.trim() : '',
                focused: !!focusedSummary,
            };
        }"""
    )
    assert announced["alert"] or announced["focused"], (
        "the form's errors are neither in a role=alert region nor does the summary get focus"
    )
    fields = page.evaluate(
        """() => Array.from(document.querySelectorAll('[aria-invalid=true]')).map(el => {
            const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
            const text = ids.map(id => document.getElementById(id))
                .filter(Boolean).map(n => n.innerText.trim()).join(' ');
            return {name: el.name || el.id, described: text};
        })"""
    )
    assert fields, "no field is marked aria-invalid=true"
    undescribed = [f["name"] for f in fields if not f["described"]]
    assert not undescribed, (
        f"invalid fields without an error message via aria-describedby: {undescribed}"
    )
    return announced, fields


def tab_until(page, selector, limit=250, backwards=False):
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{limit} × {key} never reached {selector}")


def focused(page):
    return page.evaluate(
        "() => document.activeElement && (document.activeElement.id || document.activeElement.name || document.activeElement.tagName)"
    )
