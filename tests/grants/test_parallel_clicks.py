"""Parallel clicks never fail: ten requests at the same instant, each in its own thread with its
own database connection, as a threaded server (runserver, gunicorn threads) handles them.

Runs on SQLite (the test database is a file, see ``portal/settings/test.py``: Django's shared
in-memory database locks differently) and on PostgreSQL (``DATABASE_URL``)."""

import re
import sys
import threading

from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

import pytest

from grants import workflow
from grants.models import Application, State, TransitionLog
from tests.factories import UserFactory
from tests.grants.factories import (
    ApplicationFactory,
    CategoryFactory,
    FundingSchemeFactory,
    VillageFactory,
)
from tests.grants.initiator_support import application_data, step_url

CLICKS = 10


@pytest.fixture
def committed_db(fresh_database):
    """Real commits that other threads' connections see; the migration data (groups, the
    Wagtail root page) is there at the start and restored for the tests after this one."""


@pytest.fixture(autouse=True)
def _busy_server():
    """Threads switch as often as on a busy server, so the races these tests guard show up."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(previous)


def click_at_once(user, url, data):
    """``CLICKS`` POSTs of ``data`` to ``url`` by ``user``, released at the same instant, each in
    its own thread and connection. Returns each response, or the exception a request raised."""
    clients = []
    for _ in range(CLICKS):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(CLICKS)
    outcomes = [None] * CLICKS

    def click(index):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = clients[index].post(url, data)
        except Exception as exc:  # noqa: BLE001 - an error page is what we assert on
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def server_errors(outcomes):
    """What a user would have seen as an error page (HTTP 500)."""
    return [o for o in outcomes if isinstance(o, Exception) or o is None or o.status_code >= 500]


def test_ten_parallel_submits_submit_once_and_never_fail(committed_db):
    application = ApplicationFactory()
    url = reverse("grants:application_submit", args=[application.reference])

    outcomes = click_at_once(application.owner, url, {"expected_state": "draft"})

    assert server_errors(outcomes) == []
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert TransitionLog.objects.filter(application=application).count() == 1
    detail = reverse("grants:application_detail", args=[application.reference])
    assert [o.status_code for o in outcomes] == [302] * CLICKS
    assert {o["Location"] for o in outcomes} == {detail}
    # One confirmation, not ten.
    assert [m.to for m in mail.outbox].count([application.owner.email]) == 1


@pytest.mark.django_db
def test_a_second_submit_of_ones_own_says_it_is_submitted_not_that_someone_else_changed_it(
    client,
):
    application = ApplicationFactory()
    client.force_login(application.owner)
    url = reverse("grants:application_submit", args=[application.reference])
    client.post(url, {"expected_state": "draft"})

    # The second click of a double-click: the page it came from still said "draft".
    html = client.post(url, {"expected_state": "draft"}, follow=True).content.decode()

    assert "is al ingediend" in html
    assert "Iemand anders" not in html
    assert TransitionLog.objects.filter(application=application).count() == 1


def _new_form_token(client):
    page = client.get(reverse("grants:application_create")).content.decode()
    return re.search(r'name="creation_token" value="([^"]+)"', page).group(1)


def test_ten_parallel_saves_of_one_new_form_make_one_draft(committed_db):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    data = application_data(
        FundingSchemeFactory(),
        VillageFactory(),
        CategoryFactory(),
        creation_token=_new_form_token(client),
    )

    outcomes = click_at_once(user, reverse("grants:application_create"), data)

    assert server_errors(outcomes) == []
    draft = Application.objects.get(owner=user)
    assert draft.state == State.DRAFT
    assert draft.title == "Speeltuin De Linde"
    edit = step_url(draft.reference, "wie-bent-u")  # on to step 2
    assert [o.status_code for o in outcomes] == [302] * CLICKS
    assert {o["Location"] for o in outcomes} == {edit}


# --- the one-time token, one click after the other ----------------------------------------------


@pytest.fixture
def choices():
    return FundingSchemeFactory(), VillageFactory(), CategoryFactory()


@pytest.mark.django_db
def test_every_empty_form_gets_its_own_token_and_the_edit_form_none(client, choices):
    user = UserFactory()
    client.force_login(user)
    first, second = _new_form_token(client), _new_form_token(client)
    assert first != second

    client.post(
        reverse("grants:application_create"), application_data(*choices, creation_token=first)
    )
    draft = Application.objects.get()
    for slug in ("uw-initiatief", "wie-bent-u", "geld", "bijlagen", "controleren"):
        edit_page = client.get(step_url(draft.reference, slug))
        assert "creation_token" not in edit_page.content.decode(), slug


@pytest.mark.django_db
def test_second_click_lands_on_the_first_draft(client, choices):
    user = UserFactory()
    client.force_login(user)
    data = application_data(*choices, creation_token=_new_form_token(client))
    url = reverse("grants:application_create")

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    draft = Application.objects.get()
    edit = step_url(draft.reference, "wie-bent-u")
    assert first["Location"] == edit
    assert second.redirect_chain == [(edit, 302)]
    assert f"Uw concept {draft.reference} is bewaard" in second.content.decode()


@pytest.mark.django_db
def test_second_click_on_submit_shows_the_submitted_application(client, choices):
    user = UserFactory()
    client.force_login(user)
    data = application_data(*choices, creation_token=_new_form_token(client), action="submit")
    client.post(reverse("grants:application_create"), data)
    application = Application.objects.get()
    for slug in ("wie-bent-u", "geld", "bijlagen"):
        client.post(step_url(application.reference, slug), data)
    url = step_url(application.reference, "controleren")

    client.post(url, data)
    second = client.post(url, data, follow=True)

    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert TransitionLog.objects.filter(application=application).count() == 1
    detail = reverse("grants:application_detail", args=[application.reference])
    assert second.redirect_chain[-1][0] == detail
    assert "is al ingediend" in second.content.decode()


@pytest.mark.django_db
def test_another_users_token_only_makes_their_own_draft(client, choices):
    anna, bert = UserFactory(), UserFactory()
    client.force_login(anna)
    token = _new_form_token(client)
    url = reverse("grants:application_create")
    client.post(url, application_data(*choices, creation_token=token))

    client.force_login(bert)
    response = client.post(url, application_data(*choices, creation_token=token, title="Bankje"))

    annas, berts = Application.objects.get(owner=anna), Application.objects.get(owner=bert)
    assert berts.title == "Bankje"
    assert annas.title == "Speeltuin De Linde"
    assert response["Location"] == step_url(berts.reference, "wie-bent-u")


@pytest.mark.django_db
def test_a_form_without_or_with_a_broken_token_still_saves(client, choices):
    client.force_login(UserFactory())
    url = reverse("grants:application_create")
    client.post(url, application_data(*choices))
    client.post(url, application_data(*choices, creation_token="niet-een-token"))
    assert Application.objects.count() == 2


# --- reloading an application (django-fsm-2's protected state field) ---------------------------


def test_two_threads_reloading_applications_never_trip_over_the_protected_state(committed_db):
    pk = ApplicationFactory().pk
    errors = []
    barrier = threading.Barrier(2)

    def reload_many():
        application = Application.objects.get(pk=pk)
        try:
            barrier.wait(timeout=10)
            for _ in range(1000):
                application.refresh_from_db()
        except Exception as exc:  # noqa: BLE001 - the outcome is what we assert on
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reload_many) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


@pytest.mark.django_db
def test_reload_picks_up_the_new_state_and_the_state_stays_protected():
    application = ApplicationFactory()
    stale = Application.objects.get(pk=application.pk)
    workflow.perform(application, "submit", application.owner)

    Application.objects.filter(pk=application.pk).update(title="Nieuwe naam")
    stale.refresh_from_db(fields=["title"])
    assert stale.title == "Nieuwe naam"
    stale.refresh_from_db()
    assert stale.state == State.SUBMITTED
    # The optimistic lock now compares against the reloaded state: saving is fine.
    stale.save(update_fields=["title"])
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        stale.state = State.APPROVED


@pytest.mark.django_db
def test_reloading_a_deleted_application_leaves_every_state_protected():
    application = ApplicationFactory()
    gone = Application.objects.get(pk=application.pk)
    application.budget_lines.all().delete()
    Application.objects.filter(pk=application.pk).delete()

    with pytest.raises(Application.DoesNotExist):
        gone.refresh_from_db()
    assert gone.state == State.DRAFT
    other = ApplicationFactory()
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        other.state = State.APPROVED
