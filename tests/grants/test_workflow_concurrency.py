"""Two officials acting at the very same moment, in real concurrent transactions.

SQLite serialises every write, so this needs PostgreSQL (``DATABASE_URL``); `.ci/run` runs the
suite there. The single-connection versions of these races are in ``test_workflow.py``."""

import threading
from decimal import Decimal

from django.db import connection

import pytest

from grants import workflow
from grants.models import Application, State, TransitionLog
from tests.grants.factories import FundingSchemeFactory, OfficialFactory, application_in_state

pytestmark = [
    # Real commits (the migration data loaded back, whatever transactional test ran before).
    pytest.mark.usefixtures("fresh_database"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent transactions need PostgreSQL",
    ),
]


def race(application_ids, officials):
    """Each official approves one application in its own thread and transaction, released at
    the same instant. Returns what each got: "ok" or the exception."""
    barrier = threading.Barrier(len(officials))
    results = [None] * len(officials)

    def act(index):
        try:
            application = Application.objects.get(pk=application_ids[index])
            barrier.wait(timeout=10)
            workflow.perform(application, "approve", officials[index])
            results[index] = "ok"
        except Exception as exc:  # noqa: BLE001 - the outcome is what we assert on
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(i,)) for i in range(len(officials))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_officials_approve_the_same_application_at_once():
    scheme = FundingSchemeFactory(yearly_budget=Decimal("5000"))
    application = application_in_state("in_dialogue", scheme=scheme)
    results = race([application.pk, application.pk], [OfficialFactory(), OfficialFactory()])

    assert results.count("ok") == 1, results
    loser = next(r for r in results if r != "ok")
    assert isinstance(loser, workflow.ConcurrentChange)
    assert "Iemand anders heeft deze aanvraag net gewijzigd" in str(loser)
    assert TransitionLog.objects.filter(application=application, transition="approve").count() == 1


def test_two_officials_approve_different_applications_for_the_last_budget():
    scheme = FundingSchemeFactory(yearly_budget=Decimal("1200"))
    first = application_in_state("submitted", scheme=scheme)
    second = application_in_state("submitted", scheme=scheme)
    results = race([first.pk, second.pk], [OfficialFactory(), OfficialFactory()])

    assert results.count("ok") == 1, results
    loser = next(r for r in results if r != "ok")
    assert isinstance(loser, workflow.ConditionFailed)
    assert "resterende budget" in loser.reasons[0]
    assert Application.objects.filter(scheme=scheme, state=State.APPROVED).count() == 1
    assert scheme.remaining_budget() == Decimal("0")
