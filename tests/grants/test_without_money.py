"""Sending in a project without money ("Stuur een project in"): a project to show in the
showcase, or a question for help (a room, a permit, a contact person). The rules per kind, the
two forms with bad input, the steps, who may see and act, the showcase, the budget that stays
untouched, the admin listing and the export."""

from decimal import Decimal

from django.core import mail
from django.urls import reverse

import pytest

from grants import rules, workflow
from grants.models import Application, ProjectShowcasePage, State, TransitionLog
from grants.overview import accountability_overview
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import (
    ROLES,
    ApplicationFactory,
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
    initiative,
    initiative_in_state,
    user_for_role,
)
from tests.home.factories import make_site_home

pytestmark = pytest.mark.django_db

START_URL = reverse("grants:project_start")
SHOW_URL = reverse("grants:project_show")
HELP_URL = reverse("grants:project_help")
# The initiator's detail page: the layout, the application, its dialogue and timeline.
DETAIL_QUERIES = 18


def fields(problems):
    return {problem.field for problem in problems}


# --- the rules per kind ----------------------------------------------------------------------


def test_an_empty_help_question_needs_its_own_fields_and_no_money_fields():
    problems = rules.submit_problems(Application(kind="hulp"))
    assert fields(problems) == {
        "village",
        "title",
        "summary",
        "help_kind",
        "help_question",
        "contact_name",
        "contact_email",
        "privacy_consent",
    }
    messages = rules.messages(problems)
    assert "Kies: “Soort hulp”." in messages
    assert "Vul in: “Uw vraag”." in messages


def test_an_empty_project_to_show_needs_a_category_and_the_consent_to_publish():
    problems = rules.submit_problems(Application(kind="tonen"))
    assert fields(problems) == {
        "village",
        "category",
        "title",
        "summary",
        "contact_name",
        "contact_email",
        "privacy_consent",
        "public_consent",
    }
    assert not fields(problems) & {"iban", "budget", "scheme", "plan_what", "kvk_number"}


@pytest.mark.parametrize("kind", ["tonen", "hulp"])
def test_a_complete_one_without_money_has_no_problems_and_needs_no_scheme(kind):
    application = initiative(kind)
    assert application.scheme_id is None
    assert application.iban == ""
    assert rules.submit_problems(application) == []
    assert rules.approve_problems(application) == []


def test_a_request_for_money_still_needs_its_bank_account_and_budget():
    application = ApplicationFactory(iban="", budget=[])
    assert {"iban", "budget"} <= fields(rules.submit_problems(application))


def test_a_request_for_money_without_a_scheme_is_told_to_choose_one():
    application = ApplicationFactory()
    application.scheme = None
    assert "scheme" in fields(rules.submit_problems(application))


# --- the entry page --------------------------------------------------------------------------


def test_the_entry_page_offers_three_ways_to_anyone(client, django_assert_max_num_queries):
    client.get(START_URL)  # the site's settings rows are made on the first request
    with django_assert_max_num_queries(12):  # the site's layout; nothing per item
        response = client.get(START_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stuur een project in" in html
    for label, url in (
        ("Ik vraag geld", reverse("grants:application_create")),
        ("Ik wil mijn project laten zien", SHOW_URL),
        ("Ik zoek hulp (geen geld)", HELP_URL),
    ):
        assert f'href="{url}">{label}</a>' in html


@pytest.mark.parametrize("url", [SHOW_URL, HELP_URL])
def test_the_forms_ask_to_log_in_and_come_back(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={url}")


def test_the_showcase_invites_projects_without_money(client):
    home = make_site_home()
    showcase = ProjectShowcasePage(title="Projecten", slug="projecten")
    home.add_child(instance=showcase)
    response = client.get(showcase.url)
    assert f'href="{START_URL}">Stuur een project in</a>' in response.content.decode()


# --- the forms -------------------------------------------------------------------------------


@pytest.fixture
def resident(client):
    user = UserFactory(email="fenna@example.nl", first_name="Fenna", last_name="de Boer")
    client.force_login(user)
    return user


def help_data(village, **overrides):
    data = {
        "village": village.pk,
        "title": "Kerstmarkt op de brink",
        "summary": "Twintig kraampjes en een koor op de zaterdag voor kerst.",
        "help_kind": "vergunning",
        "help_question": "Mogen we het plein een middag afsluiten?",
        "contact_name": "Fenna de Boer",
        "contact_email": "fenna@example.nl",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_help_form_is_filled_in_with_the_account(
    client, resident, django_assert_max_num_queries
):
    VillageFactory()
    client.get(HELP_URL)  # the site's settings rows are made on the first request
    with django_assert_max_num_queries(17):  # the layout, the session, the villages
        response = client.get(HELP_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="fenna@example.nl"' in html
    assert 'value="Fenna de Boer"' in html
    for label in ("Waar zoekt u hulp bij?", "Uw vraag", "Kern of wijk", "Naam van het project"):
        assert label in html
    for money in ("IBAN", "Begroting", "Regeling", "bedrag"):
        assert money not in html


def test_bad_help_input_gets_dutch_messages_next_to_the_fields_and_keeps_what_was_typed(
    client, resident
):
    village = VillageFactory()
    data = help_data(
        village,
        help_kind=None,
        help_question="",
        privacy_consent=None,
        contact_email="geen-adres",
        title="Kerstmarkt op de brink",
    )
    response = client.post(HELP_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["help_kind"] == ["Kies: “Soort hulp”."]
    assert form.errors["help_question"] == ["Vul in: “Uw vraag”."]
    assert form.errors["privacy_consent"] == ["Geef toestemming voor de privacyverklaring."]
    assert "contact_email" in form.errors
    # Next to the field, linked from the summary at the top.
    assert 'id="id_help_question_error"' in html
    assert 'href="#id_help_question"' in html
    assert "Er is iets niet goed gegaan" in html
    # Nothing lost, nothing stored.
    assert 'value="Kerstmarkt op de brink"' in html
    assert "Twintig kraampjes en een koor" in html
    assert Application.objects.count() == 0


def test_a_question_longer_than_allowed_is_refused_in_dutch(client, resident):
    response = client.post(HELP_URL, help_data(VillageFactory(), help_question="x" * 2001))
    assert response.status_code == 200
    assert "2000 tekens" in " ".join(response.context["form"].errors["help_question"])
    assert Application.objects.count() == 0


def test_a_help_question_is_submitted_logged_and_mailed(
    client, resident, django_capture_on_commit_callbacks
):
    village = VillageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(HELP_URL, help_data(village))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "grants:application_detail", args=[application.reference]
    )
    assert (application.kind, application.state, application.owner) == (
        "hulp",
        "submitted",
        resident,
    )
    assert application.scheme_id is None
    assert application.requested_amount == 0
    assert application.decision_due is not None
    assert list(TransitionLog.objects.values_list("transition", "actor")) == [
        ("submit", resident.pk)
    ]
    subjects = [message.subject for message in mail.outbox]
    assert any(application.reference in subject and "ingediend" in subject for subject in subjects)
    assert any(subject.startswith("Nieuwe aanvraag") for subject in subjects)
    initiator_mail = next(m for m in mail.outbox if "fenna@example.nl" in m.to)
    assert "hulpvraag" in initiator_mail.body
    assert "regeling" not in initiator_mail.body
    assert "Gevraagd bedrag" not in initiator_mail.body


def test_a_project_to_show_needs_the_consent_to_publish(client, resident):
    village, category = VillageFactory(), CategoryFactory()
    data = {
        "village": village.pk,
        "category": category.pk,
        "title": "Repaircafé",
        "summary": "Elke maand repareren we samen.",
        "contact_name": "Fenna de Boer",
        "contact_email": "fenna@example.nl",
        "privacy_consent": "on",
    }
    response = client.post(SHOW_URL, data)
    assert response.status_code == 200
    assert "public_consent" in response.context["form"].errors
    assert 'value="Repaircafé"' in response.content.decode()
    assert Application.objects.count() == 0

    response = client.post(SHOW_URL, {**data, "public_consent": "on"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.kind, application.state, application.category) == (
        "tonen",
        "submitted",
        category,
    )


# --- the steps -------------------------------------------------------------------------------

# Written out by hand: step -> (kinds, states it starts from, who, where it ends).
EXPECTED = {
    "submit": ({"tonen", "hulp"}, {"draft"}, "owner", "submitted"),
    "withdraw": ({"tonen", "hulp"}, {"draft", "submitted", "in_dialogue"}, "owner", "withdrawn"),
    "start_dialogue": ({"tonen", "hulp"}, {"submitted"}, "official", "in_dialogue"),
    "approve": ({"tonen", "hulp"}, {"submitted", "in_dialogue"}, "official", "approved"),
    "reject": ({"tonen", "hulp"}, {"submitted", "in_dialogue"}, "official", "rejected"),
    "close": ({"hulp"}, {"approved"}, "official", "closed"),
    "submit_report": (set(), set(), "owner", "reported"),
    "request_report_changes": (set(), set(), "official", "approved"),
    "accept_report": (set(), set(), "official", "closed"),
}


def test_every_step_is_in_the_table():
    assert set(EXPECTED) == set(workflow.TRANSITIONS)


@pytest.mark.parametrize("kind", ["tonen", "hulp"])
@pytest.mark.parametrize("state", ["draft", "submitted", "in_dialogue", "approved"])
def test_the_steps_each_kind_offers_per_state(kind, state):
    application = initiative_in_state(kind, state)
    for role in ("owner", "official"):
        user = user_for_role(role, application)
        names = {option.name for option in workflow.available_transitions(application, user)}
        expected = {
            name
            for name, (kinds, sources, who, _target) in EXPECTED.items()
            if kind in kinds and state in sources and who == role
        }
        assert names == expected, (kind, state, role)


def test_no_report_without_money():
    application = initiative_in_state("hulp", "approved")
    with pytest.raises(workflow.NotAllowed):
        workflow.perform(application, "submit_report", application.owner)
    assert "verantwoording" not in " ".join(
        str(option.label).lower()
        for option in workflow.available_transitions(application, application.owner)
    )


def test_a_help_question_goes_through_dialogue_to_a_promise_and_is_closed():
    official = OfficialFactory()
    application = initiative_in_state("hulp", "in_dialogue", official_user=official)
    workflow.perform(
        application, "approve", official, decision_text="U kunt de zaal gratis gebruiken."
    )
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert application.state_label == "Toegezegd"
    assert application.granted_amount is None
    assert application.decision_text == "U kunt de zaal gratis gebruiken."
    workflow.perform(application, "close", official)
    application.refresh_from_db()
    assert (application.state, application.state_label) == (State.CLOSED, "Afgerond")
    assert list(application.log_entries.values_list("transition", flat=True)) == [
        "submit",
        "start_dialogue",
        "approve",
        "close",
    ]


def test_a_project_to_show_is_published_and_cannot_be_closed_as_help():
    official = OfficialFactory()
    application = initiative_in_state("tonen", "approved", official_user=official)
    assert application.state_label == "Gepubliceerd"
    with pytest.raises(workflow.NotAllowed):
        workflow.perform(application, "close", official)


def test_a_request_for_money_cannot_be_closed_without_its_report():
    application = application_in_state("approved")
    with pytest.raises(workflow.NotAllowed):
        workflow.perform(application, "close", OfficialFactory())


def test_an_amount_given_with_the_promise_is_ignored():
    application = initiative_in_state("hulp", "submitted")
    workflow.perform(application, "approve", OfficialFactory(), granted_amount="750")
    application.refresh_from_db()
    assert application.granted_amount is None


def test_rejecting_needs_a_reason():
    application = initiative_in_state("hulp", "submitted")
    with pytest.raises(workflow.InvalidInput) as excinfo:
        workflow.perform(application, "reject", OfficialFactory())
    assert excinfo.value.field_errors == {"reason": ["Geef een reden voor de afwijzing."]}


# --- the budget stays untouched ----------------------------------------------------------------


def test_approval_without_money_does_not_touch_any_scheme_budget():
    scheme = FundingSchemeFactory(yearly_budget=Decimal("1200"), max_amount=Decimal("5000"))
    money = application_in_state("approved", scheme=scheme)
    committed = scheme.committed_amount()
    assert scheme.remaining_budget() == 0  # the budget is used up
    official = OfficialFactory()
    for kind in ("tonen", "hulp"):
        application = initiative_in_state(kind, "submitted")
        workflow.perform(application, "approve", official)  # even with no budget left
        assert Application.objects.get(pk=application.pk).state == State.APPROVED
    assert scheme.committed_amount() == committed == money.granted_amount
    overview = accountability_overview(scheme, money.submitted_at.year)
    assert overview.committed_in_year == committed


# --- who may see and act -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["other_initiator", "editor"])
def test_others_cannot_see_or_write_in_it(client, role):
    application = initiative_in_state("hulp", "in_dialogue")
    client.force_login(user_for_role(role, application))
    detail = reverse("grants:application_detail", args=[application.reference])
    assert client.get(detail).status_code == 404
    message = reverse("grants:application_message", args=[application.reference])
    assert client.post(message, {"body": "Hallo"}).status_code == 404
    assert client.get("/admin/aanvragen/").status_code in (302, 403)
    assert not application.messages.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    application = initiative_in_state("hulp", "submitted")
    response = client.get(reverse("grants:application_detail", args=[application.reference]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "official"])
def test_only_officials_publish_promise_or_reject(role):
    for kind in ("tonen", "hulp"):
        application = initiative_in_state(kind, "submitted")
        user = user_for_role(role, application)
        for step in ("approve", "reject", "start_dialogue"):
            with pytest.raises(workflow.NotAllowed):
                workflow.perform(application, step, user, reason="Nee.")
        assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


# --- the initiator's pages ---------------------------------------------------------------------


def test_mijn_aanvragen_and_the_detail_page_show_it_without_money_parts(
    client, django_assert_max_num_queries
):
    application = initiative_in_state("hulp", "in_dialogue")
    workflow.post_message(application, OfficialFactory(), "Welke zaterdag zoekt u?")
    client.force_login(application.owner)

    listing = client.get(reverse("grants:my_applications")).content.decode()
    assert application.title in listing
    assert "Hulp zonder geld" in listing
    assert "Reageer op het gesprek met de gemeente." in listing

    url = reverse("grants:application_detail", args=[application.reference])
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(url)
    html = response.content.decode()
    assert "Een ruimte" in html
    assert "Is er een zaal voor 30 mensen op zaterdag?" in html
    assert "Welke zaterdag zoekt u?" in html
    for text in ("Tijdlijn", "Vraag gesteld", "In gesprek"):
        assert text in html
    for money in ("Begroting", "IBAN", "Verantwoording", "Regeling", "Aanvraag wijzigen"):
        assert money not in html
    # The dialogue works as for any application.
    reply = client.post(
        reverse("grants:application_message", args=[application.reference]),
        {"message-body": "De tweede zaterdag van mei.", "body": "De tweede zaterdag van mei."},
    )
    assert reply.status_code == 302
    assert application.messages.filter(body="De tweede zaterdag van mei.").exists()
    # More messages and steps cost no more queries.
    for number in range(4):
        workflow.post_message(application, application.owner, f"Nog een vraag {number}.")
    with django_assert_max_num_queries(DETAIL_QUERIES):
        client.get(url)


@pytest.mark.parametrize("step", ["uw-initiatief", "geld", "controleren"])
def test_the_money_form_in_steps_is_not_for_a_help_question(client, step):
    application = initiative_in_state("hulp", "in_dialogue")
    client.force_login(application.owner)
    for url in (
        reverse("grants:application_step", args=[application.reference, step]),
        reverse("grants:application_edit", args=[application.reference]),
    ):
        response = client.post(url, {"title": "Iets anders", "action": "save"}, follow=True)
        assert "schrijft u in het gesprek met de gemeente" in response.content.decode()
    application.refresh_from_db()
    assert application.title != "Iets anders"
    assert application.scheme_id is None


def test_a_published_project_reads_published_for_its_owner(client):
    application = initiative_in_state("tonen", "approved")
    client.force_login(application.owner)
    html = client.get(
        reverse("grants:application_detail", args=[application.reference])
    ).content.decode()
    assert "Gepubliceerd" in html
    assert "projectenoverzicht" in html
    assert "Toegekend" not in html
    assert "€" not in html


# --- the showcase --------------------------------------------------------------------------------


def test_the_showcase_shows_a_published_project_but_never_a_help_question(client):
    home = make_site_home()
    showcase = ProjectShowcasePage(title="Projecten", slug="projecten")
    home.add_child(instance=showcase)
    published = initiative_in_state("tonen", "approved", title="Repaircafé Lindehorst")
    waiting = initiative_in_state("tonen", "submitted", title="Zwerfvuilploeg Beekveld")
    helped = initiative_in_state("hulp", "approved", title="Zaal voor de kerstmarkt")
    helped.public_consent = True
    helped.save(update_fields=["public_consent"])

    html = client.get(showcase.url).content.decode()
    assert published.title in html
    assert waiting.title not in html
    assert helped.title not in html
    assert "Bijdrage gemeente" not in html
    project = client.get(showcase.project_url(published))
    assert project.status_code == 200
    assert "Bijdrage gemeente" not in project.content.decode()
    assert client.get(showcase.project_url(helped)).status_code == 404


# --- officials ---------------------------------------------------------------------------------


@pytest.fixture
def official_client(client):
    official = OfficialFactory()
    client.force_login(official)
    return client


def test_the_admin_listing_has_the_kind_as_a_column_and_a_filter(official_client):
    money = application_in_state("submitted", title="Speeltuin met geld")
    helped = initiative_in_state("hulp", "submitted", title="Zaal voor de kerstmarkt")
    html = official_client.get("/admin/aanvragen/").content.decode()
    for text in ("Soort", "Hulp zonder geld", "Bijdrage (geld)"):
        assert text in html
    assert "Vraag gesteld" in html
    filtered = official_client.get("/admin/aanvragen/", {"kind": "hulp"}).content.decode()
    assert helped.title in filtered
    assert money.title not in filtered


def test_an_official_promises_help_in_the_admin_without_an_amount(official_client):
    application = initiative_in_state("hulp", "submitted")
    url = reverse("grants_application:inspect", args=[application.pk])
    html = official_client.get(url).content.decode()
    assert "Hulp toezeggen" in html
    assert "Toe te kennen bedrag" not in html
    assert "Budget regeling dit jaar" not in html
    assert "Begrotingsregels" not in html
    response = official_client.post(
        url,
        {
            "action": "transition",
            "transition": "approve",
            "approve-expected_state": "submitted",
            "approve-decision_text": "De zaal in het dorpshuis is op 10 mei voor u vrij.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.granted_amount) == (State.APPROVED, None)


def test_the_export_includes_the_kind(official_client):
    initiative_in_state("tonen", "submitted", title="Repaircafé")
    response = official_client.get("/admin/gegevens/exporteren/download/", {"bestand": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Soort aanvraag" in body.splitlines()[0]
    assert "Project laten zien" in body


def test_editors_do_not_see_it_in_the_admin(client):
    application = initiative_in_state("hulp", "submitted")
    client.force_login(EditorFactory())
    url = reverse("grants_application:inspect", args=[application.pk])
    assert client.get(url).status_code in (302, 403, 404)
