"""Bad input on the application form: each gets a clear Dutch message next to its field and in
the summary of its step, the step is not saved, and everything else typed on that step comes
back in the re-rendered form. (Steps check the format only; completeness is for the end.)"""

from decimal import Decimal
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from grants.forms import AmountField, ApplicationForm
from grants.models import Application, Attachment, BudgetLine
from grants.money import parse_euro
from tests.factories import UserFactory
from tests.grants.factories import CategoryFactory, FundingSchemeFactory, VillageFactory
from tests.grants.initiator_support import (
    EXE_BYTES,
    application_data,
    apply_in_steps,
    exe_as_pdf,
    image_bytes,
    pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def choices():
    return FundingSchemeFactory(), VillageFactory(), CategoryFactory()


@pytest.fixture
def initiator(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _post(client, choices, **kwargs):
    """The application step by step; the response of the first refused step (or the last)."""
    return apply_in_steps(client, application_data(*choices, **kwargs))[0]


# What each step shows again of what was typed.
TYPED = {
    "uw-initiatief": {
        "title": 'value="Speeltuin De Linde"',
        "summary": "Een speelplek voor de kinderen in het dorp.",
        "plan_what": "We plaatsen een klimrek en twee bankjes.",
        "principles": 'value="rewarding" id="id_principles_3" aria-describedby="id_principles_3_uitleg" checked',
    },
    "wie-bent-u": {
        "organisation_name": 'value="Buurtgroep De Linde"',
        "contact_phone": 'value="06 12345678"',
    },
    "geld": {
        "iban": 'value="nl91 abna 0417 1643 00"',
        "iban_holder": 'value="Buurtgroep De Linde"',
        "budget_description": 'value="Klimrek"',
        "budget_other": 'value="Sponsorloop"',
    },
    "bijlagen": {"kind": '<option value="quote" selected>'},
}


def assert_input_kept(html, step, *, except_field=None):
    """The rest of what was typed on ``step`` is still in the form."""
    for name, snippet in TYPED[step].items():
        if name != except_field:
            assert snippet in html, name


def draft():
    return Application.objects.get()


def assert_field_error(html, field_id, message):
    assert escape(message) in html
    assert f'href="#{field_id}"' in html  # in the summary, linked to the field
    assert f'id="{field_id}_error"' in html
    assert f'aria-describedby="{field_id}_error"' in html or (
        f'aria-describedby="{field_id}_helptext {field_id}_error"' in html
    )
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-250", "Een bedrag kan niet negatief zijn."),
        ("2000000", "Dit bedrag is te hoog: het mag hoogstens € 1.000.000 zijn."),
        ("99999999999999", "Dit bedrag is te hoog: het mag hoogstens € 1.000.000 zijn."),
        ("1e9", "is geen bedrag"),
        ("veel", "Vul een bedrag in euro's in"),
        ("12,345", "Gebruik hoogstens twee cijfers achter de komma."),
        ("NaN", "Vul een bedrag in euro's in"),
    ],
)
def test_bad_amount(client, initiator, choices, amount, message):
    response = _post(
        client,
        choices,
        budget=[("cost", "Klimrek", amount), ("own_contribution", "Sponsorloop", "500")],
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not BudgetLine.objects.exists()
    assert draft().iban == ""  # the step was not saved
    assert_field_error(html, "id_budget-0-amount", message)
    assert f'value="{amount}"' in html
    assert "Begrotingsregel 1, Bedrag in euro" in html  # the summary names the row
    assert_input_kept(html, "geld")


def test_budget_row_without_amount_or_description(client, initiator, choices):
    response = _post(
        client,
        choices,
        budget=[("cost", "Klimrek", ""), ("own_contribution", "", "500")],
    )
    html = response.content.decode()
    assert "Vul een bedrag in." in html
    assert "Schrijf waar dit bedrag voor is." in html
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    "iban", ["NL00ABNA0417164300", "NL91ABNA04171643", "1234", "NL91 ABNA 0417 1643 0X"]
)
def test_invalid_iban(client, initiator, choices, iban):
    html = _post(client, choices, iban=iban).content.decode()
    assert_field_error(html, "id_iban", "Dit is geen geldig IBAN-rekeningnummer.")
    assert draft().iban == ""
    assert not BudgetLine.objects.exists()
    assert_input_kept(html, "geld", except_field="iban")


@pytest.mark.parametrize("kvk", ["1234567", "12345678a", "abcdefgh", "123456789"])
def test_invalid_kvk(client, initiator, choices, kvk):
    html = _post(client, choices, kvk_number=kvk, organisation_type="association").content.decode()
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in html
    assert 'href="#id_kvk_number"' in html
    assert draft().organisation_name == ""  # the step was not saved
    assert_input_kept(html, "wie-bent-u")


def test_kvk_and_iban_are_normalised(client, initiator, choices):
    _post(client, choices, kvk_number="1234 5678", iban="nl91 abna 0417 1643 00")
    application = Application.objects.get()
    assert application.kvk_number == "12345678"
    assert application.iban == "NL91ABNA0417164300"


def test_exe_renamed_pdf_is_refused(client, initiator, choices):
    html = _post(client, choices, **{"attachments-0-file": exe_as_pdf()}).content.decode()
    assert_field_error(
        html, "id_attachments-0-file", "De inhoud van het bestand past niet bij de extensie .pdf."
    )
    assert not Attachment.objects.exists()
    assert_input_kept(html, "bijlagen")


def test_wrong_extension_is_refused(client, initiator, choices):
    upload = SimpleUploadedFile("setup.exe", EXE_BYTES, content_type="application/octet-stream")
    html = _post(client, choices, **{"attachments-0-file": upload}).content.decode()
    assert "Dit soort bestand kunt u niet toevoegen." in html
    assert not Attachment.objects.exists()
    assert_input_kept(html, "bijlagen")


def test_text_file_named_jpg_is_refused(client, initiator, choices):
    upload = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff" + b"geen foto" * 20)
    html = _post(client, choices, **{"attachments-0-file": upload}).content.decode()
    assert "geen afbeelding die we kunnen openen" in html
    assert not Attachment.objects.exists()


def test_real_image_attachment_is_accepted(client, initiator, choices):
    upload = SimpleUploadedFile("situatie.png", image_bytes("PNG"), content_type="image/png")
    response = _post(client, choices, **{"attachments-0-file": upload})
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "situatie.png"
    assert draft().state == "draft"  # the data's action is "save"; nothing submitted


def test_oversized_file_is_refused(client, initiator, choices, monkeypatch):
    monkeypatch.setattr("grants.models.application.ATTACHMENT_MAX_BYTES", 2048)
    html = _post(client, choices, **{"attachments-0-file": pdf(size=2049)}).content.decode()
    assert_field_error(html, "id_attachments-0-file", "Het bestand is te groot")
    assert not Attachment.objects.exists()
    assert_input_kept(html, "bijlagen")


def test_file_just_under_the_limit_is_accepted(client, initiator, choices, monkeypatch):
    monkeypatch.setattr("grants.models.application.ATTACHMENT_MAX_BYTES", 2048)
    response = _post(client, choices, **{"attachments-0-file": pdf(size=2048)})
    assert response.status_code == 302
    assert Attachment.objects.get().size == 2048


def test_closed_scheme_cannot_be_chosen(client, initiator, choices):
    import datetime

    closed = FundingSchemeFactory(
        opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2020, 12, 31)
    )
    form_html = client.get(reverse("grants:application_create")).content.decode()
    assert closed.name not in form_html
    html = _post(client, choices, scheme=str(closed.pk)).content.decode()
    assert 'href="#id_scheme"' in html
    assert not Application.objects.exists()


def test_script_is_shown_escaped(client, initiator, choices):
    script = "<script>alert('x')</script>"
    response = _post(client, choices, title=f"Feest {script}", summary=f"Samen {script} vieren")
    application = Application.objects.get()
    assert application.title == f"Feest {script}"
    for url in (
        reverse("grants:application_detail", args=[application.reference]),
        reverse("grants:application_step", args=[application.reference, "uw-initiatief"]),
        reverse("grants:application_step", args=[application.reference, "controleren"]),
        reverse("grants:my_applications"),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html, url
    # Also when the form comes back with an error.
    response = _post(client, choices, title=f"Feest {script}", summary="x" * 601)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_too_long_summary(client, initiator, choices):
    html = _post(client, choices, summary="x" * 601).content.decode()
    assert 'href="#id_summary"' in html
    assert not Application.objects.exists()


def test_negative_volunteer_hours(client, initiator, choices):
    html = _post(client, choices, volunteer_hours="-5").content.decode()
    assert "Het aantal uren kan niet negatief zijn." in html
    assert not Application.objects.exists()


def test_volunteer_hours_start_empty_and_stay_empty_when_not_given(client, initiator, choices):
    html = client.get(reverse("grants:application_create")).content.decode()
    field = html.split('name="volunteer_hours"', 1)[1].split(">", 1)[0]
    assert "value=" not in field  # no 0 typed in for the person
    _post(client, choices, volunteer_hours="")
    assert draft().volunteer_hours is None
    detail = client.get(reverse("grants:application_detail", args=[draft().reference]))
    assert "Geschatte vrijwilligersuren</dt><dd>–</dd>" in detail.content.decode()


def test_the_labels_are_plain_dutch(client, initiator, choices):
    html = client.get(reverse("grants:application_create")).content.decode()
    for plain in ("Dorp of wijk", "Gezond leven makkelijker maken"):
        assert plain in html
    for policy_word in ("Kern of wijk", "Een ecosysteem dat gezond gedrag faciliteert"):
        assert policy_word not in html
    # Each principle has its everyday explanation next to the checkbox.
    assert 'aria-describedby="id_principles_0_uitleg"' in html
    assert 'id="id_principles_0_uitleg"' in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1250", "1250"),
        ("1250,50", "1250.50"),
        ("1250.50", "1250.50"),
        ("1.250,50", "1250.50"),
        ("1,250.50", "1250.50"),
        ("€ 1.250", "1250"),
        ("1.000.000", "1000000"),
        ("250,-", "250"),
        ("  75 ", "75"),
    ],
)
def test_amounts_as_people_type_them(typed, expected):
    assert AmountField().clean(typed) == Decimal(expected)
    assert parse_euro(typed) == Decimal(expected)


def test_a_step_form_holds_only_its_fields_and_checks_only_them(choices):
    form = ApplicationForm({"iban": "NL00"}, instance=Application(), only=("iban", "iban_holder"))
    assert set(form.fields) == {"iban", "iban_holder"}
    assert not form.is_valid()
    assert set(form.errors) == {"iban"}  # no "scheme" or "title": they are not on this step
    assert ApplicationForm({"iban": ""}, instance=Application(), only=("iban",)).is_valid()


def test_draft_form_relaxes_only_descriptive_fields(choices):
    scheme, village, category = choices
    data = {"scheme": scheme.pk, "village": village.pk, "category": category.pk, "title": "X"}
    assert ApplicationForm(data, instance=Application(), strict=False).is_valid()
    strict = ApplicationForm(data, instance=Application(), strict=True)
    assert not strict.is_valid()
    assert set(strict.errors) == set(ApplicationForm.DRAFT_OPTIONAL)
    assert not ApplicationForm({**data, "iban": "NL00"}, instance=Application()).is_valid()
