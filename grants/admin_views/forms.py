"""Forms on the officials' application page. They only collect input; ``grants.workflow``
decides whether the step is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.forms import AmountField, DialogueFilesFormMixin, MultipleFileField
from grants.models.application import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_FILES
from grants.workflow import MESSAGE_MAX_LENGTH


class TransitionForm(forms.Form):
    """A step with an optional (or required) note for the timeline."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt in de tijdlijn; de aanvrager leest hem, tenzij u hem intern maakt."),
    )
    note_is_internal = forms.BooleanField(
        label=_("Toelichting alleen voor ambtenaren (interne notitie)"), required=False
    )

    def __init__(self, *args, spec=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        if spec is not None:
            self.fields["note"].required = spec.note == "required"
            if spec.note == "required":
                self.fields["note_is_internal"].widget = forms.HiddenInput()

    def workflow_kwargs(self):
        return {}


class ApproveForm(TransitionForm):
    granted_amount = AmountField(
        label=_("Toe te kennen bedrag (€)"),
        help_text=_("Mag afwijken van het gevraagde bedrag."),
    )
    decision_text = forms.CharField(
        label=_("Besluit"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De aanvrager krijgt deze tekst in de e-mail en ziet hem bij de aanvraag."),
    )
    field_order = ["granted_amount", "decision_text", "note", "note_is_internal"]

    def workflow_kwargs(self):
        return {
            "granted_amount": self.cleaned_data["granted_amount"],
            "decision_text": self.cleaned_data["decision_text"],
        }


class NonMoneyApproveForm(TransitionForm):
    """Publishing a project or promising help: a decision for the initiator, no amount."""

    decision_text = forms.CharField(
        label=_("Besluit"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De aanvrager krijgt deze tekst in de e-mail en ziet hem bij de aanvraag."),
    )
    field_order = ["decision_text", "note", "note_is_internal"]

    def workflow_kwargs(self):
        return {"decision_text": self.cleaned_data["decision_text"]}


class RejectForm(TransitionForm):
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        # Whether a reason is given is for grants.rules to say; the form only collects it.
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De aanvrager leest deze reden."),
    )
    field_order = ["reason", "note", "note_is_internal"]

    def workflow_kwargs(self):
        return {"reason": self.cleaned_data["reason"]}


FORM_CLASSES = {"approve": ApproveForm, "reject": RejectForm}


def transition_form_class(name):
    return FORM_CLASSES.get(name, TransitionForm)


class MessageForm(DialogueFilesFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Bericht"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_internal = forms.BooleanField(
        label=_("Interne notitie (de aanvrager ziet deze nooit)"), required=False
    )
    files = MultipleFileField(
        label=_("Bijlagen"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "message")
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Hoogstens %(max)s bestanden van elk hoogstens 10 MB (%(types)s)."
        ) % {"max": ATTACHMENT_MAX_FILES, "types": ", ".join(ATTACHMENT_EXTENSIONS)}
