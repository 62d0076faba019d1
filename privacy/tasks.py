"""Background tasks (django-tasks): the download of "Mijn gegevens" (queued on commit, so the
worker finds the row the request made). Tasks take ids, never model instances.

The daily retention run is no task: ``manage.py run_daily`` (DAILY_COMMANDS) runs
``apply_retention`` once a day across all hosts."""

import secrets
from functools import partial

from django.db import transaction

from django_tasks import task

from . import downloads
from .models import DataExport


@task()
def build_data_export(export_id: int) -> int:
    """Build one requested download of a person's data and e-mail the link; returns its size."""
    export = downloads.build(export_id)
    return export.size if export else 0


def request_data_export(user):
    """Queue the build of ``user``'s download; one already being made is not queued twice."""
    pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(user=user, token=secrets.token_urlsafe(32))
    transaction.on_commit(partial(build_data_export.enqueue, export.pk))
    return export
