"""The initiator's forms: the application with its budget and attachments, the dialogue, the
withdrawal and the report ("verantwoording").

The forms read and clean what people typed (an invalid IBAN, a negative amount, a file of the
wrong type are refused here); what must be filled in for a step (a draft, an amended
application, a submission, a report) is for ``grants.rules`` to say, and the forms show it."""

import re
from contextlib import contextmanager
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from PIL import Image, UnidentifiedImageError

from core.limits import TextLimitsMixin

from . import rules
from .models import (
    Application,
    Attachment,
    BudgetLine,
    FundingScheme,
    OrganisationType,
    Principle,
    Report,
    ReportPhoto,
    State,
)
from .models import application as application_models
from .models.application import kvk_validator, validate_iban
from .money import MAX_AMOUNT, parse_euro
from .uploads import stage, unstage

# An application carries at most this many attachments of its own (dialogue files not counted).
APPLICATION_MAX_ATTACHMENTS = 20
REPORT_MAX_PHOTOS = 12
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp")
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
IMAGE_ATTACHMENT_EXTENSIONS = ("jpg", "jpeg", "png")


def _max_megabytes():
    return max(1, application_models.ATTACHMENT_MAX_BYTES // (1024 * 1024))


# --- amounts -----------------------------------------------------------------------------------


class AmountField(forms.Field):
    """An amount in euros as people type it ("1250", "1250,50", "1.250,50", "€ 1.250"), read by
    the one money parser (``grants.money.parse_euro``), which also says what is wrong."""

    widget = forms.TextInput

    def __init__(self, *, max_value=MAX_AMOUNT, **kwargs):
        messages = {"required": _("Vul een bedrag in.")}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)
        self.max_value = max_value
        # The browser stops at 20 characters; the parser refuses what is no amount anyway.
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "20"})

    def to_python(self, value):
        return parse_euro(value, maximum=self.max_value)

    def prepare_value(self, value):
        # Shown back the Dutch way: 1250,50.
        if isinstance(value, Decimal):
            return number_format(value, decimal_pos=2)
        return value


# --- files -------------------------------------------------------------------------------------


def _extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""


def _check_image(upload, formats):
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Dit bestand is geen afbeelding die we kunnen openen. Kies een andere foto."),
            code="invalid_image",
        ) from exc
    finally:
        upload.seek(0)
    if image_format not in formats:
        raise ValidationError(
            _("De inhoud van het bestand past niet bij de extensie .%(ext)s.")
            % {"ext": _extension(upload.name)},
            code="invalid_content",
        )


def validate_attachment_upload(upload):
    """Type by extension and by content, and size; images are also opened with Pillow."""
    application_models.validate_attachment_file(upload)
    extension = _extension(upload.name)
    if extension in IMAGE_ATTACHMENT_EXTENSIONS:
        _check_image(upload, {"JPEG", "PNG"})


def validate_photo_upload(upload):
    if _extension(upload.name) not in PHOTO_EXTENSIONS:
        raise ValidationError(
            _("Kies een foto in JPG-, PNG- of WebP-formaat."), code="invalid_extension"
        )
    if (upload.size or 0) > application_models.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("De foto is te groot; hij mag hoogstens %(mb)s MB zijn.") % {"mb": _max_megabytes()},
            code="too_large",
        )
    _check_image(upload, PHOTO_FORMATS)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that takes several attachments; cleans to a list. The ``accept`` list only
    helps the browser's file picker; the form checks type and content itself."""

    def __init__(self, *args, **kwargs):
        accept = ",".join(f".{ext}" for ext in application_models.ATTACHMENT_EXTENSIONS)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class StagedFileFormMixin:
    """A form with one file that survives an error elsewhere on the page (see ``uploads``).

    After cleaning, ``staged_file`` is the ``StagedFile`` to keep (or None). The template shows
    it with a hidden ``staged`` input and a ``discard`` checkbox."""

    file_field = "file"

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.staged_file = None

    def posted_token(self):
        return self.data.get(self.add_prefix("staged"), "") if self.is_bound else ""

    def discard_requested(self):
        return bool(self.data.get(self.add_prefix("discard"))) if self.is_bound else False

    def has_changed(self):
        return super().has_changed() or bool(self.posted_token())

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get(self.file_field)
        previous = unstage(self.posted_token(), self.user)
        if upload:
            if previous:
                previous.discard()
            self.staged_file = stage(upload, self.user)
        elif self.file_field not in self.errors and self.posted_token():
            if previous is None:
                self.add_error(
                    self.file_field,
                    _("Het eerder gekozen bestand is niet meer beschikbaar; kies het opnieuw."),
                )
            elif self.discard_requested():
                previous.discard()
            else:
                self.staged_file = previous
        return cleaned


class UploadFormSet(forms.BaseFormSet):
    row_label = _("Bestand")

    def staged_files(self):
        return [
            (form, form.staged_file)
            for form in self.forms
            if getattr(form, "staged_file", None) is not None
        ]


# --- the application ---------------------------------------------------------------------------


# The four transition principles in everyday words, each with a short explanation next to
# its checkbox. (The official names stay in ``Principle`` for the municipality's pages.)
PRINCIPLES_IN_PLAIN_WORDS = {
    Principle.ECOSYSTEM: (
        _("Gezond leven makkelijker maken"),
        _("Uw plan helpt mensen om gezonder te leven. Bijvoorbeeld: meer bewegen, samen koken."),
    ),
    Principle.COLLABORATION: (
        _("Op een nieuwe manier samenwerken"),
        _("Bewoners, verenigingen, bedrijven of de gemeente werken op een nieuwe manier samen."),
    ),
    Principle.ICT: (
        _("Computers en internet slim gebruiken"),
        _("Een app, website of ander digitaal hulpmiddel maakt uw plan mogelijk of makkelijker."),
    ),
    Principle.REWARDING: (
        _("Inzet op een andere manier belonen"),
        _("Mensen krijgen iets terug voor hun hulp, maar geen geld. Bijvoorbeeld: een etentje."),
    ),
}


class ExplainedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes with a short explanation under each label, linked with aria-describedby."""

    option_template_name = "grants/includes/explained_option.html"

    def __init__(self, explanations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.explanations = explanations

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        explanation = self.explanations.get(value)
        if explanation and option["attrs"].get("id"):
            option["explanation"] = explanation
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_uitleg"
        return option


class ApplicationForm(TextLimitsMixin, forms.ModelForm):
    """The application itself. ``strict=False`` (a draft) lets the descriptive fields be empty.
    ``only`` limits the form to the fields of one step (``grants.application_steps``)."""

    # What a draft may lack (``grants.rules`` asks for it once the application is submitted).
    DRAFT_OPTIONAL = rules.KEPT_AFTER_SUBMISSION
    # Their help text says what fits; they are typed with spaces, stored without.
    without_length_hint = ("kvk_number", "iban")

    # Wider than the stored value: people type spaces ("1234 5678", "NL91 ABNA ...").
    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        max_length=20,
        required=False,
        help_text=_("8 cijfers. Alleen voor een vereniging of stichting."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    iban = forms.CharField(
        label=_("IBAN-rekeningnummer"),
        max_length=50,
        required=False,
        help_text=_(
            "Hierop stort de gemeente het geld. Bijvoorbeeld NL91 ABNA 0417 1643 00. Spaties mogen."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    principles = forms.MultipleChoiceField(
        label=_("Waar helpt uw initiatief bij?"),
        help_text=_("De gemeente let op vier dingen. Kies wat past: één, meer of geen."),
        choices=[(value, label) for value, (label, _uitleg) in PRINCIPLES_IN_PLAIN_WORDS.items()],
        widget=ExplainedCheckboxes(
            {value: uitleg for value, (_label, uitleg) in PRINCIPLES_IN_PLAIN_WORDS.items()}
        ),
        required=False,
    )

    class Meta:
        model = Application
        fields = [
            "scheme",
            "village",
            "category",
            "title",
            "summary",
            "plan_what",
            "plan_for_whom",
            "plan_when",
            "plan_with_whom",
            "principles",
            "volunteer_hours",
            "organisation_type",
            "organisation_name",
            "kvk_number",
            "contact_name",
            "contact_email",
            "contact_phone",
            "iban",
            "iban_holder",
            "privacy_consent",
            "public_consent",
        ]
        labels = {
            "scheme": _("Regeling"),
            "village": _("Dorp of wijk"),
            "category": _("Onderwerp"),
            "title": _("Naam van het initiatief"),
            "summary": _("Korte samenvatting"),
            "plan_what": _("Wat gaat u doen?"),
            "plan_for_whom": _("Voor wie is het?"),
            "plan_when": _("Wanneer gebeurt het?"),
            "plan_with_whom": _("Met wie werkt u samen?"),
            "volunteer_hours": _("Hoeveel uur helpen vrijwilligers mee?"),
            "organisation_type": _("Wie vraagt het geld aan?"),
            "organisation_name": _("Naam van de organisatie of groep"),
            "kvk_number": _("KvK-nummer"),
            "contact_name": _("Naam van de contactpersoon"),
            "contact_email": _("E-mailadres van de contactpersoon"),
            "contact_phone": _("Telefoonnummer (niet verplicht)"),
            "iban": _("IBAN-rekeningnummer"),
            "iban_holder": _("Naam van de rekeninghouder"),
            "privacy_consent": _(
                "Ik heb de privacyverklaring gelezen. De gemeente mag mijn gegevens gebruiken "
                "om de aanvraag te behandelen."
            ),
            "public_consent": _(
                "De gemeente mag mijn initiatief op de website laten zien: de naam, het dorp of "
                "de wijk, de samenvatting, het bedrag en later het verhaal en de foto's."
            ),
        }
        help_texts = {
            "scheme": _("De regeling is de pot met geld waaruit u een bijdrage vraagt."),
            "village": _("Waar gebeurt het?"),
            "title": _("Bijvoorbeeld: Buurtmoestuin aan de Kerkstraat."),
            "summary": _("In een paar zinnen: wat is het plan? Hoogstens 600 tekens."),
            "plan_with_whom": _("Niet verplicht."),
            "volunteer_hours": _(
                "Alle uren bij elkaar, ongeveer. Weet u het nog niet? Laat het dan leeg."
            ),
            "organisation_name": _("Ook een groep buren zonder vereniging heeft een naam."),
            "contact_name": _("De gemeente belt of mailt deze persoon over de aanvraag."),
            "iban_holder": _("Zoals de naam op de bankpas of het bankafschrift staat."),
            "public_consent": _("Niet verplicht. Contactgegevens en bankgegevens tonen we nooit."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "plan_what": forms.Textarea(attrs={"rows": 5}),
            "plan_for_whom": forms.Textarea(attrs={"rows": 3}),
            "plan_when": forms.Textarea(attrs={"rows": 3}),
            "plan_with_whom": forms.Textarea(attrs={"rows": 3}),
            "volunteer_hours": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            "organisation_type": forms.RadioSelect,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    # Server-side checks only: a browser's "required" would stop "Opslaan als concept".
    use_required_attribute = False

    def __init__(self, *args, user=None, strict=False, only=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.strict = strict
        instance = self.instance

        schemes = FundingScheme.objects.open_on()
        if instance.scheme_id:
            schemes = FundingScheme.objects.filter(Q(pk__in=schemes) | Q(pk=instance.scheme_id))
        self.fields["scheme"].queryset = schemes.order_by("name")
        self.fields["scheme"].empty_label = _("Kies een regeling")
        self.fields["village"].empty_label = _("Kies een dorp of wijk")
        self.fields["category"].empty_label = _("Kies een onderwerp")
        if instance.pk and instance.state != State.DRAFT:
            # After submission the scheme is fixed; the rest may still be amended.
            self.fields["scheme"].disabled = True

        self.fields["organisation_type"].choices = OrganisationType.choices
        self.fields["volunteer_hours"].required = False
        self.fields["volunteer_hours"].min_value = 0
        self.fields["volunteer_hours"].error_messages.update(
            {
                "invalid": _("Vul een heel aantal uren in, bijvoorbeeld 40."),
                "min_value": _("Het aantal uren kan niet negatief zijn."),
                "max_value": _("Dat zijn erg veel uren; vul een realistisch aantal in."),
            }
        )
        # What must be filled in is for ``grants.rules`` to say (see ``_post_clean``).
        for name in (*rules.DRAFT_REQUIRED, *rules.KEPT_AFTER_SUBMISSION):
            self.fields[name].required = False

        if user is not None and not self.is_bound:
            # Who is logged in is the likely contact, until the step says otherwise.
            if not instance.contact_email:
                self.initial["contact_email"] = self.initial.get("contact_email") or user.email
            if not instance.contact_name:
                self.initial["contact_name"] = (
                    self.initial.get("contact_name") or user.get_full_name()
                )
        if only is not None:
            for name in [name for name in self.fields if name not in only]:
                del self.fields[name]

    def _post_clean(self):
        super()._post_clean()
        check = rules.amend_problems if self.strict else rules.draft_problems
        for problem in check(self.instance):
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.message)

    def clean_iban(self):
        iban = re.sub(r"[\s.\-]", "", self.cleaned_data.get("iban") or "").upper()
        if iban:
            validate_iban(iban)
        return iban

    def clean_kvk_number(self):
        kvk = re.sub(r"[\s.]", "", self.cleaned_data.get("kvk_number") or "")
        if kvk:
            kvk_validator(kvk)
        return kvk

    def clean_principles(self):
        chosen = self.cleaned_data.get("principles") or []
        return [value for value, _label in Principle.choices if value in chosen]


class BudgetLineForm(TextLimitsMixin, forms.ModelForm):
    amount = AmountField(label=_("Bedrag in euro's"))

    class Meta:
        model = BudgetLine
        fields = ["kind", "description", "amount"]
        labels = {"kind": _("Soort"), "description": _("Omschrijving")}

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = _(
            "Schrijf waar dit bedrag voor is."
        )
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = _("Verwijderen")


class BaseBudgetLineFormSet(forms.BaseInlineFormSet):
    row_label = _("Begrotingsregel")

    def save_lines(self, application):
        """Save the rows in the order shown; delete those marked for deletion."""
        position = 0
        for form in self.forms:
            line = form.instance
            if self.can_delete and self._should_delete_form(form):
                if line.pk:
                    line.delete()
                continue
            if not line.pk and not form.has_changed():
                continue  # an empty extra row
            line.application = application
            line.sort_order = position
            line.save()
            position += 1


BudgetLineFormSet = forms.inlineformset_factory(
    Application,
    BudgetLine,
    form=BudgetLineForm,
    formset=BaseBudgetLineFormSet,
    extra=0,
    can_delete=True,
    max_num=100,
    validate_max=True,
)
BUDGET_PREFIX = "budget"


def budget_formset(application, data=None, *, add=False, remove=None):
    """The budget lines of ``application``: the saved ones, or one empty line to begin with.

    ``add`` and ``remove`` (a line's number, from 0) change what was posted without saving it
    and without JavaScript: one empty line more, or one line less (a saved line is marked for
    deletion and leaves when the step is saved). The lines come back as typed, unjudged: adding
    or removing a line is no attempt to save."""
    if data is None:
        formset = BudgetLineFormSet(instance=application, prefix=BUDGET_PREFIX)
        if not formset.initial_form_count():
            formset.extra = 1
            formset.forms  # noqa: B018 - built now, with the extra line
        return formset
    if not add and remove is None:
        return BudgetLineFormSet(data, instance=application, prefix=BUDGET_PREFIX)
    data = data.copy()
    key = f"{BUDGET_PREFIX}-%s"
    try:
        total = int(data.get(key % "TOTAL_FORMS", 0))
        initial = int(data.get(key % "INITIAL_FORMS", 0))
    except ValueError:
        total = initial = 0
    total = max(0, min(total, BudgetLineFormSet.max_num))
    if remove is not None and 0 <= remove < total:
        if remove < initial:
            data[key % f"{remove}-DELETE"] = "on"
        else:
            for index in range(remove, total - 1):
                for name in ("kind", "description", "amount"):
                    data[key % f"{index}-{name}"] = data.get(key % f"{index + 1}-{name}", "")
            for name in ("kind", "description", "amount"):
                data.pop(key % f"{total - 1}-{name}", None)
            total -= 1
    if add and total < BudgetLineFormSet.max_num:
        total += 1
    data[key % "TOTAL_FORMS"] = str(total)
    formset = BudgetLineFormSet(data, instance=application, prefix=BUDGET_PREFIX)
    show_unjudged(formset)
    return formset


def show_unjudged(form_or_formset):
    """Render a bound form or formset as it was typed, without checking it (no messages)."""
    if form_or_formset is None:
        return
    if isinstance(form_or_formset, forms.BaseFormSet):
        form_or_formset._errors = []
        form_or_formset._non_form_errors = form_or_formset.error_class()
        for form in form_or_formset.forms:
            show_unjudged(form)
        return
    form_or_formset._errors = forms.utils.ErrorDict()
    form_or_formset.cleaned_data = {}


def visible_budget_lines(formset):
    """The lines to show, each numbered as the person sees it (lines marked for deletion are
    kept as hidden fields until the step is saved)."""
    lines, number = [], 0
    for form in formset.forms:
        deleted = formset.can_delete and form.is_bound and bool(form["DELETE"].value())
        if not deleted:
            number += 1
        lines.append((form, number if not deleted else None))
    return lines


class AttachmentUploadForm(StagedFileFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort bijlage"), choices=Attachment.Kind.choices, initial=Attachment.Kind.QUOTE
    )
    file = forms.FileField(
        label=_("Bestand"),
        required=False,
        help_text=_("PDF, JPG, PNG, DOCX, ODT, XLSX of ODS; hoogstens 10 MB."),
    )

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in application_models.ATTACHMENT_EXTENSIONS
        )
        self.fields["file"].help_text = _(
            "PDF, JPG, PNG, DOCX, ODT, XLSX of ODS; hoogstens %(mb)s MB."
        ) % {"mb": _max_megabytes()}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_attachment_upload(upload)
        return upload


class AttachmentFormSet(UploadFormSet):
    row_label = _("Bijlage")


AttachmentUploadFormSet = forms.formset_factory(
    AttachmentUploadForm, formset=AttachmentFormSet, extra=2, max_num=10
)


# --- dialogue and withdrawal -------------------------------------------------------------------


class DialogueFilesFormMixin:
    """The files of a dialogue message (initiator's or official's), kept across an error.

    When the page comes back with an error (an empty message, a file too many), the valid new
    files are staged (see ``uploads``), so the writer does not lose them: the page shows them as
    kept, with a checkbox to drop each, and the next try sends them along. The view sends
    ``opened_files()``, calls ``keep_uploads()`` when the workflow still refuses the message and
    ``discard_staged()`` once it is saved."""

    files_field = "files"

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.staged_files = []  # kept from an earlier try (or by keep_uploads)
        self.new_uploads = []  # valid files that came with this request

    def _posted_list(self, name):
        return self.data.getlist(self.add_prefix(name)) if self.is_bound else []

    def clean_files(self):
        files = self.cleaned_data.get(self.files_field) or []
        errors = application_models.upload_errors(files, validate_attachment_upload)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        dropped = set(self._posted_list("discard"))
        kept, missing = [], False
        for token in self._posted_list("staged"):
            staged = unstage(token, self.user)
            if staged is None:
                missing = True
            elif token in dropped:
                staged.discard()
            else:
                kept.append(staged)
        self.staged_files = kept
        uploads = [] if self.files_field in self.errors else cleaned.get(self.files_field) or []
        limit = application_models.ATTACHMENT_MAX_FILES
        if len(kept) + len(uploads) > limit:
            self.add_error(
                self.files_field,
                _("U kunt hoogstens %(max)s bestanden tegelijk meesturen.") % {"max": limit},
            )
            uploads = []
        if missing:
            self.add_error(
                self.files_field,
                _("Een eerder gekozen bestand is niet meer beschikbaar; kies het opnieuw."),
            )
        self.new_uploads = uploads
        if self.errors:  # the page comes back: keep the new files for the next try
            self.keep_uploads()
        return cleaned

    def keep_uploads(self):
        self.staged_files += [stage(upload, self.user) for upload in self.new_uploads]
        self.new_uploads = []

    @contextmanager
    def opened_files(self):
        """Everything that goes with the message: the kept files (opened) and the new ones."""
        handles = [staged.open() for staged in self.staged_files]
        try:
            yield handles + self.new_uploads
        finally:
            for handle in handles:
                handle.close()

    def discard_staged(self):
        for staged in self.staged_files:
            staged.discard()
        self.staged_files = []


class MessageForm(TextLimitsMixin, DialogueFilesFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Uw bericht"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        error_messages={"required": _("Schrijf een bericht.")},
    )
    files = MultipleFileField(
        label=_("Bestanden meesturen (niet verplicht)"),
        required=False,
        help_text=_("Hoogstens 5 bestanden: PDF, JPG, PNG, DOCX, ODT, XLSX of ODS."),
    )

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", "message")
        super().__init__(*args, **kwargs)


class WithdrawForm(TextLimitsMixin, forms.Form):
    note = forms.CharField(
        label=_("Waarom trekt u de aanvraag in? (niet verplicht)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# --- the report ("verantwoording") -------------------------------------------------------------


class ReportForm(TextLimitsMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["story", "people_reached", "volunteers", "volunteer_hours", "lessons"]
        labels = {
            "story": _("Wat is er gebeurd?"),
            "people_reached": _("Hoeveel mensen heeft u ermee bereikt?"),
            "volunteers": _("Hoeveel vrijwilligers hielpen mee?"),
            "volunteer_hours": _("Hoeveel uur hebben zij samen ingezet?"),
            "lessons": _("Wat heeft u geleerd? Wat zou u een volgende keer anders doen?"),
        }
        help_texts = {
            "story": _("Vertel het in uw eigen woorden, zoals u het aan een buurman vertelt."),
            "people_reached": _("Een schatting is goed."),
            "volunteers": _("Niet verplicht."),
            "volunteer_hours": _("Niet verplicht."),
            "lessons": _("Niet verplicht, maar andere dorpen leren er veel van."),
        }
        widgets = {
            "story": forms.Textarea(attrs={"rows": 8}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
        }

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("people_reached", "volunteers", "volunteer_hours"):
            field = self.fields[name]
            field.widget.attrs["inputmode"] = "numeric"
            field.validators.append(MaxValueValidator(10_000_000))  # a sanity limit
            field.error_messages.update(
                {
                    "invalid": _("Vul een heel getal in, bijvoorbeeld 120."),
                    "min_value": _("Het aantal kan niet negatief zijn."),
                    "max_value": _("Dat getal is te groot; vul een realistisch aantal in."),
                }
            )


class ActualAmountForm(forms.ModelForm):
    actual_amount = AmountField(label=_("Werkelijk bedrag in euro's"), required=False)

    class Meta:
        model = BudgetLine
        fields = ["actual_amount"]

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        line = self.instance
        self.fields["actual_amount"].label = _("Werkelijk bedrag voor “%(line)s”") % {
            "line": line.description
        }


class BaseActualAmountFormSet(forms.BaseModelFormSet):
    row_label = _("Begrotingsregel")


ActualAmountFormSet = forms.modelformset_factory(
    BudgetLine, form=ActualAmountForm, formset=BaseActualAmountFormSet, extra=0
)


class PhotoUploadForm(TextLimitsMixin, StagedFileFormMixin, forms.Form):
    file_field = "image"

    image = forms.FileField(
        label=_("Foto"),
        required=False,
        help_text=_("JPG, PNG of WebP; hoogstens 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp"}),
    )
    alt_text = forms.CharField(
        label=_("Wat is er op de foto te zien?"),
        required=False,
        max_length=250,
        help_text=_("Voor wie de foto niet kan zien. Bijvoorbeeld: kinderen planten tulpen."),
    )

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("JPG, PNG of WebP; hoogstens %(mb)s MB.") % {
            "mb": _max_megabytes()
        }

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            validate_photo_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        alt_text = (cleaned.get("alt_text") or "").strip()
        if self.staged_file is not None and not alt_text:
            self.add_error(
                "alt_text", _("Beschrijf kort wat er op de foto te zien is (verplicht).")
            )
        elif alt_text and self.staged_file is None and "image" not in self.errors:
            self.add_error("image", _("Kies een foto bij deze beschrijving."))
        return cleaned


class PhotoFormSet(UploadFormSet):
    row_label = _("Nieuwe foto")


PhotoUploadFormSet = forms.formset_factory(
    PhotoUploadForm, formset=PhotoFormSet, extra=2, max_num=REPORT_MAX_PHOTOS
)


class SavedPhotoForm(TextLimitsMixin, forms.ModelForm):
    class Meta:
        model = ReportPhoto
        fields = ["alt_text"]
        labels = {"alt_text": _("Wat is er op de foto te zien?")}

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["alt_text"].error_messages["required"] = _(
            "Beschrijf kort wat er op de foto te zien is (verplicht)."
        )
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = _("Foto verwijderen")


class BaseSavedPhotoFormSet(forms.BaseModelFormSet):
    row_label = _("Foto")


SavedPhotoFormSet = forms.modelformset_factory(
    ReportPhoto, form=SavedPhotoForm, formset=BaseSavedPhotoFormSet, extra=0, can_delete=True
)
