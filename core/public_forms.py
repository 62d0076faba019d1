"""The form builder of every public form an editor builds from a page (the contact page, the event
registration): the length limits (``core.limits``) and the honeypot (``core.honeypot``)."""

from .honeypot import HONEYPOT_NAME, HoneypotForm
from .limits import LimitedFormBuilder, TextLimitsMixin


class PublicFormBuilder(LimitedFormBuilder):
    def get_form_class(self):
        attrs = {**self.formfields, "without_length_hint": (HONEYPOT_NAME,)}
        return type("PublicForm", (HoneypotForm, TextLimitsMixin, self.base_form_class), attrs)
