"""Applying the retention terms: what every provider says is due, minus what officials hold.

``run(today, dry_run)`` is the one place the terms are applied: ``manage.py apply_retention``
calls it, daily through ``manage.py run_daily``. A dry run only reads. An item with
``warning_days`` is warned about first (``provider.warn``, recorded in ``RetentionNotice``) and
applied only once that warning went out ``warning_days`` ago, so nobody loses a draft without
having had the mail. Applying is idempotent: anonymised and destroyed records are no longer due,
a second run finds nothing.

``coming(today, days)`` is the officials' list in the admin: what is due now and within
``days``, with the holds."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import personal_data

from .models import RetentionHold, RetentionNotice

__all__ = ["ComingItem", "RetentionRun", "coming", "hold", "release", "run"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComingItem:
    item: personal_data.RetentionItem
    hold: RetentionHold | None

    @property
    def is_due(self):
        return self.item.due <= timezone.localdate()


@dataclass
class RetentionRun:
    applied: list = field(default_factory=list)
    held: list = field(default_factory=list)
    warned: list = field(default_factory=list)
    waiting: list = field(default_factory=list)  # due, but the warning is too recent

    def __bool__(self):
        return bool(self.applied or self.warned)


def _holds():
    return {(h.kind, h.object_id): h for h in RetentionHold.objects.all()}


def _notices():
    return {
        (n.kind, n.object_id, n.due): n.sent_at
        for n in RetentionNotice.objects.all().only("kind", "object_id", "due", "sent_at")
    }


def _horizon(today):
    return today + datetime.timedelta(days=settings.RETENTION["LOOKAHEAD_DAYS"])


def coming(today=None, days=None):
    """What is due by ``today + days`` (default ``RETENTION["LOOKAHEAD_DAYS"]``), soonest first."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=days) if days is not None else _horizon(today)
    holds = _holds()
    rows = [
        ComingItem(item, holds.get((item.kind, item.object_id)))
        for provider in personal_data.providers()
        for item in provider.due_for_retention(until)
    ]
    return sorted(rows, key=lambda row: (row.item.due, row.item.kind, row.item.label))


def _apply(provider, items):
    many = getattr(provider, "apply_retention_many", None)
    if many is not None:
        many(items)
    else:
        for item in items:
            provider.apply_retention(item)


APPLY, WARN, WAIT, HELD, LATER = "apply", "warn", "wait", "held", "later"


def _decide(item, today, holds, notices):
    """What to do with ``item`` today: a list of APPLY / WARN / WAIT / HELD (or LATER)."""
    if (item.kind, item.object_id) in holds:
        return [HELD] if item.due <= today else [LATER]
    is_due = item.due <= today
    if not item.warning_days:
        return [APPLY] if is_due else [LATER]
    sent_at = notices.get((item.kind, item.object_id, item.due))
    if sent_at is None:
        warn_from = item.due - datetime.timedelta(days=item.warning_days)
        steps = [WARN] if warn_from <= today else []
        return steps + ([WAIT] if is_due else [])
    ready = timezone.localdate(sent_at) + datetime.timedelta(days=item.warning_days)
    if not is_due:
        return [LATER]
    return [APPLY] if ready <= today else [WAIT]


def run(today=None, dry_run=False, progress=None, batch=1000):
    """Apply every term due on ``today``; see the module docstring. ``progress(text)`` is called
    per batch. Returns a ``RetentionRun`` (in a dry run: what would be done)."""
    today = today or timezone.localdate()
    holds = _holds()
    notices = _notices()
    result = RetentionRun()
    lists = {WARN: result.warned, WAIT: result.waiting, HELD: result.held}
    for provider in personal_data.providers():
        to_apply = []
        for item in provider.due_for_retention(_horizon(today)):
            for step in _decide(item, today, holds, notices):
                if step == APPLY:
                    to_apply.append(item)
                elif step == WARN and not dry_run and not _warn(provider, item):
                    continue  # not sent: tried again on the next run
                if step in lists:
                    lists[step].append(item)
        for start in range(0, len(to_apply), batch):
            chunk = to_apply[start : start + batch]
            if not dry_run:
                _apply(provider, chunk)
            result.applied.extend(chunk)
            if progress:
                progress(f"{provider.key}: {start + len(chunk)}/{len(to_apply)}")
    return result


def _warn(provider, item):
    """Send the warning and record it; False when the mail could not go (nothing recorded, so
    the next run tries again and the record waits). One failing mail server must not stop the
    run: every other term is still applied."""
    warn = getattr(provider, "warn", None)
    try:
        with transaction.atomic():
            RetentionNotice.objects.create(kind=item.kind, object_id=item.object_id, due=item.due)
            if warn is not None:
                warn(item)
    except IntegrityError:  # another run warned at the same moment
        pass
    except Exception:  # noqa: BLE001 (the mail server, most likely)
        logger.exception("retention warning for %s %s not sent", item.kind, item.object_id)
        return False
    return True


def hold(item_kind, object_id, reason, user, label=""):
    """Keep a record past its term. Returns the hold (the existing one if already held)."""
    held, _created = RetentionHold.objects.get_or_create(
        kind=item_kind,
        object_id=str(object_id),
        defaults={"reason": reason, "held_by": user, "label": label[:300]},
    )
    return held


def release(item_kind, object_id):
    return RetentionHold.objects.filter(kind=item_kind, object_id=str(object_id)).delete()[0]
