"""The bad-input corpus (tests/bad_input/corpus.py) against every public form.

Each value either gets a clear Dutch message next to its field (and the page keeps what was
typed), or is stored and shown escaped. Never a server error: the test client raises on one.
Every page that comes back is also checked for the same message twice under one field."""

import re
from html import escape, unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission

import pytest

from grants.models import Application, Attachment, BudgetLine, Message, Report, TransitionLog
from knowledge.models import EventFormField
from tests.bad_input.corpus import (
    BAD_AMOUNTS,
    BAD_EMAILS,
    BAD_IBANS,
    DATES,
    EMAIL_IDS,
    GOOD_IBAN_TYPED,
    LYING_FILE_IDS,
    LYING_FILES,
    ODD_EMAILS,
    SCRIPT,
    TEXT_IDS,
    TEXT_VALUES,
)
from tests.factories import UserFactory
from tests.grants.factories import (
    CategoryFactory,
    FundingSchemeFactory,
    VillageFactory,
    application_in_state,
)
from tests.grants.initiator_support import (
    application_data,
    apply_in_steps,
    management,
    step_url,
)
from tests.home.factories import ContactPageFactory, make_site_home
from tests.knowledge.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db

_ERRORS = re.compile(r'<ul class="form-field__errors" id="([^"]+)_error">(.*?)</ul>', re.S)
_ITEM = re.compile(r"<li>(.*?)</li>", re.S)


def field_errors(html):
    """{field id: [message, ...]} as shown under each field."""
    found = {}
    for field_id, items in _ERRORS.findall(html):
        found[field_id] = [
            unescape(re.sub(r"<[^>]+>", "", item)).replace("Fout:", "", 1).strip()
            for item in _ITEM.findall(items)
        ]
    return found


def assert_page_is_safe(html, value):
    """The raw value never reaches the page when escaping changes it; no message twice."""
    if escape(value) != value:
        assert value not in html, "raw, unescaped input in the page"
    assert SCRIPT not in html
    for field_id, messages in field_errors(html).items():
        assert len(messages) == len(set(messages)), f"{field_id}: a message twice: {messages}"


def assert_refused_or_kept(response, field_id, value, shown_on=None, client=None):
    """A 200 re-shows the form: the field has a Dutch message, or the value is kept, escaped.
    A redirect means it was stored: the page it is shown on has it, escaped."""
    html = response.content.decode()
    assert_page_is_safe(html, value)
    if response.status_code == 200 and field_id in field_errors(html):
        assert all(message for message in field_errors(html)[field_id])
        if "\x00" not in value:
            assert escape(value) in html, "what was typed is kept in the form"
        return "refused"
    if response.status_code == 302:
        assert shown_on is not None
        page = client.get(shown_on).content.decode()
        assert_page_is_safe(page, value)
        assert escape(value) in page
        return "stored"
    assert response.status_code == 200
    return "accepted"


# --- the initiator's application ---------------------------------------------------------------


@pytest.fixture
def initiator(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def reference_data(db):
    return FundingSchemeFactory(), VillageFactory(), CategoryFactory()


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
@pytest.mark.parametrize(
    "field", ["title", "plan_what", "organisation_name", "contact_name", "budget-0-description"]
)
def test_application_create_text(client, initiator, reference_data, field, value):
    data = application_data(*reference_data, **{field: value})
    response, _reference = apply_in_steps(client, data)  # to the step with the field, and on

    application = Application.objects.filter(owner=initiator).first()
    shown_on = (
        reverse("grants:application_detail", args=[application.reference]) if application else None
    )
    outcome = assert_refused_or_kept(response, f"id_{field}", value, shown_on, client)
    if outcome == "stored":
        stored = application.budget_lines.first().description if "budget" in field else None
        assert (stored or getattr(application, field, None)) == value
    if "\x00" in value or len(value) > 5000:
        assert outcome == "refused"


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
def test_application_edit_summary(client, initiator, reference_data, value):
    application = application_in_state("draft", owner=initiator)
    scheme, village, category = application.scheme, application.village, application.category
    data = application_data(scheme, village, category, summary=value, budget=[])
    response = client.post(step_url(application.reference, "uw-initiatief"), data)

    outcome = assert_refused_or_kept(
        response,
        "id_summary",
        value,
        reverse("grants:application_detail", args=[application.reference]),
        client,
    )
    application.refresh_from_db()
    if outcome == "stored":
        assert application.summary == value
    else:
        assert application.summary != value


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_budget_amount_gets_one_dutch_message(client, initiator, reference_data, amount):
    data = application_data(*reference_data, budget=[("cost", "Klimrek", amount)])
    response, _reference = apply_in_steps(client, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert_page_is_safe(html, amount)
    messages = field_errors(html)["id_budget-0-amount"]
    assert len(messages) == 1
    assert re.search(r"bedrag|komma|negatief|hoog", messages[0], re.I), messages
    assert not BudgetLine.objects.exists()


def test_an_amount_too_high_says_so_once(client, initiator, reference_data):
    data = application_data(*reference_data, budget=[("cost", "Klimrek", "2.000.000")])
    html = apply_in_steps(client, data)[0].content.decode()

    assert field_errors(html)["id_budget-0-amount"] == [
        "Dit bedrag is te hoog: het mag hoogstens € 1.000.000 zijn."
    ]
    assert html.count("Dit bedrag is te hoog") == 2  # under the field and in the summary


@pytest.mark.parametrize("iban", BAD_IBANS)
def test_a_wrong_iban_gets_a_message(client, initiator, reference_data, iban):
    data = application_data(*reference_data, iban=iban)
    response, _reference = apply_in_steps(client, data)

    html = response.content.decode()
    assert_page_is_safe(html, iban)
    assert field_errors(html)["id_iban"], "the IBAN is refused with a message"
    assert Application.objects.get().iban == ""


def test_an_iban_typed_lowercase_with_spaces_is_accepted(client, initiator, reference_data):
    data = application_data(*reference_data, iban=GOOD_IBAN_TYPED)
    response, _reference = apply_in_steps(client, data)

    assert response.status_code == 302
    assert Application.objects.get().iban == "NL91ABNA0417164300"


@pytest.mark.parametrize(("name", "content"), LYING_FILES, ids=LYING_FILE_IDS)
def test_an_attachment_that_lies_about_its_type_is_refused(
    client, initiator, reference_data, name, content
):
    data = application_data(*reference_data)
    data["attachments-0-file"] = SimpleUploadedFile(name, content)
    response, _reference = apply_in_steps(client, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert field_errors(html)["id_attachments-0-file"]
    assert not Attachment.objects.exists()


# --- dialogue, withdrawal, report ----------------------------------------------------------------


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
def test_dialogue_message(client, value):
    application = application_in_state("in_dialogue")
    client.force_login(application.owner)
    detail = reverse("grants:application_detail", args=[application.reference])
    response = client.post(
        reverse("grants:application_message", args=[application.reference]),
        {"message-body": value},
    )

    outcome = assert_refused_or_kept(response, "id_message-body", value, detail, client)
    # Compared in Python: PostgreSQL cannot even be asked about a NUL.
    stored = [m.body for m in Message.objects.filter(application=application)]
    assert (value in stored) == (outcome == "stored")


@pytest.mark.parametrize(("name", "content"), LYING_FILES, ids=LYING_FILE_IDS)
def test_dialogue_file_that_lies_is_refused(client, name, content):
    application = application_in_state("in_dialogue")
    client.force_login(application.owner)
    response = client.post(
        reverse("grants:application_message", args=[application.reference]),
        {"message-body": "Zie bijlage.", "message-files": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode())["id_message-files"]
    assert not Message.objects.filter(application=application, body="Zie bijlage.").exists()


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
def test_withdrawal_note(client, value):
    application = application_in_state("submitted")
    client.force_login(application.owner)
    detail = reverse("grants:application_detail", args=[application.reference])
    response = client.post(
        reverse("grants:application_withdraw", args=[application.reference]), {"note": value}
    )

    outcome = assert_refused_or_kept(response, "id_note", value, detail, client)
    notes = [e.note for e in TransitionLog.objects.filter(application=application)]
    assert (value in notes) == (outcome == "stored")


def _report_data(application, **overrides):
    lines = list(application.budget_lines.order_by("sort_order", "pk"))
    data = {
        "story": "Twaalf bakken staan er.",
        "people_reached": "120",
        "volunteers": "8",
        "volunteer_hours": "160",
        "lessons": "",
        "action": "save",
        **management("actual", len(lines), initial=len(lines)),
        **management("saved_photos", 0),
        **management("photos", 1),
    }
    for index, line in enumerate(lines):
        data[f"actual-{index}-id"] = str(line.pk)
        data[f"actual-{index}-actual_amount"] = ""
    data.update(overrides)
    return data


@pytest.fixture
def approved(client):
    application = application_in_state("approved")
    client.force_login(application.owner)
    return application


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
@pytest.mark.parametrize("field", ["story", "lessons"])
def test_report_text(client, approved, field, value):
    url = reverse("grants:application_report", args=[approved.reference])
    response = client.post(url, _report_data(approved, **{field: value}))

    outcome = assert_refused_or_kept(response, f"id_{field}", value, url, client)
    report = Report.objects.filter(application=approved).first()
    assert (report is not None and getattr(report, field) == value) == (outcome == "stored")


def test_the_story_has_a_limit(client, approved):
    url = reverse("grants:application_report", args=[approved.reference])
    response = client.post(url, _report_data(approved, story="x" * 100_000))

    assert response.status_code == 200
    assert field_errors(response.content.decode())["id_story"]
    assert not Report.objects.filter(application=approved, story__startswith="xxx").exists()


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_report_actual_amount(client, approved, amount):
    url = reverse("grants:application_report", args=[approved.reference])
    response = client.post(url, _report_data(approved, **{"actual-0-actual_amount": amount}))

    html = response.content.decode()
    assert response.status_code == 200
    assert_page_is_safe(html, amount)
    assert len(field_errors(html)["id_actual-0-actual_amount"]) == 1


@pytest.mark.parametrize(("name", "content"), LYING_FILES, ids=LYING_FILE_IDS)
def test_report_photo_that_lies_is_refused(client, approved, name, content):
    url = reverse("grants:application_report", args=[approved.reference])
    data = _report_data(approved, **{"photos-0-alt_text": "De tuin"})
    data["photos-0-image"] = SimpleUploadedFile(name, content)
    response = client.post(url, data)

    assert response.status_code == 200
    assert field_errors(response.content.decode())["id_photos-0-image"]


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
def test_report_photo_description(client, approved, value):
    from tests.grants.initiator_support import photo

    url = reverse("grants:application_report", args=[approved.reference])
    data = _report_data(approved, **{"photos-0-alt_text": value})
    data["photos-0-image"] = photo()
    response = client.post(url, data)

    assert_refused_or_kept(response, "id_photos-0-alt_text", value, url, client)


# --- contact form and event registration -------------------------------------------------------

CONTACT = {"naam": "Anna", "e_mailadres": "anna@example.nl", "je_vraag": "Een vraag."}


@pytest.fixture
def home_page(db):
    return make_site_home()


@pytest.fixture
def contact_page(home_page):
    return ContactPageFactory(
        parent=home_page,
        fields=[
            ("Naam", "singleline", True),
            ("E-mailadres", "email", True),
            ("Je vraag", "multiline", True),
            ("Datum", "date", False),
        ],
    )


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
@pytest.mark.parametrize("field", ["naam", "je_vraag"])
def test_contact_form_text(client, contact_page, field, value):
    response = client.post(contact_page.url, {**CONTACT, field: value})

    outcome = assert_refused_or_kept(response, f"id_{field}", value)
    stored = [s.form_data[field] for s in FormSubmission.objects.filter(page=contact_page)]
    assert (stored == [value]) == (outcome == "accepted")
    if "\x00" in value or len(value) > 5000:
        assert outcome == "refused"


@pytest.mark.parametrize("email", BAD_EMAILS, ids=EMAIL_IDS)
def test_contact_form_email(client, contact_page, email):
    response = client.post(contact_page.url, {**CONTACT, "e_mailadres": email})

    html = response.content.decode()
    assert_page_is_safe(html, email)
    assert field_errors(html)["id_e_mailadres"]
    assert not FormSubmission.objects.exists()


@pytest.mark.parametrize("email", ODD_EMAILS)
def test_contact_form_odd_but_valid_email(client, contact_page, email):
    response = client.post(contact_page.url, {**CONTACT, "e_mailadres": email})

    assert_page_is_safe(response.content.decode(), email)
    assert [s.form_data["e_mailadres"] for s in FormSubmission.objects.all()] == [email]


@pytest.mark.parametrize("email", ODD_EMAILS)
def test_signup_with_an_odd_but_valid_email(client, email):
    response = client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "een-goed-wachtwoord-9",
            "password2": "een-goed-wachtwoord-9",
        },
        follow=True,
    )

    assert_page_is_safe(response.content.decode(), email)
    assert UserFactory._meta.model.objects.filter(email=email).exists()


@pytest.mark.parametrize("date", DATES)
def test_contact_form_date(client, contact_page, date):
    response = client.post(contact_page.url, {**CONTACT, "datum": date})

    html = response.content.decode()
    assert_page_is_safe(html, date)
    assert field_errors(html)["id_datum"]
    assert not FormSubmission.objects.exists()


@pytest.fixture
def event(home_page):
    return EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page, slug="transitiegesprekken"),
        form_fields=[
            EventFormField(label="Naam", field_type="singleline", required=True),
            EventFormField(label="E-mailadres", field_type="email", required=True),
            EventFormField(label="Wat wil je vragen?", field_type="multiline", required=False),
        ],
    )


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
@pytest.mark.parametrize("field", ["naam", "wat_wil_je_vragen"])
def test_event_registration_text(client, event, field, value):
    data = {"naam": "Anne", "e_mailadres": "anne@example.nl", field: value}
    response = client.post(event.url, data)

    outcome = assert_refused_or_kept(response, f"id_{field}", value)
    stored = [s.form_data[field] for s in FormSubmission.objects.filter(page=event)]
    assert (stored == [value]) == (outcome == "accepted")


@pytest.mark.parametrize("email", BAD_EMAILS, ids=EMAIL_IDS)
def test_event_registration_email(client, event, email):
    response = client.post(event.url, {"naam": "Anne", "e_mailadres": email})

    assert_page_is_safe(response.content.decode(), email)
    assert field_errors(response.content.decode())["id_e_mailadres"]
    assert not FormSubmission.objects.exists()


# --- addresses -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/aanvragen/%00/", "/aanvragen/DI%00/wijzigen/", "/%00/"])
def test_a_nul_in_the_address_is_not_found(client, initiator, home_page, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["?q=%00", "?regeling=%00", "?x%00=1"])
def test_a_nul_in_the_query_string_is_a_bad_request_in_dutch(client, initiator, home_page, query):
    response = client.get(f"/aanvragen/nieuw/{query}")

    assert response.status_code == 400
    assert "Dit webadres bevat een teken dat er niet in hoort." in response.content.decode()


# --- accounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("email", BAD_EMAILS, ids=EMAIL_IDS)
def test_signup_email(client, email):
    response = client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "een-goed-wachtwoord-9",
            "password2": "een-goed-wachtwoord-9",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert_page_is_safe(html, email)
    assert field_errors(html)["id_email"]


@pytest.mark.parametrize("value", TEXT_VALUES, ids=TEXT_IDS)
def test_signup_password(client, value):
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": value, "password2": value},
    )

    html = response.content.decode()
    assert response.status_code in (200, 302)
    assert_page_is_safe(html, value)
    assert value not in html or escape(value) == value and len(value) < 3


@pytest.mark.parametrize("value", [*BAD_EMAILS, *TEXT_VALUES], ids=[*EMAIL_IDS, *TEXT_IDS])
def test_login(client, value):
    UserFactory(email="anna@example.nl")
    response = client.post(reverse("account_login"), {"login": value, "password": value})

    html = response.content.decode()
    assert response.status_code == 200
    assert_page_is_safe(html, value)
    assert field_errors(html) or "error-summary" in html


@pytest.mark.parametrize("email", BAD_EMAILS, ids=EMAIL_IDS)
def test_password_reset(client, email):
    response = client.post(reverse("account_reset_password"), {"email": email})

    html = response.content.decode()
    assert response.status_code == 200
    assert_page_is_safe(html, email)
    assert field_errors(html)["id_email"]
