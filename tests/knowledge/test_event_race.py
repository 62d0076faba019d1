"""Two people take the last place at the same instant: each request in its own thread with its
own database connection, as a threaded server handles them. One gets the place, the other the
waiting list; never both the place. The event's row is locked (select_for_update) while the
places are counted: a row lock on PostgreSQL; SQLite takes its write lock when the transaction
begins (``transaction_mode: IMMEDIATE``, portal/settings/base.py). The test database is a file
(portal/settings/test.py), so the threads really wait for each other."""

import sys
import threading

from django.db import connection
from django.test import Client

import pytest

from knowledge.models import EventRegistration, RegistrationStatus
from tests.home.factories import make_site_home

from .factories import EventIndexPageFactory, EventPageFactory

PEOPLE = 6


@pytest.fixture
def committed_db(fresh_database):
    """Real commits that the other threads' connections see."""


@pytest.fixture(autouse=True)
def _busy_server():
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(previous)


def register_at_once(event, count):
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def register(index):
        try:
            client = Client()
            barrier.wait(timeout=10)
            outcomes[index] = client.post(
                event.url, {"naam": f"Persoon {index}", "e_mailadres": f"p{index}@example.nl"}
            )
        except Exception as error:  # noqa: BLE001 - an error page is what we assert on
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_the_last_place_goes_to_one_of_several_at_once(committed_db):
    index = EventIndexPageFactory(parent=make_site_home(), slug="gesprekken")
    event = EventPageFactory(parent=index, capacity=3, to_address="")
    EventRegistration.objects.create(page=event, form_data={"naam": "Eerder", "e_mailadres": "e@x"})
    EventRegistration.objects.create(page=event, form_data={"naam": "Ook", "e_mailadres": "o@x"})

    outcomes = register_at_once(event, PEOPLE)

    errors = [o for o in outcomes if isinstance(o, Exception) or o is None or o.status_code >= 500]
    assert errors == []
    assert event.registrations().count() == 3
    assert event.waiting_list().count() == PEOPLE - 1
    texts = [o.content.decode() for o in outcomes]
    assert sum("U bent aangemeld" in t for t in texts) == 1
    assert sum("U staat op de wachtlijst" in t for t in texts) == PEOPLE - 1
    positions = sorted(
        r.waiting_position()
        for r in EventRegistration.objects.filter(status=RegistrationStatus.WAITING)
    )
    assert positions == list(range(1, PEOPLE))
