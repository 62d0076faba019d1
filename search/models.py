from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An object whose search-index update failed because the search engine was unreachable.
    ``catch_up_index`` replays these; one row per object, the latest action wins."""

    class Action(models.TextChoices):
        INDEX = "index", _("Bijwerken")
        DELETE = "delete", _("Verwijderen")

    app_label = models.CharField(max_length=100)
    model_name = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.INDEX)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("uitgestelde indexering")
        verbose_name_plural = _("uitgestelde indexeringen")
        constraints = [
            models.UniqueConstraint(
                fields=["app_label", "model_name", "object_id"], name="search_pending_unique"
            )
        ]

    def __str__(self):
        return f"{self.action} {self.app_label}.{self.model_name} {self.object_id}"
