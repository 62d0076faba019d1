"""Accessible form rendering shared by every public form (accounts, contact, event registration,
the initiator's forms).

``{% error_summary form formset ... %}`` lists every error at the top of a page, each linked to
the field it belongs to; ``templates/includes/form_field.html`` renders one field with its
label, hint and error (Django links both with ``aria-describedby``)."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


def field_anchor(bound_field):
    """The id of the element a summary link should move focus to."""
    anchor = bound_field.id_for_label
    if not anchor and bound_field.auto_id:
        # Checkbox and radio groups label each option; the first option takes the focus.
        anchor = f"{bound_field.auto_id}_0"
    return anchor


def _form_items(form, prefix_label=""):
    items = []
    for error in form.non_field_errors():
        items.append({"href": "", "text": f"{prefix_label}{error}"})
    for bound_field in form:
        if bound_field.is_hidden:
            for error in bound_field.errors:
                items.append({"href": "", "text": f"{prefix_label}{error}"})
            continue
        label = f"{prefix_label}{bound_field.label}".rstrip(": ")
        separator = " " if label.endswith(("?", ".")) else ": "
        for error in bound_field.errors:
            # A message that already quotes its field ("Vul het veld ‘Naam’ in.") stands alone.
            names_field = f"‘{bound_field.label}’" in str(error)
            text = f"{prefix_label}{error}" if names_field else f"{label}{separator}{error}"
            items.append({"href": field_anchor(bound_field), "text": text})
    return items


def error_items(*forms_or_formsets):
    """Every error of the given bound forms and formsets, in page order."""
    items = []
    for obj in forms_or_formsets:
        if obj is None or not getattr(obj, "is_bound", False):
            continue
        if isinstance(obj, forms.BaseFormSet):
            for error in obj.non_form_errors():
                items.append({"href": "", "text": str(error)})
            row_label = getattr(obj, "row_label", _("Regel"))
            number = 0
            for form in obj.forms:
                if obj.can_delete and obj._should_delete_form(form):
                    continue  # a row marked for deletion is no longer shown
                number += 1
                items.extend(_form_items(form, prefix_label=f"{row_label} {number}, "))
        else:
            items.extend(_form_items(obj))
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_or_formsets, extra=None, title=None):
    """The error summary at the top of a form: ``{% error_summary form formset extra=list %}``.

    ``extra`` lists more messages first (for example why a submission was refused): plain
    strings, or ``{"href": <field id>, "text": ...}`` to link one to its field on this page,
    or ``{"url": ..., "text": ...}`` to link it to another page (a step of a form)."""
    items = [
        item if isinstance(item, dict) else {"href": "", "text": str(item)}
        for item in (extra or [])
    ]
    items.extend(error_items(*forms_or_formsets))
    return {"items": items, "title": title or _("Er is iets niet goed gegaan")}
