"""Background tasks (django-tasks). They take ids, never model instances, and are queued on
commit by ``grants.notifications``; in production the database backend runs them in a worker
(``manage.py run_worker``), so a slow mail server never holds up a request."""

from django_tasks import task

from . import emails


@task()
def send_transition_emails(log_entry_id: int) -> int:
    """E-mails about one step of the workflow; returns how many were sent."""
    return emails.send_transition_emails(log_entry_id)


@task()
def send_message_email(message_id: int) -> int:
    """E-mails a new dialogue message to the other side; returns how many were sent."""
    return emails.send_message_email(message_id)
