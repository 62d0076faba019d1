"""The officials' Wagtail admin: who gets in, what the pages show, the buttons per state, the
forms that run the workflow, and query counts that do not grow with the data."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from grants import workflow
from grants.admin_views.dashboard import dashboard_figures
from grants.models import Application, FundingScheme, State, TransitionLog
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import (
    ApplicationFactory,
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
)

pytestmark = pytest.mark.django_db

LISTING = "/admin/aanvragen/"


def detail_url(application):
    return reverse("grants_application:inspect", args=[application.pk])


class _FormParser(HTMLParser):
    """Collects each <form>'s fields as a browser would submit them, and its buttons."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"fields": {}, "buttons": []}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.current["fields"][attrs["name"]] = attrs.get("value", "on")
            elif kind != "file":
                self.current["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.current["fields"][self.textarea] = ""
        elif tag == "button":
            self.current["buttons"].append(attrs.get("data-transition"))

    def handle_data(self, data):
        if self.textarea:
            self.current["fields"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None


def transition_form(client, application, name, **values):
    """What the browser posts when the user fills in the "name" form on the detail page."""
    parser = _FormParser()
    parser.feed(client.get(detail_url(application)).content.decode())
    form = next(f for f in parser.forms if name in f["buttons"])
    data = {key: value.strip() for key, value in form["fields"].items()}
    data.update({f"{name}-{key}": value for key, value in values.items()})
    return data


@pytest.fixture
def official():
    return OfficialFactory()


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


# --- who gets in -----------------------------------------------------------------------------


def test_official_sees_the_menu_group_and_the_listing(official_client):
    application = application_in_state("submitted", title="Jeu-de-boulesbaan")
    home = official_client.get("/admin/").content.decode()
    assert "Dorpsinitiatieven" in home
    response = official_client.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert application.reference in html
    assert "Jeu-de-boulesbaan" in html
    assert detail_url(application) in html


@pytest.mark.parametrize(
    ("url_name", "needs_pk"),
    [
        ("grants_application:index", False),
        ("grants_application:inspect", True),
        ("grants_application:attachment", True),
        ("grants_scheme:index", False),
        ("grants_scheme:add", False),
        ("grants_village:index", False),
        ("grants_village:add", False),
        ("grants_category:index", False),
    ],
)
def test_editors_and_initiators_get_no_access_by_url_guessing(client, url_name, needs_pk):
    official = OfficialFactory()
    application = application_in_state("in_dialogue", official_user=official)
    message = workflow.post_message(
        application,
        official,
        "Intern",
        is_internal=True,
        files=[SimpleUploadedFile("notitie.pdf", b"%PDF-1.4 geheim")],
    )
    pk = message.attachments.get().pk if "attachment" in url_name else application.pk
    url = reverse(url_name, args=[pk] if needs_pk else [])

    for user in (EditorFactory(), application.owner, UserFactory(), None):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (user, url)
        assert application.reference.encode() not in response.content
        if response.status_code == 302:
            assert not response["Location"].startswith(url)


def test_editor_sees_no_menu_group_and_no_dashboard_panel(client):
    application_in_state("submitted")
    client.force_login(EditorFactory())
    html = client.get("/admin/").content.decode()
    assert "Dorpsinitiatieven" not in html
    assert "Aanvragen per status" not in html


@pytest.mark.parametrize("path", ["edit", "delete", "copy", "history"])
def test_no_generic_edit_views_exist_for_applications(official_client, path):
    application = application_in_state("submitted")
    assert official_client.get(f"{LISTING}{path}/{application.pk}/").status_code == 404
    assert official_client.get(f"{LISTING}new/").status_code == 404


def test_the_state_cannot_be_posted_through_any_admin_form(official_client):
    application = application_in_state("submitted")
    response = official_client.post(
        detail_url(application), {"action": "edit", "state": "approved"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


# --- listing ---------------------------------------------------------------------------------


def test_drafts_are_hidden_unless_asked_for(official_client):
    draft = ApplicationFactory(title="Nog een concept")
    submitted = application_in_state("submitted")
    html = official_client.get(LISTING).content.decode()
    assert submitted.reference in html
    assert "Nog een concept" not in html
    html = official_client.get(LISTING + "?state=draft").content.decode()
    assert draft.reference in html
    assert submitted.reference not in html


def test_filters_search_and_sorting(official_client):
    village = VillageFactory(name="Oosterwolde")
    scheme = FundingSchemeFactory()
    category = CategoryFactory()
    late = application_in_state(
        "submitted", village=village, title="Speeltuin", scheme=scheme, category=category
    )
    Application.objects.filter(pk=late.pk).update(
        decision_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    dialogue = application_in_state("in_dialogue", title="Dorpsfeest")
    this_year = timezone.localdate().year

    def refs(query):
        response = official_client.get(LISTING + query)
        assert response.status_code == 200, query
        html = response.content.decode()
        return {a.reference for a in (late, dialogue) if a.reference in html}

    assert refs("") == {late.reference, dialogue.reference}
    assert refs("?state=in_dialogue") == {dialogue.reference}
    assert refs(f"?village={village.pk}") == {late.reference}
    assert refs(f"?scheme={scheme.pk}") == {late.reference}
    assert refs(f"?category={category.pk}") == {late.reference}
    assert refs("?overdue=true") == {late.reference}
    assert refs("?overdue=false") == {dialogue.reference}
    assert refs(f"?year={this_year}") == {late.reference, dialogue.reference}
    assert refs(f"?year={this_year - 1}") == set()
    assert refs(f"?q={dialogue.reference}") == {dialogue.reference}
    assert refs("?q=Speeltuin") == {late.reference}
    assert refs("?q=Oosterwolde&state=submitted") == {late.reference}

    html = official_client.get(LISTING + "?ordering=decision_due").content.decode()
    assert html.index(late.reference) < html.index(dialogue.reference)
    html = official_client.get(LISTING + "?ordering=-decision_due").content.decode()
    assert html.index(dialogue.reference) < html.index(late.reference)


def _many_applications(count):
    scheme = FundingSchemeFactory(yearly_budget=Decimal("1000000"))
    villages = [VillageFactory(), VillageFactory()]
    categories = [CategoryFactory(), CategoryFactory()]
    ids = [
        ApplicationFactory(scheme=scheme, village=villages[i % 2], category=categories[i % 2]).pk
        for i in range(count)
    ]
    Application.objects.filter(pk__in=ids).update(
        state=State.SUBMITTED,
        submitted_at=timezone.now(),
        decision_due=timezone.localdate() + datetime.timedelta(weeks=8),
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_listing_query_count_does_not_grow_with_applications(official_client):
    _many_applications(3)
    official_client.get(LISTING)  # warm caches (content types, permissions, site)
    few = _count_queries(official_client, LISTING)
    _many_applications(27)
    many = _count_queries(official_client, LISTING)
    assert many == few, f"{few} queries for 3 applications, {many} for 30"
    filtered = LISTING + "?state=submitted&overdue=false&ordering=village"
    assert _count_queries(official_client, filtered) <= few + 1


def test_the_unguarded_builtin_csv_export_is_not_offered(official_client):
    # Exports go through grants.exporting, which neutralises formulas in cells.
    application_in_state("submitted")
    response = official_client.get(LISTING + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_users_with_the_view_permission_are_the_officials():
    from wagtail.permissions import policy_registry

    official = OfficialFactory()
    EditorFactory()
    policy = policy_registry.get_by_type(Application)
    assert list(policy.users_with_any_permission(["view"])) == [official]
    assert not policy.users_with_any_permission(["change", "delete"]).exists()


# --- detail ----------------------------------------------------------------------------------


def test_detail_shows_the_whole_application(official_client, official):
    application = application_in_state("in_dialogue", official_user=official)
    workflow.post_message(application, official, "Hoeveel kinderen doen mee?")
    workflow.post_message(application, official, "Let op de offerte", is_internal=True)
    workflow.post_message(
        application,
        application.owner,
        "Zie de offerte",
        files=[SimpleUploadedFile("offerte.pdf", b"%PDF-1.4 offerte")],
    )
    html = official_client.get(detail_url(application)).content.decode()
    for text in (
        application.reference,
        application.title,
        application.plan_what,
        application.contact_name,
        "NL91ABNA0417164300",
        "Hout en aarde",
        "€ 1.500,00",  # costs
        "€ 1.200,00",  # requested
        "Hoeveel kinderen doen mee?",
        "Let op de offerte",
        "Interne notitie",
        "offerte.pdf",
        "Ingediend",  # timeline
    ):
        assert text in html, text


def test_script_in_user_text_is_escaped(official_client):
    application = application_in_state("submitted", title="<script>alert('x')</script>")
    html = official_client.get(detail_url(application)).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("state", "buttons"),
    [
        ("draft", set()),
        ("submitted", {"start_dialogue", "approve", "reject"}),
        ("in_dialogue", {"approve", "reject"}),
        ("approved", set()),
        ("reported", {"request_report_changes", "accept_report"}),
        ("closed", set()),
        ("rejected", set()),
        ("withdrawn", set()),
    ],
)
def test_one_button_per_allowed_transition(official_client, state, buttons):
    application = application_in_state(state)
    html = official_client.get(detail_url(application)).content.decode()
    shown = {name for name in workflow.TRANSITIONS if f'data-transition="{name}"' in html}
    assert shown == buttons


def test_approve_through_the_admin(official_client, official):
    application = application_in_state("in_dialogue")
    data = transition_form(
        official_client,
        application,
        "approve",
        granted_amount="1000,00",
        decision_text="Toegekend voor de bakken.",
        note="Overlegd met de wijkregisseur.",
        note_is_internal="on",
    )
    assert data["approve-expected_state"] == "in_dialogue"
    response = official_client.post(detail_url(application), data, follow=True)
    assert response.status_code == 200
    assert "De status is nu: Toegekend" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert application.granted_amount == Decimal("1000.00")
    entry = TransitionLog.objects.get(application=application, transition="approve")
    assert entry.actor == official
    assert entry.note == "Overlegd met de wijkregisseur."
    assert entry.note_is_internal


def test_the_approve_form_proposes_the_requested_amount(official_client):
    application = application_in_state("submitted")
    data = transition_form(official_client, application, "approve")
    assert data["approve-granted_amount"] in ("1200,00", "1200.00")


def test_approve_over_budget_shows_the_reason_and_keeps_the_input(official_client):
    scheme = FundingSchemeFactory(yearly_budget=Decimal("500"))
    application = application_in_state("submitted", scheme=scheme)
    data = transition_form(
        official_client,
        application,
        "approve",
        granted_amount="900",
        decision_text="Mijn zorgvuldig geschreven besluit.",
    )
    response = official_client.post(detail_url(application), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "past niet in het resterende budget" in html
    assert "Mijn zorgvuldig geschreven besluit." in html
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_missing_fields_are_shown_next_to_the_field(official_client):
    application = application_in_state("submitted")
    data = transition_form(official_client, application, "reject", reason="")
    response = official_client.post(detail_url(application), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reject-reason"' in html
    assert "aria-invalid" in html or "error-message" in html
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_second_official_clicking_on_a_stale_page_gets_a_clear_message(client):
    """Both officials opened the page while the application was submitted; both approve."""
    application = application_in_state("submitted")
    first, second = OfficialFactory(), OfficialFactory()
    client.force_login(first)
    first_data = transition_form(client, application, "approve", decision_text="Toegekend.")
    client.force_login(second)
    second_data = transition_form(client, application, "approve", decision_text="Ook ja.")

    client.force_login(first)
    assert client.post(detail_url(application), first_data).status_code == 302
    client.force_login(second)
    response = client.post(detail_url(application), second_data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft deze aanvraag net gewijzigd; laad de pagina opnieuw." in html
    assert TransitionLog.objects.filter(application=application, transition="approve").count() == 1


def test_stale_expected_state_is_refused(official_client, official):
    """The page was loaded while "submitted"; meanwhile a colleague started the dialogue, and
    rejecting is still possible, but not what this official saw."""
    application = application_in_state("submitted")
    data = transition_form(official_client, application, "reject", reason="Past niet.")
    workflow.perform(application, "start_dialogue", OfficialFactory())
    response = official_client.post(detail_url(application), data)
    assert response.status_code == 409
    assert "Iemand anders heeft deze aanvraag net gewijzigd" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.IN_DIALOGUE


def test_post_a_message_and_an_internal_note_with_attachment(official_client, client):
    application = application_in_state("in_dialogue")
    response = official_client.post(
        detail_url(application),
        {
            "action": "message",
            "message-body": "Hier is het formulier.",
            "message-files": [SimpleUploadedFile("formulier.pdf", b"%PDF-1.4 formulier")],
        },
    )
    assert response.status_code == 302
    response = official_client.post(
        detail_url(application),
        {"action": "message", "message-body": "Intern: bellen", "message-is_internal": "on"},
    )
    assert response.status_code == 302
    messages = list(application.messages.order_by("pk"))
    assert [(m.body, m.is_internal) for m in messages] == [
        ("Hier is het formulier.", False),
        ("Intern: bellen", True),
    ]
    attachment = messages[0].attachments.get()
    download = official_client.get(reverse("grants_application:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 formulier"
    assert "formulier.pdf" in download["Content-Disposition"]


def test_bad_message_keeps_the_text_and_explains(official_client):
    application = application_in_state("in_dialogue")
    response = official_client.post(
        detail_url(application),
        {
            "action": "message",
            "message-body": "Mijn lange bericht",
            "message-files": [SimpleUploadedFile("foto.exe", b"MZ")],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mijn lange bericht" in html
    assert "Dit soort bestand kunt u niet toevoegen" in html
    assert not application.messages.exists()


def test_message_without_text_keeps_the_chosen_file(official_client):
    application = application_in_state("in_dialogue")
    response = official_client.post(
        detail_url(application),
        {
            "action": "message",
            "message-body": "",
            "message-files": [SimpleUploadedFile("regels.pdf", b"%PDF-1.4 regels")],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "regels.pdf" in html
    [token] = re.findall(r'name="message-staged" value="([^"]+)"', html)
    response = official_client.post(
        detail_url(application),
        {"action": "message", "message-body": "De regels, zoals beloofd.", "message-staged": token},
    )
    assert response.status_code == 302
    attachment = application.messages.get().attachments.get()
    assert attachment.original_name == "regels.pdf"
    with attachment.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 regels"


# --- reference data --------------------------------------------------------------------------


def test_official_creates_a_scheme(official_client):
    response = official_client.post(
        reverse("grants_scheme:add"),
        {
            "name": "Leefbaarheidsbudget",
            "slug": "leefbaarheidsbudget",
            "description": "Voor kleine plannen.",
            "yearly_budget": "25000",
            "min_amount": "100",
            "max_amount": "2500",
            "opens_on": "2026-01-01",
            "closes_on": "2026-12-31",
            "decision_term_weeks": "6",
        },
    )
    assert response.status_code == 302
    assert FundingScheme.objects.filter(slug="leefbaarheidsbudget").exists()


def test_a_scheme_with_applications_cannot_be_deleted(official_client):
    application = application_in_state("submitted")
    response = official_client.post(
        reverse("grants_scheme:delete", args=[application.scheme_id]), follow=True
    )
    assert response.status_code == 200
    assert FundingScheme.objects.filter(pk=application.scheme_id).exists()


def test_scheme_listing_shows_money_per_scheme(official_client):
    scheme = FundingSchemeFactory(name="Kernenfonds", yearly_budget=Decimal("5000"))
    application = application_in_state("submitted", scheme=scheme)
    workflow.perform(application, "approve", OfficialFactory(), granted_amount="1000")
    html = official_client.get(reverse("grants_scheme:index")).content.decode()
    assert "Kernenfonds" in html
    assert "€ 1.000,00" in html
    assert "€ 4.000,00" in html


# --- dashboard -------------------------------------------------------------------------------


def test_dashboard_panel_numbers(official_client):
    scheme = FundingSchemeFactory(name="Dorpsfonds", yearly_budget=Decimal("10000"))
    official = OfficialFactory()
    for state in ("submitted", "submitted", "in_dialogue", "approved", "closed", "draft"):
        application_in_state(state, scheme=scheme, official_user=official)
    late = Application.objects.filter(state=State.SUBMITTED).first()
    Application.objects.filter(pk=late.pk).update(
        decision_due=timezone.localdate() - datetime.timedelta(days=3)
    )

    with CaptureQueriesContext(connection) as queries:
        figures = dashboard_figures()
    assert len(queries) <= 4
    counts = {row["value"]: row["count"] for row in figures["states"]}
    assert counts == {
        "draft": 1,
        "submitted": 2,
        "in_dialogue": 1,
        "approved": 1,
        "reported": 0,
        "closed": 1,
        "rejected": 0,
        "withdrawn": 0,
    }
    row = next(r for r in figures["schemes"] if r["scheme"] == scheme)
    assert row["committed"] == Decimal("2400")  # two grants of € 1.200
    assert row["remaining"] == Decimal("7600")
    assert figures["overdue_count"] == 1
    assert figures["overdue"] == [late]

    html = official_client.get("/admin/").content.decode()
    assert "Aanvragen per status" in html
    assert 'data-state="submitted">2<' in html
    assert "€ 7.600,00" in html
    assert late.reference in html


def test_dashboard_query_count_is_fixed():
    scheme = FundingSchemeFactory()
    application_in_state("approved", scheme=scheme)
    with CaptureQueriesContext(connection) as few:
        dashboard_figures()
    for _ in range(5):
        FundingSchemeFactory()
        application_in_state("submitted", scheme=scheme)
    with CaptureQueriesContext(connection) as many:
        dashboard_figures()
    assert len(few) == len(many)
