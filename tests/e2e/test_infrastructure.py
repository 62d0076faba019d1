"""The browser harness itself: the server answers, the browser renders, axe-core runs."""

from .support import AxeAudit, has_visible_focus, tab_through


def test_the_live_server_answers_in_chromium_and_axe_runs(page, shot):
    page.goto("/admin/login/")
    shot("admin login")
    assert page.get_by_label("Gebruikersnaam").is_visible()
    audit = AxeAudit()
    audit.check(page, "admin login")
    assert audit.checked == ["admin login"]


def test_tab_stops_report_their_focus_style(page):
    page.set_content(
        "<style>a:focus{outline:3px solid #000} button:focus{outline:none}</style>"
        "<a href='#x'>link</a><button>knop</button>"
    )
    stops = tab_through(page)
    assert [s["tag"] for s in stops] == ["a", "button"]
    assert has_visible_focus(stops[0])
    assert not has_visible_focus(stops[1])


def test_axe_reports_a_field_without_a_label(page):
    page.set_content("<html lang='nl'><title>x</title><main><input type='text'></main></html>")
    audit = AxeAudit()
    audit.check(page, "unlabelled field")
    assert "label" in audit.found[0]
