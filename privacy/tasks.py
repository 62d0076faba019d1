"""Background tasks (django-tasks): they take ids, never model instances."""

from django_tasks import task

from . import downloads


@task()
def build_data_export(export_id: int) -> int:
    """Build one requested download of a person's data and e-mail the link; returns its size."""
    export = downloads.build(export_id)
    return export.size if export else 0
