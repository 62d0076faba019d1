"""A small provider over real rows for the privacy tests: a person's applications and their
attachments (grants' tables, private storage), registered only while a test runs."""

import datetime

from django.core.files.base import ContentFile

import pytest

from core import personal_data
from core.personal_data import Erasure, Export, Holding
from grants.models import Application, Attachment

KEPT_UNTIL = datetime.date(2033, 12, 31)


class ApplicationsProvider:
    key = "tests.applications"

    def describe(self, user):
        count = Application.objects.filter(owner=user).count()
        return [
            Holding(
                label="Aanvragen (test)",
                count=count,
                on_delete="Ingediende aanvragen blijven zonder uw naam bewaard.",
                kept_until=KEPT_UNTIL,
            )
        ]

    def export(self, user):
        applications = Application.objects.filter(owner=user).order_by("pk")
        files = [
            ("grants.storage.private_storage", a.file.name, f"test/{a.original_name}")
            for a in Attachment.objects.filter(application__owner=user).order_by("pk")
        ]
        return Export(
            data={"aanvragen": [{"titel": a.title, "iban": a.iban} for a in applications]},
            files=files,
        )

    def erase(self, user):
        return Erasure()

    def due_for_retention(self, until):
        return []

    def apply_retention(self, item):
        return None


@pytest.fixture
def applications_provider():
    provider = personal_data.register(ApplicationsProvider())
    yield provider
    personal_data._providers.pop(provider.key, None)


def attach(application, name="offerte.pdf", content=b"%PDF-1.4 offerte"):
    attachment = Attachment(application=application, original_name=name, size=len(content))
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment
