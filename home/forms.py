"""The contact form: Wagtail's form builder with clear Dutch error messages.

Django's own messages ("Dit veld is verplicht.") do not say which field is meant once they are
gathered in the error summary at the top of the form, so every message here names its field."""

from django import forms
from django.utils.translation import gettext

from wagtail.contrib.forms.forms import BaseForm

from core.public_forms import PublicFormBuilder


class ContactForm(BaseForm):
    required_css_class = "is-required"
    error_css_class = "has-error"


class ContactFormBuilder(PublicFormBuilder):
    """Builds the form class per request, so messages follow the visitor's language; the
    length limits and the honeypot of every public form come from ``PublicFormBuilder``."""

    base_form_class = ContactForm

    AUTOCOMPLETE = {"email": "email", "url": "url"}
    NAME_HINTS = {"naam": "name", "name": "name", "telefoon": "tel", "phone": "tel"}

    def get_field_options(self, field):
        options = super().get_field_options(field)
        label = field.label
        if field.field_type in {"checkbox"}:
            required = gettext("Vink ‘%(label)s’ aan om verder te gaan.")
        elif field.field_type in {"dropdown", "radio", "multiselect", "checkboxes"}:
            required = gettext("Kies een antwoord bij ‘%(label)s’.")
        else:
            required = gettext("Vul het veld ‘%(label)s’ in.")
        options["error_messages"] = {
            "required": required % {"label": label},
            "invalid": gettext("Vul bij ‘%(label)s’ een geldige waarde in.") % {"label": label},
            "invalid_choice": gettext("Kies bij ‘%(label)s’ een van de mogelijkheden.")
            % {"label": label},
        }
        return options

    @staticmethod
    def _name_field_in_length_message(formfield, field):
        formfield.error_messages["max_length"] = gettext(
            "‘%(label)s’ mag hoogstens %%(limit_value)d tekens lang zijn (nu %%(show_value)d)."
        ) % {"label": field.label}
        return formfield

    def create_multiline_field(self, field, options):
        formfield = super().create_multiline_field(field, options)
        return self._name_field_in_length_message(formfield, field)

    def create_singleline_field(self, field, options):
        formfield = super().create_singleline_field(field, options)
        self._name_field_in_length_message(formfield, field)
        hint = next((v for k, v in self.NAME_HINTS.items() if k in field.clean_name), None)
        if hint:
            formfield.widget.attrs.setdefault("autocomplete", hint)
        return formfield

    def create_email_field(self, field, options):
        options["error_messages"]["invalid"] = gettext(
            "Vul bij ‘%(label)s’ een geldig e-mailadres in, zoals naam@voorbeeld.nl."
        ) % {"label": field.label}
        formfield = super().create_email_field(field, options)
        formfield.widget.attrs.setdefault("autocomplete", "email")
        return formfield

    def create_url_field(self, field, options):
        options["error_messages"]["invalid"] = gettext(
            "Vul bij ‘%(label)s’ een geldig webadres in, zoals https://www.voorbeeld.nl."
        ) % {"label": field.label}
        return super().create_url_field(field, options)

    def create_number_field(self, field, options):
        options["error_messages"]["invalid"] = gettext("Vul bij ‘%(label)s’ een getal in.") % {
            "label": field.label
        }
        return super().create_number_field(field, options)

    def create_date_field(self, field, options):
        options["error_messages"]["invalid"] = gettext(
            "Vul bij ‘%(label)s’ een datum in, zoals 31-12-2025."
        ) % {"label": field.label}
        options.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        return super().create_date_field(field, options)
