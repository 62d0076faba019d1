"""Background tasks (django-tasks) of the home app."""

from django_tasks import task

from . import notifications


@task()
def send_contact_notification(submission_id):
    """E-mail one contact-form message to the page's address. Runs after the message is
    stored, so a slow or failing mail server never loses it: it stays in the admin."""
    return notifications.send_contact_notification(submission_id)
