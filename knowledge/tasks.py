"""Background tasks (django-tasks) of the knowledge app."""

from django_tasks import task

from . import notifications


@task()
def send_registration_notification(submission_id):
    """E-mail one registration to the event's organiser. Runs after the registration is
    committed, so a slow mail server never holds up the visitor."""
    notifications.send_registration_notification(submission_id)
