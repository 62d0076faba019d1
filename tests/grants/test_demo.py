"""The grants demo content: every state, every step logged, safe to run twice."""

import io

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from demo import grants as demo
from grants.models import (
    Application,
    BudgetLine,
    Category,
    FundingScheme,
    Message,
    ProjectShowcasePage,
    Report,
    ReportPhoto,
    SchemePage,
    State,
    TransitionLog,
    Village,
)
from tests.home.factories import make_site_home

pytestmark = pytest.mark.django_db

# What each final state's log must show, step by step (a dialogue is optional on some paths).
EXPECTED_LAST_STEPS = {
    State.SUBMITTED: ["submit"],
    State.IN_DIALOGUE: ["submit", "start_dialogue"],
    State.APPROVED: ["approve"],
    State.REPORTED: ["approve", "submit_report"],
    State.CLOSED: ["approve", "submit_report", "accept_report"],
    State.REJECTED: ["reject"],
    State.WITHDRAWN: ["withdraw"],
}


@pytest.fixture
def home_page():
    return make_site_home(title="Dorpskracht", slug="dorpskracht-demo-test")


def run(home_page):
    out = io.StringIO()
    accounts = demo.load(BaseCommand(stdout=out), home_page)
    # The accounts are printed last, by the command (tests/test_first_run.py).
    return out.getvalue() + "".join(
        f"{role}: {user} / {pw}\n" for role, (user, pw) in accounts.items()
    )


def snapshot():
    models = [
        Application,
        BudgetLine,
        Category,
        FundingScheme,
        Message,
        Report,
        ReportPhoto,
        TransitionLog,
        Village,
        SchemePage,
        ProjectShowcasePage,
        EmailAddress,
        get_user_model(),
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    states = dict(Application.objects.values_list("reference", "state"))
    stamps = dict(Application.objects.values_list("reference", "updated_at"))
    return counts, states, stamps


def test_demo_has_every_state_with_a_logged_step_for_each_transition(home_page):
    output = run(home_page)

    applications = Application.objects.all()
    assert applications.filter(kind="bijdrage").count() == len(demo.APPLICATIONS) >= 12
    assert applications.exclude(kind="bijdrage").count() == len(demo.INITIATIVES)
    assert set(applications.values_list("state", flat=True)) == set(State.values)
    for application in applications:
        steps = list(application.log_entries.values_list("transition", "from_state", "to_state"))
        if application.state == State.DRAFT:
            assert steps == []
            continue
        # Each step starts where the previous one ended, from draft to the current state.
        assert steps[0][1] == State.DRAFT
        assert steps[-1][2] == application.state
        for (_t1, _f1, to_state), (_t2, from_state, _to2) in zip(steps, steps[1:], strict=False):
            assert to_state == from_state
        names = [name for name, _from, _to in steps]
        if not application.is_money:
            continue  # its own steps: test_demo_has_a_project_to_show_and_a_help_question
        expected = EXPECTED_LAST_STEPS[application.state]
        assert names[-len(expected) :] == expected
        assert all(entry.actor_id for entry in application.log_entries.all())

    assert "aanvraag DI-" in output
    assert demo.DEMO_PASSWORD in output


def test_demo_content_is_complete_and_plausible(home_page):
    run(home_page)

    assert Category.objects.count() == 6
    assert Village.objects.count() >= 12
    main = FundingScheme.objects.get(slug=demo.MAIN)
    assert main.is_open()
    assert FundingScheme.objects.count() == 2
    assert SchemePage.objects.child_of(home_page).live().count() == 2
    assert ProjectShowcasePage.objects.child_of(home_page).live().count() == 1

    for application in Application.objects.exclude(state=State.DRAFT).filter(kind="bijdrage"):
        assert application.budget_lines.filter(kind=BudgetLine.Kind.COST).exists()
        assert application.submitted_at is not None
    assert Message.objects.filter(is_internal=True).exists()
    assert Message.objects.filter(is_internal=False).count() >= 4
    for application in Application.objects.filter(state__in=[State.REPORTED, State.CLOSED]):
        photo = application.report.photos.get()
        assert photo.alt_text
        with photo.image.open("rb") as handle:
            assert handle.read(3) == b"\xff\xd8\xff"  # a real JPEG
    # One application is past its decision term, for the officials' dashboard.
    assert Application.objects.overdue().exists()
    # Budgets hold.
    for scheme in FundingScheme.objects.all():
        assert scheme.remaining_budget() >= 0
        assert scheme.committed_amount(timezone.localdate().year) > 0


def test_demo_accounts_can_log_in_and_the_official_handles_applications(home_page, client):
    run(home_page)
    User = get_user_model()
    for spec in demo.USERS.values():
        user = User.objects.get(email=spec.email)
        assert EmailAddress.objects.get(user=user).verified
        assert client.login(username=spec.email, password=demo.DEMO_PASSWORD)
    official = User.objects.get(email=demo.USERS["official"].email)
    assert official.groups.filter(name=demo.OFFICIALS_GROUP).exists()
    assert official.has_perm("grants.handle_application")
    initiator = User.objects.get(email=demo.USERS["initiator"].email)
    assert not initiator.has_perm("grants.handle_application")
    # The main demo initiator sees a bit of everything in "Mijn aanvragen".
    assert Application.objects.visible_to(initiator).values("state").distinct().count() >= 6


def test_running_the_demo_twice_changes_nothing(home_page):
    run(home_page)
    before = snapshot()
    output = run(home_page)
    assert snapshot() == before
    assert "aanvraag DI-" not in output


def test_demo_pages_render(home_page, client):
    run(home_page)
    showcase = ProjectShowcasePage.objects.get()
    response = client.get(showcase.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Buurtmoestuin De Groene Hof" in html
    assert "Koffieochtend" not in html  # approved, but no consent to be shown
    assert "Buurtbus" not in html  # not decided yet

    for page in SchemePage.objects.all():
        html = html_of(client, page.url)
        assert page.title in html
        assert "De regeling in het kort" in html
        assert "Open" in html


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_demo_has_a_project_to_show_and_a_help_question(home_page, client):
    run(home_page)

    shown = Application.objects.get(kind="tonen")
    assert shown.state == State.APPROVED
    assert shown.granted_amount is None
    assert not shown.budget_lines.exists()
    assert shown.scheme_id is None
    showcase = ProjectShowcasePage.objects.child_of(home_page).live().get()
    response = client.get(showcase.url)
    assert shown.title in response.content.decode()

    question = Application.objects.get(kind="hulp")
    assert question.state == State.IN_DIALOGUE
    assert question.help_kind
    assert question.help_question
    assert question.messages.filter(is_internal=False).count() == 2
    assert question.title not in response.content.decode()
    # Without money nothing counts against a scheme's budget.
    assert Application.objects.exclude(kind="bijdrage").filter(scheme__isnull=False).count() == 0


def test_a_demo_draft_goes_on_at_the_step_where_it_was_left(home_page, client):
    run(home_page)
    application = Application.objects.get(title="Bloemrijke bermen voor bijen")
    client.force_login(application.owner)
    response = client.get(f"/aanvragen/{application.reference}/wijzigen/")
    assert response["Location"] == f"/aanvragen/{application.reference}/stap/bijlagen/"
    page = client.get(response["Location"]).content.decode()
    assert "Stap 4 van 5:" in page
    # The review lists what is still missing, each linked to its step ("plan_when" is empty).
    review = client.get(f"/aanvragen/{application.reference}/stap/controleren/?controle=1")
    assert f"/aanvragen/{application.reference}/stap/uw-initiatief/#id_plan_when" in (
        review.content.decode()
    )
