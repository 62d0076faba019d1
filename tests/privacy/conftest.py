"""A person with something in every app: applications in every state (with messages, files,
a report with photos), a contact message, an event registration, a login, a session and two
factors; plus someone else whose data must stay."""

import datetime
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client

from wagtail.contrib.forms.models import FormSubmission
from wagtail.log_actions import log

import pytest

from grants import workflow
from grants.models import Attachment, Report, ReportPhoto, State
from security.log import Kind, record
from tests.factories import UserFactory, give_second_factor
from tests.grants.factories import (
    PATH_TO_STATE,
    OfficialFactory,
    application_in_state,
)
from tests.grants.initiator_support import image_bytes, pdf
from tests.home.factories import ContactPageFactory
from tests.knowledge.factories import EventIndexPageFactory, EventPageFactory
from tests.search.conftest import _elasticsearch_indexes, search_index  # noqa: F401


@dataclass
class Person:
    user: object
    values: list  # every personal value that must not survive anywhere
    applications: list = field(default_factory=list)
    files: list = field(default_factory=list)  # storage names


def _text_columns(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
    ]


def scan_every_table(values):
    """{table.column: [value found], ...} over every model's text, char and JSON columns."""
    needles = [v.lower() for v in values]
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = _text_columns(model)
        if not columns:
            continue
        for row in model._base_manager.values_list(*columns).iterator():
            for column, value in zip(columns, row, strict=True):
                if value is None:
                    continue
                text = (
                    value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                ).lower()
                for needle in needles:
                    if needle in text:
                        found.setdefault(f"{model._meta.db_table}.{column}", []).append(needle)
    return found


@pytest.fixture
def official(db):
    return OfficialFactory(first_name="Ambtenaar", last_name="Van Dienst")


def _make_person(official, n, first, last, phone, iban, holder, organisation):
    user = UserFactory(
        username=f"{first.lower()}{n}",
        email=f"{first.lower()}.{last.lower()}{n}@voorbeeld.nl",
        first_name=first,
        last_name=last,
        verified_email=True,
    )
    contact = f"{first} {last}"
    person = Person(
        user=user,
        values=[user.email, user.username, first, last, contact, phone, iban, holder, organisation],
    )
    for state in PATH_TO_STATE:
        application = application_in_state(
            state,
            official_user=official,
            owner=user,
            contact_name=contact,
            contact_email=user.email,
            contact_phone=phone,
            iban=iban,
            iban_holder=holder,
            organisation_name=organisation,
            summary=f"Samen met {contact} en de buren.",
            plan_with_whom=f"Met {last} en familie.",
        )
        person.applications.append(application)
        attachment = Attachment(
            application=application, original_name=f"offerte-{last}.pdf", uploaded_by=user
        )
        attachment.file.save(f"offerte-{last}.pdf", pdf(), save=True)
        person.files.append(attachment.file.name)
        if state in (State.SUBMITTED, State.IN_DIALOGUE, State.APPROVED):
            workflow.post_message(application, user, f"Groet, {contact} ({phone})")
            workflow.post_message(application, official, f"Dank u, mevrouw {last}.")
        if state in (State.REPORTED, State.CLOSED):
            report = Report.objects.get(application=application)
            Report.objects.filter(pk=report.pk).update(
                story=f"{contact} las voor.", lessons=f"Bel {phone}."
            )
            photo = ReportPhoto(report=report, alt_text=f"{first} bij de tuin")
            photo.image.save("tuin.jpg", ContentFile(image_bytes()), save=True)
            person.files.append(photo.image.name)
    return person


@pytest.fixture
def contact_page(db):
    from tests.home.factories import make_site_home

    return ContactPageFactory(parent=make_site_home())


@pytest.fixture
def event(contact_page):
    index = EventIndexPageFactory(parent=contact_page.get_parent(), slug="gesprekken")
    return EventPageFactory(parent=index, date=datetime.date.today() + datetime.timedelta(days=10))


@pytest.fixture
def person(official, contact_page, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = _make_person(
            official,
            1,
            "Gerritje",
            "Zwanenburg",
            "0612345678",
            "NL02RABO0123456789",
            "G. Zwanenburg-Kamp",
            "Tuinploeg Zwanenburg",
        )
    user = person.user
    FormSubmission.objects.create(
        page=contact_page,
        form_data={
            "naam": "Gerritje Zwanenburg",
            "e_mailadres": user.email.upper(),
            "je_vraag": "?",
        },
    )
    FormSubmission.objects.create(
        page=event, form_data={"naam": "Gerritje Zwanenburg", "e_mailadres": user.email}
    )
    # The administrator created the account in Wagtail's admin: its history names it.
    log(user, "wagtail.create", user=official)
    record(None, Kind.LOGIN, user=user)
    record(None, Kind.LOGIN_FAILED, login=user.email)
    give_second_factor(user)
    client = Client()
    client.force_login(user)
    person.client = client
    return person


@pytest.fixture
def other(official, contact_page, django_capture_on_commit_callbacks):
    """Someone else: nothing of theirs may go."""
    with django_capture_on_commit_callbacks(execute=True):
        other = _make_person(
            official,
            2,
            "Hendrik",
            "Oosterhuis",
            "0687654321",
            "NL91ABNA0417164300",
            "H. Oosterhuis",
            "Dijkploeg Oosterhuis",
        )
    FormSubmission.objects.create(
        page=contact_page, form_data={"naam": "Hendrik Oosterhuis", "e_mailadres": other.user.email}
    )
    return other


from .support import applications_provider  # noqa: E402, F401
