"""What the providers tell "Mijn gegevens": every app's part is described and exported, the
files in the export exist in storage, and the description says what stays and until when."""

import json

from django.utils.module_loading import import_string

import pytest

from core import personal_data

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
    closed = next(h for h in kept if "7 jaar na de afronding" in h.on_delete)
    assert closed.kept_until is not None
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
