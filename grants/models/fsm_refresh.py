"""``refresh_from_db`` for models with a protected FSM field, safe under a threaded server.

django-fsm-2 reloads a protected state field by switching the field's ``protected`` flag off and
on again around Django's reload. That flag lives on the one field object all instances (and all
threads) share: while one request reloads, another one's reload can find the flag switched back
on and fail with ``AttributeError: Direct state modification is not allowed``, and during the
window any code may assign the state directly.

The descriptor only refuses an assignment when the instance already holds a value, so this
reload takes the instance's own value out first and lets Django assign the fresh one. Nothing
shared is touched."""

from django_fsm import FSMFieldMixin, FSMModelMixin

__all__ = ["ThreadSafeRefreshMixin"]


class ThreadSafeRefreshMixin:
    """Put before ``ConcurrentTransitionMixin`` in the model's bases."""

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        # Whatever ``fields`` says, Django assigns every field the fresh copy loaded, and
        # ConcurrentTransitionMixin always loads the state: so take out all of them.
        held = {
            f.attname: self.__dict__.pop(f.attname)
            for f in self._meta.concrete_fields
            if isinstance(f, FSMFieldMixin) and f.attname in self.__dict__
        }
        try:
            # Skip django-fsm-2's flag switching; Django's own reload (and whatever else the
            # model's bases add) still runs.
            super(FSMModelMixin, self).refresh_from_db(
                using=using, fields=fields, from_queryset=from_queryset
            )
        finally:
            for name, value in held.items():
                self.__dict__.setdefault(name, value)  # only where nothing fresh came in
        # What ConcurrentTransitionMixin.refresh_from_db adds: the optimistic lock compares
        # against the state just read.
        self._update_initial_state()
