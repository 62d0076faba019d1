"""What the providers tell "Mijn gegevens": every app's part is described and exported, the
files in the export exist in storage, and the description says what stays and until when."""

import datetime
import json

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string

import pytest

from core import personal_data
from grants.models import State, TransitionLog

pytestmark = pytest.mark.django_db


def test_every_app_with_personal_data_has_a_provider():
    assert {p.key for p in personal_data.providers()} >= {
        "grants",
        "security",
        "home.contactmessage",
        "knowledge.registration",
    }


def test_describe_says_what_stays_and_until_when(person):
    holdings = [h for p in personal_data.providers() for h in p.describe(person.user)]
    labels = {h.label: h for h in holdings}
    assert labels["Concepten van aanvragen"].count == 1
    assert not labels["Concepten van aanvragen"].kept
    kept = [h for h in holdings if h.label.startswith("Aanvraag ")]
    assert len(kept) == 7
    assert all(h.kept for h in kept)
    closed = next(h for h in kept if h.kept_until and "7 jaar na de afronding" in h.if_kept)
    assert closed.kept_until is not None
    assert date_format(closed.kept_until, "j F Y") in closed.if_kept
    assert all("Houdt u" not in h.on_delete for h in holdings)
    assert labels["Berichten via het contactformulier"].count == 1
    assert labels["Aanmeldingen voor bijeenkomsten"].count == 1


def test_export_holds_their_data_and_files(person):
    exports = [p.export(person.user) for p in personal_data.providers()]
    data = json.dumps([e.data for e in exports], ensure_ascii=False)
    for value in ("NL02RABO0123456789", "0612345678", person.user.email, "Tuinploeg Zwanenburg"):
        assert value in data
    files = [f for e in exports for f in e.files]
    assert len(files) == len(person.files)
    for storage_name, name, archive_path in files:
        assert import_string(storage_name)().exists(name)
        assert archive_path.startswith("aanvragen/")


def test_export_holds_the_timeline_without_internal_notes(person):
    from grants.models import TransitionLog

    entries = TransitionLog.objects.filter(application__owner=person.user)
    internal = entries.order_by("pk").last()
    TransitionLog.objects.filter(pk=internal.pk).update(
        note="Interne afweging van de ambtenaar", note_is_internal=True
    )
    data = personal_data.provider("grants").export(person.user).data["aanvragen"]
    timeline = [step for application in data for step in application["tijdlijn"]]
    assert len(timeline) == entries.count() > 0
    assert {"tijdstip", "van", "naar", "toelichting"} <= set(timeline[0])
    assert "Interne afweging" not in json.dumps(data, ensure_ascii=False)


def test_a_withdrawn_application_is_kept_until_the_day_the_retention_list_says(person):
    """Mijn gegevens and the officials' coming list count the term from the same moment: the
    withdrawal step, not the last time the row changed."""
    withdrawn = next(a for a in person.applications if a.state == State.WITHDRAWN)
    withdrawn_at = timezone.now() - datetime.timedelta(days=800)
    TransitionLog.objects.filter(application=withdrawn, to_state=State.WITHDRAWN).update(
        created_at=withdrawn_at
    )
    provider = personal_data.provider("grants")
    holding = next(h for h in provider.describe(person.user) if withdrawn.reference in h.label)
    due = next(
        i
        for i in provider.due_for_retention(timezone.localdate())
        if i.object_id == str(withdrawn.pk)
    )
    assert holding.kept_until == due.due
