"""Mijn gegevens: a logged-in person sees what is stored about them and downloads all of it as
a ZIP, at once when it is small, by an e-mailed link (for them only, for 7 days) when it is
large. Every download is in the security log as an export of personal data."""

import datetime
import io
import json
import re
import zipfile

from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from grants.models import Attachment
from privacy.models import DataExport
from privacy.storage import private_storage
from security.models import SecurityEvent
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import ApplicationFactory, OfficialFactory

from .support import attach

pytestmark = pytest.mark.django_db

MY_DATA = reverse("privacy:my_data")
DOWNLOAD = reverse("privacy:download_request")


@pytest.fixture
def initiator(applications_provider):
    user = UserFactory(email="fenna@example.nl", first_name="Fenna", last_name="Dijkstra")
    application = ApplicationFactory(owner=user, title="Pluktuin bij de Hoeve")
    attach(application, "offerte.pdf", b"%PDF-1.4 offerte van Fenna")
    attach(application, "offerte.pdf", b"%PDF-1.4 tweede offerte")
    return user


def _zip(content):
    return zipfile.ZipFile(io.BytesIO(content))


def _content(response):
    return b"".join(response.streaming_content)


def _exports_logged():
    return SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERSONAL_DATA_EXPORTED)


@pytest.mark.parametrize("url", [MY_DATA, reverse("privacy:delete_account")])
def test_anonymous_visitor_is_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_anonymous_download_goes_to_login_and_builds_nothing(client):
    response = client.post(DOWNLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not DataExport.objects.exists()


def test_the_page_shows_the_account_and_every_holding(client, initiator):
    client.force_login(initiator)
    response = client.get(MY_DATA)
    html = response.content.decode()
    assert response.status_code == 200
    assert "fenna@example.nl" in html
    assert "Fenna Dijkstra" in html
    assert initiator.date_joined.strftime("%Y") in html
    assert "Aanvragen (test)" in html
    assert "Ingediende aanvragen blijven zonder uw naam bewaard." in html
    assert "31 december 2033" in html
    assert reverse("account_email") in html
    assert reverse("privacy:delete_account") in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_header_links_to_my_data(client, initiator):
    client.force_login(initiator)
    html = client.get(MY_DATA).content.decode()
    assert re.search(r'<a href="/account/gegevens/" aria-current="page">Mijn gegevens</a>', html)


def test_a_small_account_gets_the_zip_at_once(client, initiator):
    client.force_login(initiator)
    response = client.post(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert "mijn-gegevens-dorpskracht-" in response["Content-Disposition"]
    archive = _zip(_content(response))
    names = sorted(archive.namelist())
    assert "gegevens.json" in names
    assert [n for n in names if n.startswith("bestanden/test/")] == [
        "bestanden/test/offerte (2).pdf",
        "bestanden/test/offerte.pdf",
    ]
    assert archive.read("bestanden/test/offerte.pdf") == b"%PDF-1.4 offerte van Fenna"
    data = json.loads(archive.read("gegevens.json"))
    assert data["account"]["e-mailadres"] == "fenna@example.nl"
    assert data["account"]["achternaam"] == "Dijkstra"
    assert data["account"]["aangemeld_op"].startswith(initiator.date_joined.date().isoformat())
    assert data["gegevens"]["tests.applications"]["aanvragen"] == [
        {"titel": "Pluktuin bij de Hoeve", "iban": "NL91ABNA0417164300"}
    ]
    assert "privacy.dataexport" in data["gegevens"]
    assert {f["pad"] for f in data["bestanden"]} == set(names) - {"gegevens.json"}
    # Nothing waits in storage: the direct download is never stored.
    assert not DataExport.objects.exists()
    event = _exports_logged().get()
    assert event.user == initiator
    assert "eigen gegevens" in event.detail
    assert f"{len(names) - 1} bestanden" in event.detail


def test_a_file_missing_from_storage_is_named_not_fatal(client, initiator):
    gone = Attachment.objects.filter(application__owner=initiator).order_by("pk").first()
    private_storage().delete(gone.file.name)
    client.force_login(initiator)
    archive = _zip(_content(client.post(DOWNLOAD)))
    data = json.loads(archive.read("gegevens.json"))
    assert "bestanden/test/offerte.pdf" in data["ontbrekende_bestanden"]
    assert archive.read("bestanden/test/offerte (2).pdf") == b"%PDF-1.4 tweede offerte"


@pytest.fixture
def large(settings, client, django_capture_on_commit_callbacks):
    """Every account counts as large: the background path with the e-mailed link. Returns how
    to ask for it (the task is queued on commit and runs at once: the immediate backend)."""
    settings.PRIVACY_DIRECT_DOWNLOAD_MAX_BYTES = 10

    def ask(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(DOWNLOAD, **kwargs)

    return ask


def _link(mail):
    return re.search(r"http://testserver(/account/gegevens/download/[^/\s]+/)", mail.body).group(1)


def test_a_large_account_gets_a_link_by_email(client, initiator, large, mailoutbox):
    client.force_login(initiator)
    response = large(follow=True)
    assert "U krijgt een e-mail met een link" in response.content.decode()
    export = DataExport.objects.get()
    assert export.status == DataExport.Status.READY
    assert private_storage().exists(export.file_name)
    assert not _exports_logged().exists()  # built, not yet downloaded
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["fenna@example.nl"]
    assert "7 dagen" in mail.body
    link = _link(mail)
    assert export.expires_at - export.ready_at == datetime.timedelta(days=7)

    response = client.get(link)
    assert response.status_code == 200
    archive = _zip(_content(response))
    assert "gegevens.json" in archive.namelist()
    assert archive.read("bestanden/test/offerte.pdf") == b"%PDF-1.4 offerte van Fenna"
    assert f"download {export.pk}, via e-mail" in _exports_logged().get().detail
    # The page lists it while it lasts.
    assert link in client.get(MY_DATA).content.decode()


def test_the_link_works_only_for_its_owner(client, initiator, large, mailoutbox):
    client.force_login(initiator)
    large()
    link = _link(mailoutbox[0])
    client.logout()

    assert client.get(link)["Location"].startswith(reverse("account_login"))
    for other in (UserFactory(), EditorFactory(), OfficialFactory()):
        client.force_login(other)
        assert client.get(link).status_code == 404
    refused = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.REFUSED)
    assert refused.count() == 3
    assert not _exports_logged().exists()


def test_an_expired_link_removes_the_file(client, initiator, large, mailoutbox):
    client.force_login(initiator)
    large()
    export = DataExport.objects.get()
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    response = client.get(_link(mailoutbox[0]))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not private_storage().exists(export.file_name)
    assert DataExport.objects.get().status == DataExport.Status.EXPIRED


def test_the_retention_run_destroys_expired_downloads(client, initiator, large):
    from core import personal_data

    client.force_login(initiator)
    large()
    large()  # a second request while none is pending makes a second file
    first, second = DataExport.objects.order_by("pk")
    DataExport.objects.filter(pk=first.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    provider = personal_data.provider("privacy.dataexport")
    items = list(provider.due_for_retention(timezone.localdate()))
    assert [i.object_id for i in items] == [str(first.pk)]
    for item in items:
        provider.apply_retention(item)
        provider.apply_retention(item)  # idempotent
    assert not private_storage().exists(first.file_name)
    assert private_storage().exists(second.file_name)
    assert list(provider.due_for_retention(timezone.localdate())) == []
    # The officials' look ahead sees the second one, which the daily run leaves alone.
    ahead = timezone.localdate() + datetime.timedelta(days=8)
    assert [i.object_id for i in provider.due_for_retention(ahead)] == [str(second.pk)]


def test_the_daily_run_keeps_a_link_that_expires_later_today(client, initiator, large):
    """The run at night applies what is due today; a link valid until this afternoon stays."""
    from privacy import retention

    client.force_login(initiator)
    large()
    export = DataExport.objects.get()
    night = timezone.localtime().replace(hour=3, minute=30, second=0, microsecond=0)
    DataExport.objects.filter(pk=export.pk).update(expires_at=night + datetime.timedelta(hours=12))
    with time_machine.travel(night, tick=False):
        retention.run()
    assert private_storage().exists(export.file_name)
    assert DataExport.objects.get().status == DataExport.Status.READY
    with time_machine.travel(night + datetime.timedelta(days=1), tick=False):
        retention.run()
    assert not private_storage().exists(export.file_name)
    assert DataExport.objects.get().status == DataExport.Status.EXPIRED


def test_downloads_are_gone_with_the_account(
    client, initiator, large, django_capture_on_commit_callbacks
):
    from core import personal_data

    client.force_login(initiator)
    large()
    export = DataExport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.provider("privacy.dataexport").erase(initiator)
    assert not DataExport.objects.exists()
    assert not private_storage().exists(export.file_name)


def test_a_download_built_while_the_account_is_deleted_leaves_no_file(initiator):
    """The account goes while the worker makes its ZIP: the finished file is removed again."""
    from core import personal_data
    from core.personal_data import Export
    from privacy import downloads, tasks

    class DeletedMeanwhile:
        key = "tests.deleted-meanwhile"

        def export(self, user):
            DataExport.objects.filter(user=user).delete()  # what erase_account does
            return Export()

    export = tasks.request_data_export(initiator)  # queued on commit: not built yet
    personal_data.register(DeletedMeanwhile())
    try:
        assert downloads.build(export.pk) is None
    finally:
        personal_data._providers.pop(DeletedMeanwhile.key)
    assert private_storage().listdir(downloads.FOLDER)[1] == []


@pytest.mark.parametrize("make", [EditorFactory, OfficialFactory], ids=["editor", "official"])
def test_staff_see_their_own_data_only(client, initiator, make):
    staff = make(email="medewerker@example.nl")
    client.force_login(staff)
    html = client.get(MY_DATA).content.decode()
    assert "medewerker@example.nl" in html
    assert "fenna@example.nl" not in html
    data = json.loads(_zip(_content(client.post(DOWNLOAD))).read("gegevens.json"))
    assert data["account"]["e-mailadres"] == "medewerker@example.nl"
    assert data["gegevens"]["tests.applications"]["aanvragen"] == []


def test_an_official_without_two_factors_sets_them_up_first(client):
    official = OfficialFactory(second_factor=False)
    client.force_login(official)
    for response in (client.get(MY_DATA), client.post(DOWNLOAD)):
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # An initiator needs no second factor here.
    client.force_login(UserFactory())
    assert client.get(MY_DATA).status_code == 200
