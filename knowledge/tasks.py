"""Background tasks (django-tasks) of the knowledge app."""

from django_tasks import task

from . import notifications


@task()
def send_registration_notification(submission_id):
    """E-mail one registration to the event's organiser. Runs after the registration is
    committed, so a slow mail server never holds up the visitor."""
    notifications.send_registration_notification(submission_id)


@task()
def send_registrant_email(registration_id, kind):
    """E-mail the person who registered: ``kind`` is confirmation, waiting, moved_up or
    reminder (see ``notifications.REGISTRANT_MAILS``)."""
    return notifications.send_registrant_email(registration_id, kind)
