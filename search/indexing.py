"""Index updates that failed, and catching up on them.

How a change reaches the index: Wagtail's post_save/post_delete signal handlers queue
``insert_or_update_object_task`` (django-tasks; inline in tests and development with the
immediate backend, through ``manage.py run_worker`` in production). Our Elasticsearch backend
(``search.backends``) catches an unreachable or slow node there, logs it and records a
``PendingIndexUpdate`` in the same database transaction as the change; the save itself never
fails and nothing is lost. ``catch_up()`` replays the records (``manage.py catch_up_index``, and
automatically through ``search.tasks.catch_up_index_task``, which the backend schedules when
the task backend can run tasks later)."""

import logging

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import class_is_indexed, get_indexed_instance

from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)


def record_failure(obj, action, error):
    """Remember that ``obj`` still has to be indexed (or deleted from the index). The caller
    schedules the catch-up (``search.tasks.schedule_catch_up``)."""
    defaults = {"action": action, "last_error": str(error)[:2000]}
    key = {
        "app_label": obj._meta.app_label,
        "model_name": obj._meta.model_name,
        "object_id": str(obj.pk),
    }
    with transaction.atomic():
        pending, created = PendingIndexUpdate.objects.select_for_update().get_or_create(
            **key, defaults=defaults
        )
        if not created:
            pending.action = action
            pending.last_error = defaults["last_error"]
            pending.attempts += 1
            pending.save(update_fields=["action", "last_error", "attempts", "updated_at"])


def _instance_for(pending):
    try:
        model = apps.get_model(pending.app_label, pending.model_name)
    except LookupError:
        return None, None
    if not class_is_indexed(model):
        return model, None
    obj = model._default_manager.filter(pk=pending.object_id).first()
    return model, obj


def catch_up(limit=None, stdout=None):
    """Replay pending index updates on every auto-updating backend. A failure leaves the record
    (with one more attempt counted) for the next run. Returns (done, still_pending)."""
    backends = list(get_search_backends_with_name(with_auto_update=True))
    done = 0
    queryset = PendingIndexUpdate.objects.order_by("updated_at", "pk")
    if limit:
        queryset = queryset[:limit]
    for pending in list(queryset):
        model, obj = _instance_for(pending)
        if model is None:
            pending.delete()
            continue
        try:
            for _name, backend in backends:
                if obj is not None and pending.action == PendingIndexUpdate.Action.INDEX:
                    indexed = get_indexed_instance(obj)
                    if indexed is not None:
                        _strict(backend).add(indexed)
                else:
                    # Deleted since, or a delete that failed: remove the document.
                    _strict(backend).delete(model(pk=model._meta.pk.to_python(pending.object_id)))
        except Exception as exc:  # any engine error leaves the record in place
            PendingIndexUpdate.objects.filter(pk=pending.pk).update(
                attempts=pending.attempts + 1,
                last_error=str(exc)[:2000],
                updated_at=timezone.now(),
            )
            logger.warning("Catching up on %s failed: %s", pending, exc)
            if stdout:
                stdout.write(f"  {pending}: nog niet gelukt ({exc})")
            continue
        pending.delete()
        done += 1
        if stdout:
            stdout.write(f"  {pending}: bijgewerkt")
    return done, PendingIndexUpdate.objects.count()


def _strict(backend):
    """Our Elasticsearch backend swallows engine errors into a new pending record; catching up
    must see them instead."""
    strict = getattr(backend, "strict", None)
    return strict() if strict else backend
