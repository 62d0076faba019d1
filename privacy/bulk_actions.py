"""Deleting users in bulk from Wagtail's user listing: through ``erase_account`` too, so an
initiator with applications is anonymised instead of refused (``Application.owner`` is
PROTECT, which Wagtail's own bulk delete reports as "protected" and stops at)."""

from wagtail.users.views.bulk_actions.delete import DeleteBulkAction

from core import personal_data
from security.log import Kind, record

from .erasure import erase_account


def kept_holdings(user):
    return [h for p in personal_data.providers() for h in p.describe(user) if h.kept]


class EraseUsersBulkAction(DeleteBulkAction):
    template_name = "privacy/admin/confirm_bulk_delete.html"

    def annotate_items(self, items):
        items = super().annotate_items(items)
        # What erase_account lets go of first is no reason to refuse.
        self.is_protected = False
        return items

    def object_context(self, item):
        context = super().object_context(item)
        context["is_protected"] = False
        context["kept"] = sum(h.count for h in kept_holdings(item))
        return context

    @classmethod
    def execute_action(cls, objects, model=None, user=None, request=None, **kwargs):
        for obj in objects:
            result = erase_account(obj)
            if request is not None:
                record(
                    request,
                    Kind.ACCOUNT_ERASED,
                    detail=result.log_detail(),
                )
        return len(objects), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "request": self.request}
