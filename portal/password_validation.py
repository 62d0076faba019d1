"""Password rules with a Dutch message.

Django 5.2's ``MinimumLengthValidator`` changed its "too short" message to a ``%d`` form that its
own Dutch catalogue does not have yet, so Dutch visitors got it in English. Same rule, our own
(Dutch source, English in ``locale/en``) message."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}
