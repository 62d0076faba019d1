"""The initiator applies in steps: a draft made on the first step, saved step by step and
resumed, budget lines added and removed without JavaScript, reviewed and submitted (or refused
with every reason, each linked to its step), amended in the dialogue, withdrawn; attachments
kept privately and never lost on an error."""

import re
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
from tests.grants.initiator_support import (
    application_data,
    apply_in_steps,
    budget_rows,
    exe_as_pdf,
    pdf,
    step_url,
)

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
    """Every step, as posted by "Opslaan en verder"; the last (or first refused) response."""
    return apply_in_steps(client, application_data(*choices, **kwargs))[0]


def test_new_application_form_is_prefilled_and_labelled(client, initiator, choices):
    initiator.first_name, initiator.last_name = "Anna", "de Vries"
    initiator.save()
    scheme = choices[0]
    response = client.get(reverse("grants:application_create") + f"?regeling={scheme.slug}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{scheme.pk}" selected>' in html
    assert "Stap 1 van 5:" in html
    assert '<li class="step-progress__step step-progress__step--current" aria-current="step">' in (
        html
    )
    assert "Opslaan en verder" in html
    assert "Vorige" not in html  # the first step has none
    for name in ("scheme", "village", "category", "title", "summary", "volunteer_hours"):
        assert f'for="id_{name}"' in html, name
    assert 'name="iban"' not in html  # another step's field

    _response, reference = apply_in_steps(client, application_data(*choices), until="uw-initiatief")
    pages = {slug: client.get(step_url(reference, slug)).content.decode() for slug in STEPS}
    assert 'value="anna@example.nl"' in pages["wie-bent-u"]
    assert 'value="Anna de Vries"' in pages["wie-bent-u"]
    for slug, names in {
        "wie-bent-u": ("organisation_name", "contact_email"),
        "geld": ("iban", "iban_holder", "budget-0-amount"),
        "bijlagen": ("attachments-0-file",),
        "controleren": ("privacy_consent", "public_consent"),
    }.items():
        for name in names:
            assert f'for="id_{name}"' in pages[slug], (slug, name)
        assert "Vorige" in pages[slug] or slug == "controleren", slug
    assert "Indienen" in pages["controleren"]
    assert "Opslaan als concept" in pages["controleren"]


def test_draft_needs_little_and_is_saved_incomplete(client, initiator, choices):
    scheme, village, category = choices
    data = {
        "scheme": scheme.pk,
        "village": village.pk,
        "category": category.pk,
        "title": "Jeu-de-boulesbaan",
        "action": "next",
    }
    response = client.post(reverse("grants:application_create"), data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == step_url(application.reference, "wie-bent-u")
    assert application.state == State.DRAFT
    assert application.owner == initiator
    assert application.summary == ""
    assert application.iban == ""
    assert application.volunteer_hours is None
    assert application.steps_saved == 1

    page = client.get(response["Location"])
    assert f"Uw concept {application.reference} is bewaard" in page.content.decode()
    # "Verder invullen" goes on where the person left off.
    edit = client.get(reverse("grants:application_edit", args=[application.reference]))
    assert edit["Location"] == step_url(application.reference, "wie-bent-u")

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
    assert "We plaatsen een klimrek en twee bankjes." in html
    assert 'value="40"' in html  # the volunteer hours


def test_draft_is_resumed_and_saved_again_without_duplicating_lines(client, initiator, choices):
    _create(client, choices, plan_what="", iban="")
    application = Application.objects.get()
    lines = list(application.budget_lines.order_by("sort_order"))
    assert [(line.description, line.amount) for line in lines] == [
        ("Klimrek", Decimal("2500.00")),
        ("Sponsorloop", Decimal("500.00")),
    ]
    assert application.requested_amount == Decimal("2000.00")

    money = step_url(application.reference, "geld")
    html = client.get(money).content.decode()
    assert 'value="Klimrek"' in html
    assert "€ 2.000,00" in html  # the requested amount, computed from the lines
    assert "Begrotingsregel 3" not in html  # the saved lines, no empty ones added

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
    response = client.post(money, data)
    assert response.status_code == 302
    response = client.post(step_url(application.reference, "uw-initiatief"), data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.plan_what == "Een klimrek, twee bankjes en een zandbak."
    assert application.budget_lines.count() == 3
    assert application.requested_amount == Decimal("2150.00")
    assert application.iban == "NL91ABNA0417164300"  # normalised


def _saved_lines_data(application, lines, **overrides):
    data = application_data(
        application.scheme,
        application.village,
        application.category,
        budget=[
            ("cost", lines[0].description, "1500", lines[0].pk),
            ("own_contribution", lines[1].description, "300", lines[1].pk),
        ],
        **overrides,
    )
    data["budget-INITIAL_FORMS"] = "2"
    return data


def test_budget_line_can_be_deleted(client, initiator):
    application = ApplicationFactory(owner=initiator)
    lines = list(application.budget_lines.order_by("sort_order"))
    data = _saved_lines_data(application, lines)
    data["budget-1-DELETE"] = "on"
    client.post(step_url(application.reference, "geld"), data)
    assert list(application.budget_lines.values_list("description", flat=True)) == ["Hout en aarde"]
    application.refresh_from_db()
    assert application.requested_amount == Decimal("1500.00")


def test_a_new_budget_starts_with_one_empty_line(client, initiator, choices):
    _response, reference = apply_in_steps(client, application_data(*choices), until="wie-bent-u")
    html = client.get(step_url(reference, "geld")).content.decode()
    assert "Begrotingsregel 1" in html
    assert "Begrotingsregel 2" not in html
    assert 'name="budget-TOTAL_FORMS" value="1"' in html
    assert "Regel toevoegen" in html


def test_lines_are_added_and_removed_without_javascript_and_without_saving(
    client, initiator, choices
):
    _response, reference = apply_in_steps(client, application_data(*choices), until="wie-bent-u")
    money = step_url(reference, "geld")
    typed = {
        **budget_rows([("cost", "Klimrek", "2.500,00")], extra=0),
        "iban": "NL91 ABNA 0417 1643 00",
        "iban_holder": "Buurtgroep De Linde",
    }
    # "Regel toevoegen", twice: each time one empty line more, what was typed stays.
    html = client.post(money, {**typed, "add": "1"}).content.decode()
    assert 'name="budget-TOTAL_FORMS" value="2"' in html
    assert "Begrotingsregel 2" in html
    assert 'value="Klimrek"' in html
    assert 'value="2.500,00"' in html
    assert 'value="NL91 ABNA 0417 1643 00"' in html
    assert 'id="error-summary"' not in html  # adding a line is no attempt to save
    typed.update(
        {
            "budget-TOTAL_FORMS": "2",
            "budget-1-kind": "own_contribution",
            "budget-1-description": "Sponsorloop",
            "budget-1-amount": "500",
        }
    )
    html = client.post(money, {**typed, "add": "1"}).content.decode()
    assert "Begrotingsregel 3" in html
    assert not BudgetLine.objects.exists()  # nothing saved yet
    typed.update(
        {
            "budget-TOTAL_FORMS": "3",
            "budget-2-kind": "cost",
            "budget-2-description": "Verf",
            "budget-2-amount": "80",
        }
    )

    # "Verwijderen" on line 2: the lines after it move up.
    html = client.post(money, {**typed, "remove": "budget-1"}).content.decode()
    assert 'name="budget-TOTAL_FORMS" value="2"' in html
    assert "Sponsorloop" not in html
    assert 'name="budget-1-description" value="Verf"' in html
    assert "Begrotingsregel 3" not in html
    typed = {**typed, "budget-TOTAL_FORMS": "2", "budget-1-description": "Verf"}
    typed["budget-1-kind"], typed["budget-1-amount"] = "cost", "80"
    for key in ("budget-2-kind", "budget-2-description", "budget-2-amount"):
        typed.pop(key)

    response = client.post(money, {**typed, "action": "next"})
    assert response["Location"] == step_url(reference, "bijlagen")
    assert list(BudgetLine.objects.values_list("description", "amount")) == [
        ("Klimrek", Decimal("2500.00")),
        ("Verf", Decimal("80.00")),
    ]
    assert Application.objects.get().requested_amount == Decimal("2580.00")


def test_removing_a_saved_line_deletes_it_when_the_step_is_saved(client, initiator):
    application = ApplicationFactory(owner=initiator)
    lines = list(application.budget_lines.order_by("sort_order"))
    money = step_url(application.reference, "geld")
    data = _saved_lines_data(application, lines)

    html = client.post(money, {**data, "remove": "budget-0"}).content.decode()
    assert application.budget_lines.count() == 2  # not yet
    assert "Begrotingsregel 3" not in html  # line 2 and the empty line move up
    assert '<input type="hidden" name="budget-0-DELETE" value="on">' in html
    assert f'name="budget-0-id" value="{lines[0].pk}"' in html

    client.post(money, {**data, "budget-0-DELETE": "on", "action": "next"})
    assert list(application.budget_lines.values_list("pk", flat=True)) == [lines[1].pk]


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
    assert application.privacy_consent
    assert application.public_consent

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
    review = step_url(application.reference, "controleren")
    assert response["Location"] == f"{review}?controle=1"

    html = client.get(response["Location"]).content.decode()
    assert "Uw aanvraag kan nog niet worden ingediend" in html
    assert "bewaard, maar nog niet ingediend" in html
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))
    ]
    # All at once, each linked to the step and the field where it is fixed.
    step1 = step_url(application.reference, "uw-initiatief")
    money = step_url(application.reference, "geld")
    for href, reason in (
        (f"{step1}#id_summary", "Korte samenvatting"),
        (f"{step1}#id_plan_what", "wat gaat u doen?"),
        (f"{money}#id_iban", "IBAN-rekeningnummer"),
        ("#id_privacy_consent", "privacyverklaring"),
        (f"{money}#begroting", "minstens één kostenpost"),
        (f"{money}#begroting", "moet tussen"),
    ):
        assert re.search(rf'<a href="{re.escape(href)}">[^<]*{re.escape(reason)}', summary), (
            href,
            reason,
        )
    assert summary.count("<li>") == len(
        __import__("grants.rules").rules.submit_problems(application)
    )


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
    review = step_url(application.reference, "controleren")
    assert client.get(url)["Location"] == review  # the same steps, opened on the review
    page = client.get(review).content.decode()
    assert "Wijzigingen opslaan" in page
    assert "Opslaan als concept" not in page
    assert "Indienen" not in page

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
    # Emptying a field the submission needed is refused now, on the step itself.
    step1 = step_url(application.reference, "uw-initiatief")
    response = client.post(step1, {**base, "summary": ""})
    assert response.status_code == 200
    assert "Vul in: “Korte samenvatting”." in response.content.decode()
    application.refresh_from_db()
    assert application.summary != ""

    response = client.post(step1, base)
    assert response.status_code == 302
    response = client.post(step_url(application.reference, "geld"), base)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.IN_DIALOGUE
    assert application.requested_amount == Decimal("1500.00")
    assert application.title == "Speeltuin De Linde"


def test_submitted_application_cannot_be_edited(client, initiator):
    application = application_in_state("submitted", owner=initiator)
    title = application.title
    data = application_data(application.scheme, application.village, application.category)
    for url in (
        reverse("grants:application_edit", args=[application.reference]),
        step_url(application.reference, "uw-initiatief"),
        step_url(application.reference, "controleren"),
    ):
        response = client.post(url, data, follow=True)
        assert "niet meer wijzigen" in response.content.decode(), url
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
        **{"attachments-0-file": pdf("plan.pdf"), "attachments-1-file": exe_as_pdf()},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Attachment.objects.exists()
    assert "De inhoud van het bestand past niet bij de extensie .pdf." in html
    assert "plan.pdf" in html
    assert "niet opnieuw te kiezen" in html
    token = html.split('name="attachments-0-staged" value="', 1)[1].split('"', 1)[0]

    # The corrected step is posted without choosing the file again.
    reference = Application.objects.get().reference
    data = application_data(*choices, **{"attachments-0-staged": token})
    response = client.post(step_url(reference, "bijlagen"), data)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "plan.pdf"
    assert attachment.file.read().startswith(b"%PDF-")


def test_a_staged_file_of_another_user_is_refused(client, initiator, choices):
    html = _create(
        client,
        choices,
        **{"attachments-0-file": pdf("plan.pdf"), "attachments-1-file": exe_as_pdf()},
    ).content.decode()
    token = html.split('name="attachments-0-staged" value="', 1)[1].split('"', 1)[0]

    client.force_login(UserFactory())
    _response, reference = apply_in_steps(client, application_data(*choices), until="geld")
    response = client.post(
        step_url(reference, "bijlagen"),
        application_data(*choices, **{"attachments-0-staged": token}),
    )
    assert response.status_code == 200
    assert "niet meer beschikbaar" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachment_can_be_removed(client, initiator):
    application = ApplicationFactory(owner=initiator)
    attachment = Attachment.objects.create(
        application=application, file=pdf("oud.pdf"), original_name="oud.pdf", size=10
    )
    data = application_data(
        application.scheme,
        application.village,
        application.category,
        remove_attachment=str(attachment.pk),
    )
    client.post(step_url(application.reference, "bijlagen"), data)
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


# --- the steps themselves ----------------------------------------------------------------------

STEPS = ("uw-initiatief", "wie-bent-u", "geld", "bijlagen", "controleren")


def test_progress_marks_the_current_step_and_links_the_done_ones(client, initiator, choices):
    _response, reference = apply_in_steps(client, application_data(*choices), until="wie-bent-u")
    html = client.get(step_url(reference, "geld")).content.decode()
    progress = html[html.index('class="step-progress"') : html.index("</nav>")]
    assert progress.count("<li") == 5
    assert re.search(r'aria-current="step">\s*<span>Geld</span>', progress)
    for slug, title in (("uw-initiatief", "Uw initiatief"), ("wie-bent-u", "Wie bent u")):
        assert f'<a href="{step_url(reference, slug)}">{title}</a>' in progress
    assert progress.count("(klaar)") == 2
    # Steps not reached yet are no links.
    assert "<span>Bijlagen</span>" in progress
    assert "<span>Controleren en indienen</span>" in progress


def test_previous_saves_the_step_and_goes_back(client, initiator, choices):
    _response, reference = apply_in_steps(client, application_data(*choices), until="uw-initiatief")
    data = application_data(*choices, organisation_name="De Linde", action="previous")
    response = client.post(step_url(reference, "wie-bent-u"), data)
    assert response["Location"] == step_url(reference, "uw-initiatief")
    assert Application.objects.get().organisation_name == "De Linde"


def test_review_shows_everything_with_a_change_link_per_step(client, initiator, choices):
    _response, reference = apply_in_steps(client, application_data(*choices), until="bijlagen")
    review = step_url(reference, "controleren")
    html = client.get(review).content.decode()
    for typed in (
        "Speeltuin De Linde",
        "We plaatsen een klimrek en twee bankjes.",
        "Op een nieuwe manier samenwerken",
        "Buurtgroep De Linde",
        "anna@example.nl",
        "NL91ABNA0417164300",
        "Klimrek",
        "€ 2.000,00",
    ):
        assert typed in html, typed
    for slug, said in (
        ("uw-initiatief", "uw initiatief"),
        ("wie-bent-u", "wie u bent"),
        ("geld", "het geld"),
        ("bijlagen", "de bijlagen"),
    ):
        link = f'<a href="{step_url(reference, slug)}?terug=controleren">Wijzigen'
        assert link + f'<span class="visually-hidden"> {said}</span></a>' in html, slug

    # "Wijzigen" and saving leads back to the review, not through every step again.
    page = client.get(step_url(reference, "wie-bent-u") + "?terug=controleren").content.decode()
    assert '<input type="hidden" name="terug" value="controleren">' in page
    assert "Opslaan en terug naar controleren" in page
    data = application_data(*choices, contact_phone="0313 123456", terug="controleren")
    response = client.post(step_url(reference, "wie-bent-u"), data)
    assert response["Location"] == review
    assert Application.objects.get().contact_phone == "0313 123456"


def test_an_invalid_step_keeps_the_earlier_steps_and_saves_nothing_of_itself(
    client, initiator, choices
):
    response, reference = apply_in_steps(client, application_data(*choices, iban="NL00 FOUT"))
    application = Application.objects.get(reference=reference)
    assert response.status_code == 200
    assert application.steps_saved == 2  # steps 1 and 2 saved, the money step refused
    assert application.organisation_name == "Buurtgroep De Linde"
    assert application.iban == ""
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert 'tabindex="-1" id="error-summary"' in html
    assert "/static/js/error-summary.js" in html  # focuses the summary on load


MAX_QUERIES = {
    "uw-initiatief": 15,  # + the application, the open schemes, villages, categories
    "wie-bent-u": 12,
    "geld": 13,  # + the budget lines
    "bijlagen": 13,  # + the attachments
    "controleren": 16,  # + lines, attachments, and the rules' scope and budget checks
}


@pytest.mark.parametrize("slug", STEPS)
def test_query_count_per_step_page(client, initiator, django_assert_max_num_queries, slug):
    application = ApplicationFactory(owner=initiator)
    Attachment.objects.create(
        application=application, file=pdf("oud.pdf"), original_name="oud.pdf", size=10
    )
    url = step_url(application.reference, slug)
    client.get(url)  # sessions, content types and the like warmed up
    # Of these, 10 are the same on every page: session, user and permissions, site, house style,
    # menu, footer.
    with django_assert_max_num_queries(MAX_QUERIES[slug]):
        response = client.get(url + ("?controle=1" if slug == "controleren" else ""))
    assert response.status_code == 200


def test_query_count_of_a_new_application(
    client, initiator, choices, django_assert_max_num_queries
):
    client.get(reverse("grants:application_create"))  # warmed up, as above
    with django_assert_max_num_queries(14):
        response = client.get(reverse("grants:application_create"))
    assert response.status_code == 200


def test_an_unknown_step_is_not_found(client, initiator):
    application = ApplicationFactory(owner=initiator)
    assert client.get(step_url(application.reference, "betalen")).status_code == 404
