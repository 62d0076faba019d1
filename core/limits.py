"""Length limits on what people type, enforced by the form and shown before they type.

Every public text field has a maximum: the form refuses more (Django's ``max_length`` message),
the input carries ``maxlength`` and the hint under the field says "Hoogstens N tekens." Fields
that set no maximum of their own get ``ONE_LINE_MAX`` (an input) or ``LONG_TEXT_MAX`` (a
textarea); a model's ``max_length`` reaches its form as usual, so where a value is stored the
model says how long it may be. ``TextLimitsMixin`` does it for a form class, ``limit_text_fields``
for a form instance (allauth's and Wagtail's forms)."""

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

ONE_LINE_MAX = 255
LONG_TEXT_MAX = 5000
PASSWORD_MAX = 128
# An e-mail address fits in 254 characters (RFC 5321's limit on a path); Django's user model
# stores no more, so a longer one must be refused in the form, not by the database.
EMAIL_MAX = 254

_SAYS_LIMIT = re.compile(r"hoogstens\s+[\d.]+\s+tekens", re.IGNORECASE)


def length_hint(max_length):
    return _("Hoogstens %(count)s tekens.") % {
        "count": number_format(max_length, force_grouping=True)
    }


def _default_max(field):
    if isinstance(field.widget, forms.PasswordInput):
        return PASSWORD_MAX
    if isinstance(field.widget, forms.Textarea):
        return LONG_TEXT_MAX
    return ONE_LINE_MAX


def limit_text_field(field, hint=True):
    """Give ``field`` (a ``CharField`` of a form instance) a maximum and, with ``hint``, the
    visible "Hoogstens N tekens." in its help text."""
    if isinstance(field, forms.EmailField) and (field.max_length or EMAIL_MAX + 1) > EMAIL_MAX:
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.max_length = None
    if field.max_length is None:
        field.max_length = EMAIL_MAX if isinstance(field, forms.EmailField) else _default_max(field)
        field.validators.append(MaxLengthValidator(field.max_length))
    if not field.widget.is_hidden:
        field.widget.attrs["maxlength"] = str(field.max_length)
    if not hint or isinstance(field.widget, forms.PasswordInput | forms.HiddenInput):
        return  # a password's limit is far beyond what anyone types
    if not _SAYS_LIMIT.search(str(field.help_text or "")):
        extra = length_hint(field.max_length)
        field.help_text = format_lazy("{} {}", field.help_text, extra) if field.help_text else extra


def limit_text_fields(form, without_hint=()):
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField):
            limit_text_field(field, hint=name not in without_hint)
    return form


class TextLimitsMixin:
    """For a form class: every text field limited and hinted once the form is built.
    ``without_length_hint`` names fields whose help text already says what fits (a KvK number
    is 8 digits; a hint about 20 characters would only confuse)."""

    without_length_hint = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self, self.without_length_hint)


class LimitedFormBuilder(FormBuilder):
    """Wagtail's form builder with the limits (contact form, event registration): a multi-line
    answer gets ``LONG_TEXT_MAX`` and every text field its hint."""

    def create_multiline_field(self, field, options):
        options.setdefault("max_length", LONG_TEXT_MAX)
        return super().create_multiline_field(field, options)

    base_form_class = BaseForm

    def get_form_class(self):
        return type("LimitedForm", (TextLimitsMixin, self.base_form_class), self.formfields)
