"""Deleting one's own account from Mijn gegevens: the page says what goes and what stays (and
until when), asks for the password, erases, logs out and confirms in Dutch. Accounts that enter
the admin cannot delete themselves: an administrator removes them."""

import json
import zipfile
from io import BytesIO

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from grants.models import Application, State
from security.models import SecurityEvent
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import OfficialFactory

from .conftest import scan_every_table

pytestmark = pytest.mark.django_db

DELETE = reverse("privacy:delete_account")
PASSWORD = "wachtwoord-123"  # tests.factories.UserFactory's


def test_the_page_says_what_goes_and_what_stays_until_when(person):
    html = person.client.get(DELETE).content.decode()
    assert "Concepten van aanvragen" in html
    assert "Worden direct verwijderd, met de bijlagen." in html
    closed = next(a for a in person.applications if a.state == State.CLOSED)
    assert closed.reference in html
    # What stays, stays without an end date: the anonymised figures are never destroyed, so
    # the page promises no destruction (it used to say "daarna vernietigd").
    assert "Blijft bewaard zonder uw naam" in html
    assert "vernietigd" not in html
    assert "Houdt u uw account" not in html  # that is for Mijn gegevens, not this page
    assert f"{closed.reference} {closed.title} (1)" not in html  # no count of one
    assert 'autocomplete="current-password"' in html
    assert 'name="password"' in html


def test_a_wrong_password_deletes_nothing_and_says_why(person):
    response = person.client.post(DELETE, {"password": "fout"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit wachtwoord klopt niet." in html
    assert 'href="#id_password"' in html  # the error summary links to the field
    assert 'aria-invalid="true"' in html
    assert get_user_model().objects.filter(pk=person.user.pk).exists()


def test_the_right_password_erases_logs_out_and_confirms(
    person, other, client, django_capture_on_commit_callbacks
):
    email = person.user.email
    applications = Application.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = person.client.post(DELETE, {"password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("privacy:account_deleted")
    assert "Uw account is verwijderd" in html
    assert email in html  # repeated once on the confirmation, from the fresh session
    assert "Blijft bewaard zonder uw naam" in html
    assert "tot uiterlijk" not in html
    assert "een tijd" not in html
    assert not response.wsgi_request.user.is_authenticated
    assert not get_user_model().objects.filter(email=email).exists()
    # The fresh session that carried the address to the page is short-lived.
    assert person.client.session.get_expiry_age() <= 600
    drafts = 1  # PATH_TO_STATE has one draft per person
    assert Application.objects.count() == applications - drafts
    # The confirmation page told it once; a reload tells nothing (no personal data kept).
    assert person.client.get(reverse("privacy:account_deleted"))["Location"] == "/"
    assert scan_every_table(person.values) == {}
    assert client.login(username=email, password=PASSWORD) is False
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ACCOUNT_ERASED)
    assert event.user is None
    assert event.detail.startswith("door de persoon zelf:")
    # Every submitted application is named as kept (anonymised), running ones too.
    for application in person.applications:
        if application.state != State.DRAFT:
            assert application.reference in html


@pytest.mark.parametrize(
    "make",
    [
        EditorFactory,
        OfficialFactory,
        lambda: UserFactory(is_superuser=True, is_staff=True),
    ],
    ids=["editor", "official", "administrator"],
)
def test_staff_accounts_cannot_delete_themselves(client, make):
    staff = make()
    client.force_login(staff)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Vraag een beheerder" in page
    assert DELETE not in page
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 403
    assert "Vraag een beheerder" in response.content.decode()
    assert get_user_model().objects.filter(pk=staff.pk).exists()


def test_the_download_holds_every_apps_data(person):
    """With the real providers (grants, security, contact form, registrations)."""
    response = person.client.post(reverse("privacy:download_request"))
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("gegevens.json"))
    assert set(data["gegevens"]) >= {
        "grants",
        "security",
        "home.contactmessage",
        "knowledge.registration",
        "privacy.dataexport",
    }
    text = json.dumps(data, ensure_ascii=False)
    assert "NL02RABO0123456789" in text
    assert "Gerritje Zwanenburg" in text
    pdfs = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == len(person.applications)


class _Clinging:
    """An app that forgot to let go of its rows: its erase refuses, as Django's PROTECT does."""

    key = "tests.clinging"

    def describe(self, user):
        return []

    def export(self, user):
        from core.personal_data import Export

        return Export()

    def erase(self, user):
        from django.db.models import ProtectedError

        raise ProtectedError("nog in gebruik", set())

    def due_for_retention(self, until):
        return []

    def apply_retention(self, item):
        return None


def test_a_refused_erasure_changes_nothing_and_says_so(person, caplog):
    from core import personal_data

    personal_data.register(_Clinging())
    try:
        response = person.client.post(DELETE, {"password": PASSWORD}, follow=True)
    finally:
        personal_data._providers.pop(_Clinging.key, None)
    assert "Er is niets gewist" in response.content.decode()
    assert response.wsgi_request.user.is_authenticated
    assert get_user_model().objects.filter(pk=person.user.pk).exists()
    assert Application.objects.filter(owner=person.user).count() == len(person.applications)
