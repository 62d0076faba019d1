from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage

# Under another name than gettext, so makemessages leaves Wagtail's own text to Wagtail.
from django.utils.translation import gettext as wagtail_translation

from .log import Kind, record

# wagtail.admin.auth.permission_denied: the admin answers a refused page with a redirect to its
# dashboard and this message instead of a 403, so the 403 log cannot see it.
WAGTAIL_REFUSAL = "Sorry, you do not have permission to access this area."


class RefusalNoticingStorage(FallbackStorage):
    """Django's default message storage that also logs the Wagtail admin's refusals."""

    def add(self, level, message, extra_tags=""):
        if level == constants.ERROR and wagtail_translation(WAGTAIL_REFUSAL) in str(message):
            record(self.request, Kind.REFUSED, detail="Wagtail-beheer")
        return super().add(level, message, extra_tags)
