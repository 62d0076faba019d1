"""The application for village funding and its state machine.

Transitions are methods; their conditions are side-effect free and their permission callables
say who may call them. Views never call them directly: ``grants.workflow.perform`` does, inside a
transaction, with the concurrency guard, the log entry and the notifications."""

import zipfile
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from .. import rules
from ..money import MAX_AMOUNT
from ..states import (
    ANSWER_TERM_WEEKS,
    NON_MONEY_KINDS,
    SHOWCASE_KINDS,
    SHOWCASE_STATES,
    UNDECIDED_STATES,
    BudgetKind,
    HelpKind,
    Kind,
    OrganisationType,
    State,
    state_label,
)
from ..storage import private_storage
from .fsm_refresh import ThreadSafeRefreshMixin
from .reference import Category, FundingScheme, Village

__all__ = [
    "OFFICIAL_PERMISSION",
    "Application",
    "Attachment",
    "BudgetLine",
    "is_official",
    "is_owner",
]
OFFICIAL_PERMISSION = "grants.handle_application"
# Each part of the plan; the summary has its own, shorter limit.
PLAN_MAX_LENGTH = 5000
HELP_QUESTION_MAX_LENGTH = 2000


def validate_iban(value):
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        IBAN(value)
    except SchwiftyException as exc:
        raise ValidationError(
            _("Dit is geen geldig IBAN-rekeningnummer. Controleer de letters en cijfers."),
            code="invalid_iban",
        ) from exc


kvk_validator = RegexValidator(
    r"^\d{8}$", _("Een KvK-nummer bestaat uit precies 8 cijfers."), code="invalid_kvk"
)


def is_official(user):
    return bool(user and user.is_authenticated and user.has_perm(OFFICIAL_PERMISSION))


def is_owner(user, application):
    """Whether ``user`` is the initiator who owns ``application`` (the one owner check)."""
    return bool(user and user.is_authenticated and application.owner_id == user.pk)


def _is_owner(instance, user):
    # django_fsm calls permissions as (instance, user).
    return is_owner(user, instance)


def _is_official(instance, user):
    return is_official(user)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everything ``user`` may see: officials all, initiators their own, others nothing."""
        if is_official(user):
            return self
        if user and user.is_authenticated:
            return self.filter(owner=user)
        return self.none()

    def public(self):
        """The showcase: committed applications whose initiator consented to publication, and
        published projects to show; never a help question."""
        return self.filter(state__in=SHOWCASE_STATES, public_consent=True, kind__in=SHOWCASE_KINDS)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(state__in=UNDECIDED_STATES, decision_due__lt=today)


class Application(ThreadSafeRefreshMixin, ConcurrentTransitionMixin, index.Indexed, models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aanvrager"),
        # PROTECT: an account with applications is removed through ``privacy.erase_account``,
        # which anonymises them first. An anonymised application has no owner (NULL) rather
        # than a placeholder account: nobody can log in as "nobody", be given a group by
        # mistake, or appear as a person in the user lists and counts.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_applications",
    )
    kind = models.CharField(
        _("soort aanvraag"), max_length=10, choices=Kind.choices, default=Kind.CONTRIBUTION
    )
    # A request for money always has a scheme (``grants.rules``); one without money has none, so
    # it can never touch a scheme's budget.
    scheme = models.ForeignKey(
        FundingScheme,
        verbose_name=_("regeling"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    village = models.ForeignKey(
        Village, verbose_name=_("kern"), on_delete=models.PROTECT, related_name="applications"
    )
    # Required for money and for the showcase (``grants.rules``); a help question may lack it.
    category = models.ForeignKey(
        Category,
        verbose_name=_("categorie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    title = models.CharField(_("naam van het initiatief"), max_length=200)
    summary = models.TextField(
        _("korte samenvatting"), max_length=600, validators=[MaxLengthValidator(600)]
    )
    plan_what = models.TextField(
        _("wat gaat u doen?"),
        blank=True,
        max_length=PLAN_MAX_LENGTH,
        validators=[MaxLengthValidator(PLAN_MAX_LENGTH)],
    )
    plan_for_whom = models.TextField(
        _("voor wie?"),
        blank=True,
        max_length=PLAN_MAX_LENGTH,
        validators=[MaxLengthValidator(PLAN_MAX_LENGTH)],
    )
    plan_when = models.TextField(
        _("wanneer?"),
        blank=True,
        max_length=PLAN_MAX_LENGTH,
        validators=[MaxLengthValidator(PLAN_MAX_LENGTH)],
    )
    plan_with_whom = models.TextField(
        _("met wie?"),
        blank=True,
        max_length=PLAN_MAX_LENGTH,
        validators=[MaxLengthValidator(PLAN_MAX_LENGTH)],
    )
    principles = models.JSONField(_("transitieprincipes"), default=list, blank=True)

    organisation_type = models.CharField(
        _("soort organisatie"), max_length=20, choices=OrganisationType.choices
    )
    organisation_name = models.CharField(_("naam organisatie of groep"), max_length=200)
    kvk_number = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[kvk_validator]
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=150)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"))
    contact_phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    iban_holder = models.CharField(_("tenaamstelling rekening"), max_length=150, blank=True)
    # Empty until the initiator gives an estimate: a 0 would say "no volunteers at all".
    volunteer_hours = models.PositiveIntegerField(
        _("geschatte vrijwilligersuren"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1_000_000)],
    )
    privacy_consent = models.BooleanField(_("akkoord met de privacyverklaring"), default=False)
    public_consent = models.BooleanField(
        _("het project mag openbaar getoond worden"), default=False
    )

    help_kind = models.CharField(
        _("soort hulp"), max_length=20, choices=HelpKind.choices, blank=True
    )
    help_question = models.TextField(
        _("uw vraag"),
        blank=True,
        max_length=HELP_QUESTION_MAX_LENGTH,
        validators=[MaxLengthValidator(HELP_QUESTION_MAX_LENGTH)],
    )

    requested_amount = models.DecimalField(
        _("gevraagd bedrag"), max_digits=10, decimal_places=2, default=Decimal("0"), editable=False
    )
    granted_amount = models.DecimalField(
        _("toegekend bedrag"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
    )
    decision_text = models.TextField(_("besluit"), blank=True)
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decision_due = models.DateField(_("uiterste beslisdatum"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    # Set when the person's data was removed (account deleted or retention term passed); the
    # amounts, dates, village, category, state and timeline stay (grants.personal_data).
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    # How many steps of the initiator's stepped form were saved (grants.application_steps):
    # the steps up to there are done and may be opened from the progress list.
    steps_saved = models.PositiveSmallIntegerField(_("opgeslagen formulierstappen"), default=0)

    state = FSMField(
        _("status"), max_length=20, choices=State.choices, default=State.DRAFT, protected=True
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    search_fields = [
        index.SearchField("reference", boost=5),
        index.AutocompleteField("reference"),
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("plan_what"),
        index.SearchField("plan_for_whom"),
        index.SearchField("plan_with_whom"),
        index.SearchField("organisation_name"),
        index.SearchField("contact_name"),
        index.SearchField("help_question"),
        index.RelatedFields("village", [index.SearchField("name")]),
        index.FilterField("owner"),
        index.FilterField("state"),
        index.FilterField("kind"),
        index.FilterField("public_consent"),
        index.FilterField("scheme"),
        index.FilterField("village"),
        index.FilterField("category"),
        index.FilterField("created_at"),
        index.FilterField("submitted_at"),
        index.FilterField("decision_due"),
        index.FilterField("requested_amount"),
        index.FilterField("granted_amount"),
        index.FilterField("reference"),
        index.FilterField("title"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        permissions = [("handle_application", _("Kan aanvragen behandelen (ambtenaar)"))]
        indexes = [
            models.Index(fields=["state", "decision_due"]),
            models.Index(fields=["owner", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    # --- reference number ---------------------------------------------------------------------

    def save(self, *args, **kwargs):
        if self.reference:
            return super().save(*args, **kwargs)
        # A readable, gap-tolerant yearly sequence: DI-2026-0042. The unique constraint decides
        # when two applications are created at the same moment; the loser takes the next number.
        year = timezone.localdate().year
        prefix = f"DI-{year}-"
        for _attempt in range(10):
            last = (
                Application.objects.filter(reference__startswith=prefix)
                .order_by("-reference")
                .values_list("reference", flat=True)
                .first()
            )
            number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
            self.reference = f"{prefix}{number:04d}"
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                self.reference = ""
                if Application.objects.filter(reference=f"{prefix}{number:04d}").exists():
                    continue
                raise
        raise IntegrityError("Could not allocate a reference number")

    # --- kind -----------------------------------------------------------------------------------

    @property
    def is_money(self):
        """Whether this is a request for money (budget, amount, bank account, report)."""
        return self.kind not in NON_MONEY_KINDS

    @property
    def state_label(self):
        """The state's name as it reads for this kind ("Gepubliceerd", "Toegezegd")."""
        return str(state_label(self.state, self.kind))

    # --- budget ---------------------------------------------------------------------------------

    def budget_totals(self):
        return rules.budget_totals(self.budget_lines.all() if self.pk else [])

    def recalculate_requested_amount(self, save=True):
        """The requested amount follows from the budget lines: costs minus own and other money."""
        self.requested_amount = self.budget_totals()["requested"]
        if save and self.pk:
            Application.objects.filter(pk=self.pk).update(requested_amount=self.requested_amount)
        return self.requested_amount

    # --- the transitions' conditions: "no problems" in grants.rules ------------------------------

    def can_be_submitted(self):
        return not rules.submit_problems(self)

    def grant_fits_budget(self):
        return not rules.approve_problems(self, self.granted_amount)

    def has_complete_report(self):
        return not rules.submit_report_problems(self)

    def has_rejection_reason(self):
        """The reason is set on the instance before the step (see ``workflow.perform``)."""
        return not rules.reject_problems(self, self.rejection_reason)

    def report_can_be_accepted(self):
        return not rules.accept_report_problems(self)

    def can_be_closed_without_report(self):
        return not rules.close_problems(self)

    @property
    def is_editable_by_initiator(self):
        # Only a request for money has the form in steps; the ways in without money are
        # changed through the dialogue.
        return self.is_money and self.state in (State.DRAFT, State.IN_DIALOGUE)

    @property
    def is_overdue(self):
        return (
            self.state in UNDECIDED_STATES
            and self.decision_due is not None
            and self.decision_due < timezone.localdate()
        )

    # --- transitions ----------------------------------------------------------------------------

    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        conditions=[can_be_submitted],
        permission=_is_owner,
    )
    def submit(self):
        """Initiator submits a complete draft: stamps the date and starts the decision term (the
        scheme's for money, ``ANSWER_TERM_WEEKS`` without money)."""
        self.recalculate_requested_amount(save=False)
        self.submitted_at = timezone.now()
        weeks = self.scheme.decision_term_weeks if self.is_money else ANSWER_TERM_WEEKS
        self.decision_due = timezone.localdate() + timedelta(weeks=weeks)

    @transition(
        field=state, source=State.SUBMITTED, target=State.IN_DIALOGUE, permission=_is_official
    )
    def start_dialogue(self):
        """Official opens the conversation; the initiator may now amend plan and budget."""

    @transition(
        field=state,
        source=[State.SUBMITTED, State.IN_DIALOGUE],
        target=State.APPROVED,
        conditions=[grant_fits_budget],
        permission=_is_official,
    )
    def approve(self, granted_amount=None, decision_text=""):
        """Official grants ``granted_amount`` (the requested amount when not given). Without
        money it publishes (showcase) or promises the help: no amount, no scheme budget."""
        if not self.is_money:
            self.granted_amount = None
        else:
            self.granted_amount = (
                granted_amount if granted_amount is not None else self.requested_amount
            )
        self.decision_text = decision_text
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=[State.SUBMITTED, State.IN_DIALOGUE],
        target=State.REJECTED,
        conditions=[has_rejection_reason],
        permission=_is_official,
    )
    def reject(self, reason):
        """Official rejects, with a reason the initiator reads (``rules.reject_problems``)."""
        self.rejection_reason = reason
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=[State.DRAFT, State.SUBMITTED, State.IN_DIALOGUE],
        target=State.WITHDRAWN,
        permission=_is_owner,
    )
    def withdraw(self):
        """Initiator withdraws before a decision."""

    @transition(
        field=state,
        source=State.APPROVED,
        target=State.REPORTED,
        conditions=[has_complete_report],
        permission=_is_owner,
    )
    def submit_report(self):
        """Initiator submits the report ("verantwoording")."""
        self.report.submitted_at = timezone.now()
        self.report.save(update_fields=["submitted_at"])

    @transition(field=state, source=State.REPORTED, target=State.APPROVED, permission=_is_official)
    def request_report_changes(self):
        """Official asks for more in the report; the note goes into the dialogue."""

    @transition(
        field=state,
        source=State.REPORTED,
        target=State.CLOSED,
        conditions=[report_can_be_accepted],
        permission=_is_official,
    )
    def accept_report(self):
        """Official accepts the report and closes the file."""
        self.closed_at = timezone.now()
        self.report.accepted_at = self.closed_at
        self.report.save(update_fields=["accepted_at"])

    @transition(
        field=state,
        source=State.APPROVED,
        target=State.CLOSED,
        conditions=[can_be_closed_without_report],
        permission=_is_official,
    )
    def close(self):
        """Official closes a help request once the help was given (no report without money)."""
        self.closed_at = timezone.now()


def attachment_path(instance, filename):
    return f"applications/{instance.application.reference}/{filename}"


class BudgetLine(models.Model):
    Kind = BudgetKind

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.COST)
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(
        _("bedrag"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
    )
    # Filled in with the report: what it really cost.
    actual_amount = models.DecimalField(
        _("werkelijk bedrag"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description} (€ {self.amount})"


ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "docx", "odt", "xlsx", "ods"]
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_FILES = 5
# The first bytes each allowed type starts with: a renamed file of another type is refused.
_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
}


# Office documents are zip archives: a member only that type has tells it from any other zip.
_OFFICE_MEMBERS = {
    "docx": ("word/document.xml", None),
    "xlsx": ("xl/workbook.xml", None),
    "odt": ("mimetype", b"application/vnd.oasis.opendocument.text"),
    "ods": ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
}


def _is_office_document(upload, extension):
    member, content = _OFFICE_MEMBERS[extension]
    try:
        with zipfile.ZipFile(upload) as archive:
            if member not in archive.namelist():
                return False
            return content is None or archive.read(member)[:100].strip() == content
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError):
        return False
    finally:
        upload.seek(0)


def upload_errors(uploads, validate=None):
    """Every message ``validate`` (default ``validate_attachment_file``) has about ``uploads``,
    each prefixed with the file's name, so one bad file among several is easy to find."""
    validate = validate or validate_attachment_file
    errors = []
    for upload in uploads:
        try:
            validate(upload)
        except ValidationError as exc:
            errors.extend(f"{upload.name}: {message}" for message in exc.messages)
    return errors


def validate_attachment_file(upload):
    """Refuse files of the wrong type (by extension and content) or over the size limit."""
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("Dit soort bestand kunt u niet toevoegen. Toegestaan zijn: %(types)s.")
            % {"types": ", ".join(ATTACHMENT_EXTENSIONS)},
            code="invalid_extension",
        )
    if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Het bestand is te groot; het mag hoogstens %(mb)s MB zijn.")
            % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    office_mismatch = extension in _OFFICE_MEMBERS and not _is_office_document(upload, extension)
    if not head.startswith(_SIGNATURES[extension]) or office_mismatch:
        raise ValidationError(
            _("De inhoud van het bestand past niet bij de extensie .%(ext)s.") % {"ext": extension},
            code="invalid_content",
        )


class Attachment(models.Model):
    class Kind(models.TextChoices):
        QUOTE = "quote", _("Offerte")
        PLAN = "plan", _("Plan")
        OTHER = "other", _("Anders")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        "grants.Message",
        on_delete=models.CASCADE,
        related_name="attachments",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("bestand"), storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.original_name
