"""The initiator's two short forms without money: a project to show in the showcase, and a
question for help (a room, a permit question, a contact person).

The forms only read what people typed; what must be filled in for each kind is for
``grants.rules`` to say (``rules.submit_problems``), and the form shows each problem next to
its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.limits import TextLimitsMixin

from . import rules
from .models import Application
from .states import HelpKind


class InitiativeForm(TextLimitsMixin, forms.ModelForm):
    """What both kinds share: where, what, who to contact, and the privacy consent. The
    instance's ``kind`` decides what the rules ask for."""

    class Meta:
        model = Application
        fields = [
            "village",
            "title",
            "summary",
            "organisation_name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "privacy_consent",
        ]
        labels = {
            "village": _("Kern of wijk"),
            "title": _("Naam van het project"),
            "summary": _("Korte beschrijving"),
            "organisation_name": _("Naam van uw groep of vereniging (niet verplicht)"),
            "contact_name": _("Naam contactpersoon"),
            "contact_email": _("E-mailadres contactpersoon"),
            "contact_phone": _("Telefoonnummer (niet verplicht)"),
            "privacy_consent": _(
                "Ik heb de privacyverklaring gelezen en ga akkoord met het gebruik van deze "
                "gegevens door de gemeente."
            ),
        }
        help_texts = {
            "title": _("Bijvoorbeeld: Buurtmoestuin aan de Kerkstraat."),
            "summary": _("In een paar zinnen: wat is het project? Hoogstens 600 tekens."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    # The rules say what is missing, in Dutch, next to the field; no browser bubbles.
    use_required_attribute = False

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        if "village" in self.fields:
            self.fields["village"].empty_label = _("Kies een kern")
        if "category" in self.fields:
            self.fields["category"].empty_label = _("Kies een categorie")
        if not self.instance.pk and user is not None and not self.is_bound:
            self.initial["contact_email"] = self.initial.get("contact_email") or user.email
            self.initial["contact_name"] = self.initial.get("contact_name") or user.get_full_name()

    def _post_clean(self):
        super()._post_clean()
        for problem in rules.submit_problems(self.instance):
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
            elif problem.field not in self.fields:
                self.add_error(None, problem.message)
        self._describe_invalid_choices()

    def _describe_invalid_choices(self):
        """Each radio button of a refused choice points at the message, not only the group."""
        for name, field in self.fields.items():
            if name in self.errors and isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class ShowcaseInitiativeForm(InitiativeForm):
    """Show my project in the showcase: a short description and the consent to publish."""

    class Meta(InitiativeForm.Meta):
        fields = [
            "village",
            "category",
            "title",
            "summary",
            "plan_what",
            "organisation_name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "public_consent",
            "privacy_consent",
        ]
        labels = {
            **InitiativeForm.Meta.labels,
            "category": _("Soort project"),
            "plan_what": _("Meer over het project (niet verplicht)"),
            "public_consent": _(
                "De gemeente mag mijn project (naam, kern, soort en korte beschrijving) op de "
                "website laten zien."
            ),
        }
        help_texts = {
            **InitiativeForm.Meta.help_texts,
            "summary": _(
                "Dit staat in het projectenoverzicht. In een paar zinnen; hoogstens 600 tekens."
            ),
            "plan_what": _("Wat heeft u gedaan of wat gaat u doen? Dit leest alleen de gemeente."),
            "public_consent": _("Contactgegevens tonen we nooit."),
        }
        widgets = {**InitiativeForm.Meta.widgets, "plan_what": forms.Textarea(attrs={"rows": 4})}


class HelpRequestForm(InitiativeForm):
    """Ask for help without money: which help, and the question."""

    help_kind = forms.ChoiceField(
        label=_("Waar zoekt u hulp bij?"),
        choices=HelpKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta(InitiativeForm.Meta):
        fields = [
            "village",
            "title",
            "summary",
            "help_kind",
            "help_question",
            "organisation_name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "privacy_consent",
        ]
        labels = {**InitiativeForm.Meta.labels, "help_question": _("Uw vraag")}
        help_texts = {
            **InitiativeForm.Meta.help_texts,
            "help_question": _(
                "Wat heeft u nodig, en wanneer? Bijvoorbeeld: een zaal voor 40 mensen op een "
                "zaterdag in mei."
            ),
        }
        widgets = {
            **InitiativeForm.Meta.widgets,
            "help_question": forms.Textarea(attrs={"rows": 5}),
        }
