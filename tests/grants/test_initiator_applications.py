"""The initiator applies: a draft saved and resumed, submitted (or refused with every reason),
amended in the dialogue, withdrawn; attachments kept privately and never lost on an error."""

from decimal import Decimal

from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse

import pytest

from grants import workflow
from grants.models import Application, Attachment, BudgetLine, State, TransitionLog
from grants.storage import private_storage
from tests.factories import UserFactory
from tests.grants.factories import (
    ApplicationFactory,
    CategoryFactory,
    FundingSchemeFactory,
    VillageFactory,
    application_in_state,
)
from tests.grants.initiator_support import application_data, budget_rows, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiator(client):
    user = UserFactory(email="anna@example.nl")
    client.force_login(user)
    return user


@pytest.fixture
def choices():
    return FundingSchemeFactory(), VillageFactory(), CategoryFactory()


def _create(client, choices, **kwargs):
    return client.post(reverse("grants:application_create"), application_data(*choices, **kwargs))


def test_new_application_form_is_prefilled_and_labelled(client, initiator, choices):
    initiator.first_name, initiator.last_name = "Anna", "de Vries"
    initiator.save()
    scheme = choices[0]
    response = client.get(reverse("grants:application_create") + f"?regeling={scheme.slug}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{scheme.pk}" selected>' in html
    assert 'value="anna@example.nl"' in html
    assert 'value="Anna de Vries"' in html
    assert "Opslaan als concept" in html
    assert "Indienen" in html
    for name in ("title", "iban", "budget-0-amount", "attachments-0-file", "privacy_consent"):
        assert f'for="id_{name}"' in html, name


def test_draft_needs_little_and_is_saved_incomplete(client, initiator, choices):
    scheme, village, category = choices
    data = {
        "scheme": scheme.pk,
        "village": village.pk,
        "category": category.pk,
        "title": "Jeu-de-boulesbaan",
        "action": "save",
        **budget_rows([], extra=2),
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-kind": "quote",
    }
    response = client.post(reverse("grants:application_create"), data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:application_edit", args=[application.reference])
    assert application.state == State.DRAFT
    assert application.owner == initiator
    assert application.summary == ""
    assert application.iban == ""

    page = client.get(response["Location"])
    assert f"Uw concept {application.reference} is bewaard" in page.content.decode()

    listing = client.get(reverse("grants:my_applications")).content.decode()
    assert application.reference in listing
    assert "Jeu-de-boulesbaan" in listing
    assert "Vul uw aanvraag aan en dien hem in." in listing


def test_draft_without_title_is_not_saved_and_keeps_the_input(client, initiator, choices):
    response = _create(client, choices, title="")
    html = response.content.decode()
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert 'href="#id_title"' in html
    assert "ook een concept heeft dit nodig" in html
    assert "Een speelplek voor de kinderen in het dorp." in html
    assert 'value="Klimrek"' in html
    assert 'value="2.500,00"' in html


def test_draft_is_resumed_and_saved_again_without_duplicating_lines(client, initiator, choices):
    _create(client, choices, plan_what="", iban="")
    application = Application.objects.get()
    lines = list(application.budget_lines.order_by("sort_order"))
    assert [(line.description, line.amount) for line in lines] == [
        ("Klimrek", Decimal("2500.00")),
        ("Sponsorloop", Decimal("500.00")),
    ]
    assert application.requested_amount == Decimal("2000.00")

    page = client.get(reverse("grants:application_edit", args=[application.reference]))
    html = page.content.decode()
    assert 'value="Klimrek"' in html
    assert "€ 2.000,00" in html  # the requested amount, computed from the lines

    data = application_data(
        *choices,
        plan_what="Een klimrek, twee bankjes en een zandbak.",
        budget=[
            ("cost", "Klimrek", "2500", lines[0].pk),
            ("own_contribution", "Sponsorloop", "500", lines[1].pk),
            ("cost", "Zand", "150"),
        ],
    )
    data["budget-INITIAL_FORMS"] = "2"
    response = client.post(reverse("grants:application_edit", args=[application.reference]), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.plan_what == "Een klimrek, twee bankjes en een zandbak."
    assert application.budget_lines.count() == 3
    assert application.requested_amount == Decimal("2150.00")
    assert application.iban == "NL91ABNA0417164300"  # normalised


def test_budget_line_can_be_deleted(client, initiator):
    application = ApplicationFactory(owner=initiator)
    lines = list(application.budget_lines.order_by("sort_order"))
    data = application_data(
        application.scheme,
        application.village,
        application.category,
        budget=[
            ("cost", lines[0].description, "1500", lines[0].pk),
            ("own_contribution", lines[1].description, "300", lines[1].pk),
        ],
    )
    data.update({"budget-INITIAL_FORMS": "2", "budget-1-DELETE": "on"})
    client.post(reverse("grants:application_edit", args=[application.reference]), data)
    assert list(application.budget_lines.values_list("description", flat=True)) == ["Hout en aarde"]
    application.refresh_from_db()
    assert application.requested_amount == Decimal("1500.00")


def test_submit_from_the_form(client, initiator, choices, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(client, choices, action="submit")
    application = Application.objects.get()
    assert application.state == State.SUBMITTED
    assert response["Location"] == reverse(
        "grants:application_detail", args=[application.reference]
    )
    entry = TransitionLog.objects.get(application=application)
    assert (entry.transition, entry.from_state, entry.to_state, entry.actor) == (
        "submit",
        State.DRAFT,
        State.SUBMITTED,
        initiator,
    )
    assert application.submitted_at is not None
    assert application.decision_due is not None
    assert application.requested_amount == Decimal("2000.00")

    page = client.get(response["Location"]).content.decode()
    assert f"Het kenmerk is {application.reference}" in page
    assert "Ingediend" in page
    assert (
        "De gemeente beoordeelt uw aanvraag (uiterlijk"
        in client.get(reverse("grants:my_applications")).content.decode()
    )

    to_initiator = [m for m in mail.outbox if "anna@example.nl" in m.to]
    assert to_initiator, [m.to for m in mail.outbox]
    assert application.reference in to_initiator[0].subject + to_initiator[0].body


def test_refused_submission_keeps_the_draft_and_lists_every_reason(client, initiator, choices):
    response = _create(
        client,
        choices,
        action="submit",
        summary="",
        plan_what="",
        iban="",
        privacy_consent=None,
        budget=[("own_contribution", "Eigen geld", "100")],
    )
    application = Application.objects.get()
    assert application.state == State.DRAFT
    assert not TransitionLog.objects.exists()
    edit_url = reverse("grants:application_edit", args=[application.reference])
    assert response["Location"] == f"{edit_url}?controle=1"

    html = client.get(response["Location"]).content.decode()
    assert "Uw aanvraag kan nog niet worden ingediend" in html
    assert "bewaard, maar nog niet ingediend" in html
    for reason in (
        "Korte samenvatting",  # asked for by the form
        "Wat gaat u doen?",
        "IBAN-rekeningnummer",
        "privacyverklaring",
        "minstens één kostenpost",
        "moet tussen",
    ):
        assert reason in html, reason
    assert 'href="#id_summary"' in html


def test_submit_button_on_the_detail_page(client, initiator):
    application = ApplicationFactory(owner=initiator)
    response = client.post(
        reverse("grants:application_submit", args=[application.reference]),
        {"expected_state": "draft"},
    )
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert response["Location"] == reverse(
        "grants:application_detail", args=[application.reference]
    )


def test_submit_twice_is_refused_clearly(client, initiator):
    application = application_in_state("submitted", owner=initiator)
    response = client.post(
        reverse("grants:application_submit", args=[application.reference]), follow=True
    )
    assert "al ingediend" in response.content.decode()
    assert TransitionLog.objects.filter(application=application).count() == 1


def test_withdraw_asks_for_confirmation(client, initiator):
    application = application_in_state("submitted", owner=initiator)
    url = reverse("grants:application_withdraw", args=[application.reference])
    page = client.get(url).content.decode()
    assert "Weet u zeker" in page
    application.refresh_from_db()
    assert application.state == State.SUBMITTED

    client.post(url, {"note": "We doen het toch anders.", "expected_state": "submitted"})
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    entry = application.log_entries.last()
    assert (entry.transition, entry.note) == ("withdraw", "We doen het toch anders.")
    listing = client.get(reverse("grants:my_applications")).content.decode()
    assert "Ingetrokken" in listing


def test_withdraw_after_a_decision_is_not_offered(client, initiator):
    application = application_in_state("approved", owner=initiator)
    url = reverse("grants:application_withdraw", args=[application.reference])
    response = client.post(url, {"note": "weg"}, follow=True)
    assert "niet (meer) intrekken" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.APPROVED


def test_amend_during_dialogue_keeps_it_complete(client, initiator):
    application = application_in_state("in_dialogue", owner=initiator)
    lines = list(application.budget_lines.order_by("sort_order"))
    url = reverse("grants:application_edit", args=[application.reference])
    page = client.get(url).content.decode()
    assert "Wijzigingen opslaan" in page
    assert "Opslaan als concept" not in page

    base = application_data(
        application.scheme,
        application.village,
        application.category,
        budget=[
            ("cost", "Hout en aarde", "1800", lines[0].pk),
            ("own_contribution", "Bijdrage leden", "300", lines[1].pk),
        ],
    )
    base["budget-INITIAL_FORMS"] = "2"
    # Emptying a field the submission needed is refused now.
    response = client.post(url, {**base, "summary": ""})
    assert response.status_code == 200
    assert "verplicht" in response.content.decode()

    response = client.post(url, base)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.IN_DIALOGUE
    assert application.requested_amount == Decimal("1500.00")
    assert application.title == "Speeltuin De Linde"


def test_submitted_application_cannot_be_edited(client, initiator):
    application = application_in_state("submitted", owner=initiator)
    url = reverse("grants:application_edit", args=[application.reference])
    title = application.title
    response = client.post(
        url,
        application_data(application.scheme, application.village, application.category),
        follow=True,
    )
    assert "niet meer wijzigen" in response.content.decode()
    application.refresh_from_db()
    assert application.title == title


def test_attachment_is_stored_privately_with_its_name(client, initiator, choices, settings):
    _create(client, choices, **{"attachments-0-file": pdf("Offerte speeltoestel.pdf")})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Offerte speeltoestel.pdf"
    assert attachment.kind == Attachment.Kind.QUOTE
    assert attachment.uploaded_by == initiator
    assert private_storage().exists(attachment.file.name)
    assert not default_storage.exists(attachment.file.name)

    url = reverse(
        "grants:attachment_download", args=[attachment.application.reference, attachment.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "Offerte%20speeltoestel.pdf" in response["Content-Disposition"] or (
        "Offerte speeltoestel.pdf" in response["Content-Disposition"]
    )
    assert response["Cache-Control"] == "private, no-store"


def test_a_valid_file_survives_an_error_elsewhere(client, initiator, choices):
    response = _create(
        client,
        choices,
        budget=[("cost", "Klimrek", "-20")],
        **{"attachments-0-file": pdf("plan.pdf")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert "Een bedrag kan niet negatief zijn." in html
    assert "plan.pdf" in html
    assert "niet opnieuw te kiezen" in html
    token = html.split('name="attachments-0-staged" value="', 1)[1].split('"', 1)[0]

    # The corrected form is posted without choosing the file again.
    response = _create(
        client,
        choices,
        budget=[("cost", "Klimrek", "20")],
        **{"attachments-0-staged": token},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "plan.pdf"
    assert attachment.file.read().startswith(b"%PDF-")


def test_a_staged_file_of_another_user_is_refused(client, initiator, choices):
    html = _create(
        client,
        choices,
        title="",
        **{"attachments-0-file": pdf("plan.pdf")},
    ).content.decode()
    token = html.split('name="attachments-0-staged" value="', 1)[1].split('"', 1)[0]

    client.force_login(UserFactory())
    response = _create(client, choices, **{"attachments-0-staged": token})
    assert response.status_code == 200
    assert "niet meer beschikbaar" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachment_can_be_removed(client, initiator):
    application = ApplicationFactory(owner=initiator)
    attachment = Attachment.objects.create(
        application=application, file=pdf("oud.pdf"), original_name="oud.pdf", size=10
    )
    lines = list(application.budget_lines.order_by("sort_order"))
    data = application_data(
        application.scheme,
        application.village,
        application.category,
        budget=[
            ("cost", "Hout en aarde", "1500", lines[0].pk),
            ("own_contribution", "Bijdrage leden", "300", lines[1].pk),
        ],
        remove_attachment=str(attachment.pk),
    )
    data["budget-INITIAL_FORMS"] = "2"
    client.post(reverse("grants:application_edit", args=[application.reference]), data)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_workflow_error_on_submit_is_shown(client, initiator):
    application = ApplicationFactory(owner=initiator)
    # Someone (another tab) submitted meanwhile: the page still thinks it is a draft.
    workflow.perform(application, "submit", initiator)
    response = client.post(
        reverse("grants:application_submit", args=[application.reference]),
        {"expected_state": "draft"},
        follow=True,
    )
    assert response.status_code == 200
    assert application.log_entries.count() == 1


def test_budget_lines_are_ordered_as_entered(client, initiator, choices):
    _create(
        client,
        choices,
        budget=[
            ("cost", "Eerste", "10"),
            ("cost", "Tweede", "20"),
            ("other_funding", "Derde", "5"),
        ],
    )
    assert list(BudgetLine.objects.values_list("description", flat=True)) == [
        "Eerste",
        "Tweede",
        "Derde",
    ]


def test_detail_page_says_what_is_missing_before_submitting(client, initiator):
    application = ApplicationFactory(owner=initiator, summary="", iban="", budget=[])
    html = client.get(reverse("grants:application_detail", args=[application.reference]))
    html = html.content.decode()
    assert "Voordat u kunt indienen, is dit nog nodig:" in html
    assert "Vul in: “Korte samenvatting”." in html
    assert "Vul het IBAN-rekeningnummer in" in html
    assert "minstens één kostenpost" in html

    response = client.post(reverse("grants:application_submit", args=[application.reference]))
    assert response["Location"].endswith("?controle=1")
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_no_open_scheme_is_explained(client, initiator):
    html = client.get(reverse("grants:application_create")).content.decode()
    assert "Er is op dit moment geen regeling open voor aanvragen." in html
