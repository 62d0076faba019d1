"""privacy's own personal data: the downloads of "Mijn gegevens" waiting in private storage."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.personal_data import DESTROY, Erasure, Export, Holding, RetentionItem

from . import downloads
from .models import DataExport


class DataExportsProvider:
    key = "privacy.dataexport"

    def describe(self, user):
        count = DataExport.objects.filter(user=user).exclude(status=DataExport.Status.EXPIRED)
        count = count.count()
        if not count:
            return []
        return [
            Holding(
                label=_("Downloads van uw gegevens"),
                count=count,
                on_delete=_(
                    "Worden direct verwijderd. Anders verdwijnen ze %(days)s dagen nadat ze "
                    "gemaakt zijn."
                )
                % {"days": downloads.valid_days()},
            )
        ]

    def export(self, user):
        # Only the requests: an earlier ZIP is not packed into the next one.
        rows = DataExport.objects.filter(user=user).order_by("created_at")
        return Export(
            data={
                "downloads": [
                    {
                        "aangevraagd": e.created_at,
                        "status": e.get_status_display(),
                        "verloopt": e.expires_at,
                    }
                    for e in rows
                ]
            }
        )

    def erase(self, user):
        deleted, removed = downloads.erase_for(user)
        return Erasure(deleted=deleted, files_removed=removed)

    def due_for_retention(self, until):
        # A download's term is counted in hours: the daily run (``until`` today) destroys only
        # what has expired by now, never a link that still works this afternoon; a look ahead
        # (the officials' coming list) sees what expires by the end of ``until``.
        now = timezone.now()
        if until > timezone.localdate(now):
            end_of_day = datetime.datetime.combine(until, datetime.time.max)
            now = timezone.make_aware(end_of_day)
        for export in downloads.expired(now):
            yield RetentionItem(
                kind=self.key,
                label=_("Download van eigen gegevens %(id)s") % {"id": export.pk},
                object_id=str(export.pk),
                action=DESTROY,
                due=timezone.localdate(export.expires_at),
                reason=_("%(days)s dagen na het maken") % {"days": downloads.valid_days()},
            )

    def apply_retention(self, item):
        export = DataExport.objects.filter(pk=item.object_id).first()
        # ``retention.run`` asks with its look-ahead and applies what is due today: a link that
        # expires this afternoon is due today, but works until then (the next run removes it).
        if export is not None and downloads.is_expired(export):
            downloads.remove_file(export)
