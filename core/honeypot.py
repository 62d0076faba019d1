"""A honeypot for public forms: one text field that people never see and bots fill in.

The field is moved off screen by CSS, hidden from screen readers (``aria-hidden`` on its
wrapper), skipped by the Tab key and by autofill; whoever still sees it (no CSS) reads "Laat dit
veld leeg". A post with the field filled in is not stored and not mailed; the sender gets the
ordinary thank-you page, so a bot learns nothing from the answer.

Render it with ``{% include "includes/honeypot.html" %}``; ``visible_fields()`` leaves it out.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

# Unlike any clean_name an editor's label gives ("Website" becomes "website").
HONEYPOT_NAME = "hp_website"


class HoneypotForm(forms.Form):
    hp_website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_NAME]

    @property
    def honeypot(self):
        return self[HONEYPOT_NAME]

    def filled_by_a_bot(self):
        return bool(self.is_bound and str(self.data.get(HONEYPOT_NAME, "")).strip())

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data.pop(HONEYPOT_NAME, None)  # never stored with the submission
        return cleaned_data
