from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRun(models.Model):
    """One daily job on one day (``manage.py run_daily``). The unique row is the lock: on several
    hosts each timer tries to claim it, one wins, the others skip that job for the day."""

    job = models.CharField(_("taak"), max_length=100)
    day = models.DateField(_("dag"))
    host = models.CharField(_("server"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("begonnen"))
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)

    class Meta:
        verbose_name = _("dagelijkse taak")
        verbose_name_plural = _("dagelijkse taken")
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="core_dailyrun_once_a_day")
        ]

    def __str__(self):
        return f"{self.job} {self.day}"
