"""How e-mails about applications are queued (what they say and to whom: ``grants.emails``).

``queue_transition`` and ``queue_message`` are called by ``grants.workflow`` inside its
transaction; they enqueue a background task (``grants.tasks``) only once the transaction has
committed, so a rolled-back step sends nothing and the request never waits for the mail server.
An internal dialogue note is never queued."""

import contextlib
import contextvars
from functools import partial

from django.db import transaction

from . import tasks

# --- queueing (inside the caller's transaction) --------------------------------------------

_muted = contextvars.ContextVar("grants_notifications_muted", default=False)


@contextlib.contextmanager
def muted():
    """Send nothing inside this block: demo content and imports of history mail nobody."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def queue_transition(entry):
    if _muted.get():
        return
    transaction.on_commit(partial(tasks.send_transition_emails.enqueue, entry.pk))


def queue_message(message):
    if message.is_internal or _muted.get():
        return
    transaction.on_commit(partial(tasks.send_message_email.enqueue, message.pk))
