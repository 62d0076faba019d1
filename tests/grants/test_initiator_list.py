"""“Mijn aanvragen”: every application of the user with what is expected of them next, in a
fixed number of queries however many there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from grants import workflow
from tests.factories import UserFactory
from tests.grants.factories import (
    ApplicationFactory,
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
)

pytestmark = pytest.mark.django_db

EXPECTED = {
    "draft": "Vul uw aanvraag aan en dien hem in.",
    "submitted": "De gemeente beoordeelt uw aanvraag (uiterlijk",
    "in_dialogue": "Reageer op het gesprek",
    "approved": "Dien uw verantwoording in",
    "reported": "De gemeente bekijkt uw verantwoording.",
    "closed": "Afgerond.",
    "rejected": "Afgewezen.",
    "withdrawn": "Ingetrokken.",
}


@pytest.mark.parametrize("state", EXPECTED)
def test_what_is_expected_next(client, state):
    application = application_in_state(state)
    client.force_login(application.owner)
    html = client.get(reverse("grants:my_applications")).content.decode()
    assert application.reference in html
    assert EXPECTED[state] in html
    detail = client.get(reverse("grants:application_detail", args=[application.reference]))
    assert EXPECTED[state] in detail.content.decode()


def test_after_replying_the_initiator_waits(client):
    application = application_in_state("in_dialogue")
    workflow.post_message(application, OfficialFactory(), "Een vraag.")
    workflow.post_message(application, application.owner, "Een antwoord.")
    client.force_login(application.owner)
    html = client.get(reverse("grants:my_applications")).content.decode()
    assert "Wacht op antwoord van de gemeente" in html


def test_empty_list_invites_to_apply(client):
    client.force_login(UserFactory())
    html = client.get(reverse("grants:my_applications")).content.decode()
    assert "U heeft nog geen aanvragen." in html
    assert reverse("grants:application_create") in html


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("grants:my_applications"))
    assert response.status_code == 200
    return len(queries), response.content.decode().count('class="state ')


def test_query_count_is_constant(client, django_assert_max_num_queries):
    user = UserFactory()
    scheme, village, category = FundingSchemeFactory(), VillageFactory(), CategoryFactory()
    official = OfficialFactory()

    def add(n):
        for i in range(n):
            application = ApplicationFactory(
                owner=user, scheme=scheme, village=village, category=category
            )
            if i % 3 == 1:
                workflow.perform(application, "submit", user)
            if i % 3 == 2:
                workflow.perform(application, "submit", user)
                workflow.perform(application, "start_dialogue", official)
                workflow.post_message(application, official, "Vraag")

    ApplicationFactory()  # someone else's, never listed
    client.force_login(user)
    add(3)
    _count_queries(client)  # the first request creates the site's navigation settings
    small, rows_small = _count_queries(client)
    add(27)
    large, rows_large = _count_queries(client)
    assert (rows_small, rows_large) == (3, 30)
    assert small == large, (small, large)
    with django_assert_max_num_queries(small):
        client.get(reverse("grants:my_applications"))
