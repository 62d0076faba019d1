"""The one entry point for moving an application through its states, and for the dialogue.

Views (the initiator's and the officials') never call a transition method or ``save()`` on an
application's state themselves. They call:

``perform(application, transition_name, user, note="", *, note_is_internal=False,
expected_state=None, **kwargs)``
    Runs the transition ``transition_name`` (``"submit"``, ``"start_dialogue"``, ``"approve"``,
    ``"reject"``, ``"withdraw"``, ``"submit_report"``, ``"request_report_changes"``,
    ``"accept_report"``, ``"close"``) for ``user``, in one ``transaction.atomic()``:

    1. for ``approve``: locks the scheme row, so two approvals competing for the same remaining
       budget are serialised (``select_for_update`` on PostgreSQL; on SQLite a write that takes the
       database's write lock) before the budget is checked;
    2. checks that nobody changed the application since it was loaded (``expected_state``, when
       given, is the state the user saw on the page, e.g. from a hidden form field);
    3. checks the state, the user's permission and the conditions (with the reasons);
    4. runs the transition method with ``**kwargs`` (``approve(granted_amount=, decision_text=)``,
       ``reject(reason=)``; for ``reject`` the ``note`` is used as reason when no ``reason`` is
       given), saves only the fields the transition changes, guarded by django_fsm's optimistic
       lock (``ConcurrentTransitionMixin``);
    5. writes exactly one ``TransitionLog`` (actor, from, to, transition, note, note_is_internal);
    6. queues the e-mails with ``transaction.on_commit`` (internal notes are never e-mailed).

    Returns the ``TransitionLog`` entry. On failure it raises a ``WorkflowError`` subclass whose
    ``str()`` is a Dutch sentence to show the user (``error.messages`` adds the reasons), the
    database is untouched and ``application`` is reloaded from the database:

    - ``NotAllowed``: unknown transition, wrong state, or this user may not do it;
    - ``ConditionFailed``: not complete / scheme closed / amount out of bounds / over budget /
      report incomplete; ``error.reasons`` lists each reason;
    - ``InvalidInput``: a missing or bad value (``error.field_errors``: ``{"note": [...],
      "granted_amount": [...], "reason": [...]}``) for showing next to form fields;
    - ``ConcurrentChange``: someone else changed the application meanwhile.

``available_transitions(application, user)``
    The transitions ``user`` may run in the current state, as ``TransitionOption`` objects for the
    buttons: ``name``, ``label``, ``note`` ("none" / "optional" / "required"), ``needs_note``,
    ``needs_amount``, ``needs_reason``, ``needs_decision_text``, ``is_official``, ``style``,
    ``blocked_reasons`` (why it cannot run now; empty when it can) and ``is_blocked``.

``post_message(application, user, body, is_internal=False, files=())``
    Adds a dialogue message (or an official's internal note) with optional uploaded files, and
    queues the e-mail to the other side. Initiators post only non-internal messages, only on
    their own application and only in ``INITIATOR_MESSAGE_STATES``. Returns the ``Message``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from . import notifications, rules
from .models import Application, Attachment, FundingScheme, Message, State, TransitionLog
from .models.application import ATTACHMENT_MAX_FILES, is_official, is_owner, upload_errors
from .money import parse_euro
from .states import Kind

__all__ = [
    "INITIATOR_MESSAGE_STATES",
    "TRANSITIONS",
    "ConcurrentChange",
    "ConditionFailed",
    "InvalidInput",
    "NotAllowed",
    "TransitionOption",
    "TransitionSpec",
    "WorkflowError",
    "available_transitions",
    "perform",
    "post_message",
]

# States in which the initiator may write in the dialogue.
INITIATOR_MESSAGE_STATES = (State.SUBMITTED, State.IN_DIALOGUE, State.APPROVED, State.REPORTED)
MESSAGE_MAX_LENGTH = 10_000


# --- errors ---------------------------------------------------------------------------------


class WorkflowError(Exception):
    """A step that could not be taken. ``str(error)`` is a Dutch sentence for the user."""

    default_message = gettext_lazy("Deze stap kon niet worden uitgevoerd.")

    def __init__(self, message=None, reasons=(), field_errors=None):
        self.message = str(message or self.default_message)
        self.reasons = [str(reason) for reason in reasons]
        self.field_errors = {
            key: [str(m) for m in value] for key, value in (field_errors or {}).items()
        }
        super().__init__(self.message)

    @property
    def messages(self):
        """The message followed by every reason: what a view shows as a list."""
        return [self.message, *self.reasons]


class NotAllowed(WorkflowError):
    default_message = gettext_lazy("U mag deze stap niet zetten.")


class ConditionFailed(WorkflowError):
    default_message = gettext_lazy("Deze stap kan nog niet worden gezet.")


class InvalidInput(WorkflowError):
    default_message = gettext_lazy("Controleer de ingevulde gegevens.")


class ConcurrentChange(WorkflowError):
    default_message = gettext_lazy(
        "Iemand anders heeft deze aanvraag net gewijzigd; laad de pagina opnieuw."
    )


# --- what each transition needs (for forms and buttons; the rules live on the model) ----------


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str
    is_official: bool
    note: str = "optional"  # "none", "optional" or "required"
    needs_amount: bool = False
    needs_reason: bool = False
    needs_decision_text: bool = False
    locks_budget: bool = False
    style: str = "primary"  # "primary", "secondary" or "warning"
    # The model fields the transition method changes; only these (and state) are saved.
    updates: tuple = ()
    # The kinds of application the step exists for (money, showcase, help), and how its button
    # reads for a kind when that differs from ``label``.
    kinds: tuple = tuple(Kind.values)
    kind_labels: dict = field(default_factory=dict)

    def label_for(self, kind):
        return self.kind_labels.get(kind, self.label)

    @property
    def needs_note(self):
        return self.note != "none"


TRANSITIONS = {
    spec.name: spec
    for spec in (
        TransitionSpec(
            "submit",
            gettext_lazy("Aanvraag indienen"),
            is_official=False,
            note="none",
            kind_labels={
                Kind.SHOWCASE: gettext_lazy("Project aanmelden"),
                Kind.HELP: gettext_lazy("Hulpvraag versturen"),
            },
            updates=("requested_amount", "submitted_at", "decision_due"),
        ),
        TransitionSpec(
            "withdraw",
            gettext_lazy("Aanvraag intrekken"),
            is_official=False,
            style="warning",
            kind_labels={
                Kind.SHOWCASE: gettext_lazy("Aanmelding intrekken"),
                Kind.HELP: gettext_lazy("Hulpvraag intrekken"),
            },
        ),
        TransitionSpec(
            "submit_report",
            gettext_lazy("Verantwoording indienen"),
            is_official=False,
            note="none",
            kinds=(Kind.CONTRIBUTION,),
        ),
        TransitionSpec(
            "start_dialogue",
            gettext_lazy("In gesprek gaan"),
            is_official=True,
            style="secondary",
        ),
        TransitionSpec(
            "approve",
            gettext_lazy("Toekennen"),
            is_official=True,
            needs_amount=True,
            needs_decision_text=True,
            locks_budget=True,
            updates=("granted_amount", "decision_text", "decided_at"),
            kind_labels={
                Kind.SHOWCASE: gettext_lazy("Publiceren in het projectenoverzicht"),
                Kind.HELP: gettext_lazy("Hulp toezeggen"),
            },
        ),
        TransitionSpec(
            "reject",
            gettext_lazy("Afwijzen"),
            is_official=True,
            needs_reason=True,
            style="warning",
            updates=("rejection_reason", "decided_at"),
        ),
        TransitionSpec(
            "request_report_changes",
            gettext_lazy("Verantwoording aanvullen"),
            is_official=True,
            note="required",
            style="secondary",
            kinds=(Kind.CONTRIBUTION,),
        ),
        TransitionSpec(
            "accept_report",
            gettext_lazy("Verantwoording goedkeuren en afronden"),
            is_official=True,
            updates=("closed_at",),
            kinds=(Kind.CONTRIBUTION,),
        ),
        TransitionSpec(
            "close",
            gettext_lazy("Hulp gegeven: afronden"),
            is_official=True,
            updates=("closed_at",),
            kinds=(Kind.HELP,),
        ),
    )
}


@dataclass
class TransitionOption:
    """One button: a transition this user may run in this state."""

    spec: TransitionSpec
    blocked_reasons: list = field(default_factory=list)
    kind: str = Kind.CONTRIBUTION

    def __getattr__(self, name):
        return getattr(self.spec, name)

    @property
    def label(self):
        return self.spec.label_for(self.kind)

    @property
    def needs_amount(self):
        """Only a request for money is granted an amount."""
        return self.spec.needs_amount and self.kind == Kind.CONTRIBUTION

    @property
    def is_blocked(self):
        return bool(self.blocked_reasons)


# --- checks ----------------------------------------------------------------------------------


def _spec(name):
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise NotAllowed(_("Deze stap bestaat niet."))
    return spec


def _may(application, name, user):
    """Kind, state and permission, without the conditions."""
    if application.kind not in TRANSITIONS[name].kinds:
        return False
    method = getattr(application, name)
    if not can_proceed(method, check_conditions=False):
        return False
    meta = method._django_fsm
    return meta.has_transition_perm(application, application.state, user)


# Where the model keeps the value a step is taken with.
_MODEL_FIELD = {
    "granted_amount": "granted_amount",
    "decision_text": "decision_text",
    "reason": "rejection_reason",
}


def _step_values(application, name, kwargs):
    """The values ``name`` is taken with, as the rules read them; the amount parsed from what the
    official typed (``InvalidInput`` when it is no amount)."""
    if name == "approve" and not application.is_money:
        # Publishing or promising help: a decision text, never an amount.
        return {"decision_text": (kwargs.get("decision_text") or "").strip()}
    if name == "approve":
        try:
            amount = parse_euro(kwargs.get("granted_amount"))
        except ValidationError as exc:
            raise InvalidInput(field_errors={"granted_amount": exc.messages}) from exc
        return {
            "granted_amount": application.requested_amount if amount is None else amount,
            "decision_text": (kwargs.get("decision_text") or "").strip(),
        }
    if name == "reject":
        return {"reason": (kwargs.get("reason") or "").strip()}
    return {}


def _check(application, name, values):
    """Raise what ``grants.rules`` says stands in the way of ``name`` with ``values``."""
    problems = rules.problems_for(name, application, **values)
    typed = [problem for problem in problems if problem.about_input]
    if typed:
        field_errors = {}
        for problem in typed:
            field_errors.setdefault(problem.field, []).append(problem.message)
        raise InvalidInput(field_errors=field_errors)
    if problems:
        raise ConditionFailed(reasons=rules.messages(problems))


def available_transitions(application, user):
    """The transitions ``user`` may run on ``application`` now, as ``TransitionOption``s.

    Transitions the state or the user's role rule out are left out. Those whose conditions do
    not hold yet (an incomplete draft, an exhausted budget, an incomplete report) are included
    with ``blocked_reasons`` so a view can explain what is missing."""
    options = []
    for name, spec in TRANSITIONS.items():
        if _may(application, name, user):
            problems = rules.problems_for(name, application)
            # Input the button's form asks for (an amount, a reason) does not block the button.
            reasons = rules.messages(p for p in problems if not p.about_input)
            options.append(TransitionOption(spec, reasons, kind=application.kind))
    return options


# --- perform ---------------------------------------------------------------------------------


def _lock_scheme(scheme_id):
    """Take the write lock on the scheme row before the remaining budget is read."""
    if connection.vendor == "sqlite":
        # SQLite ignores SELECT ... FOR UPDATE; a write takes the database's write lock, which
        # serialises every competing transaction until this one commits.
        FundingScheme.objects.filter(pk=scheme_id).update(yearly_budget=F("yearly_budget"))
    FundingScheme.objects.select_for_update().get(pk=scheme_id)


def _reload(application):
    try:
        application.refresh_from_db()
    except Application.DoesNotExist:
        pass


def _clean_note(spec, note, user, note_is_internal):
    """The step's note as it goes into the log: none, optional or required, never too long."""
    note = (note or "").strip()
    if note_is_internal and not is_official(user):
        raise NotAllowed(_("Alleen ambtenaren kunnen interne notities maken."))
    if spec.note == "none":
        return ""
    if spec.note == "required" and not note:
        raise InvalidInput(field_errors={"note": [_("Geef een toelichting bij deze stap.")]})
    if len(note) > MESSAGE_MAX_LENGTH:
        raise InvalidInput(field_errors={"note": [_("De toelichting is te lang.")]})
    return note


def _check_state_and_role(application, name, user, loaded_state):
    """Inside the transaction: nobody moved it meanwhile, and this user may take this step now."""
    current_state = (
        Application.objects.filter(pk=application.pk).values_list("state", flat=True).first()
    )
    if current_state != loaded_state:
        raise ConcurrentChange()
    if not can_proceed(getattr(application, name), check_conditions=False):
        raise NotAllowed(
            _("Deze stap is niet mogelijk in de status “%(state)s”.")
            % {"state": application.get_state_display()}
        )
    if not _may(application, name, user):
        raise NotAllowed()


def _take(application, spec, user, note, note_is_internal, kwargs):
    """The step itself, in one transaction: checks, transition, save, log, notifications."""
    loaded_state = application.state
    method = getattr(application, spec.name)
    with transaction.atomic():
        if spec.locks_budget and application.is_money:
            _lock_scheme(application.scheme_id)
        _check_state_and_role(application, spec.name, user, loaded_state)
        values = _step_values(application, spec.name, kwargs)
        _check(application, spec.name, values)
        # The model's conditions read the values the step is taken with.
        for name, value in values.items():
            setattr(application, _MODEL_FIELD[name], value)
        if not has_transition_perm(method, user):
            raise ConditionFailed()
        if not application.is_money:
            kwargs.pop("granted_amount", None)
        method(**{**kwargs, **values})
        application.save(update_fields=["state", "updated_at", *spec.updates])
        entry = TransitionLog.objects.create(
            application=application,
            actor=user if user and user.is_authenticated else None,
            transition=spec.name,
            from_state=loaded_state,
            to_state=application.state,
            note=note,
            note_is_internal=bool(note_is_internal and note),
        )
        notifications.queue_transition(entry)
    return entry


def perform(
    application,
    transition_name,
    user,
    note="",
    *,
    note_is_internal=False,
    expected_state=None,
    **kwargs,
):
    """Run ``transition_name`` on ``application`` for ``user``; see the module docstring.

    Returns the ``TransitionLog`` entry; raises ``WorkflowError`` (``NotAllowed``,
    ``ConditionFailed``, ``InvalidInput``, ``ConcurrentChange``) with a Dutch message."""
    spec = _spec(transition_name)
    note = _clean_note(spec, note, user, note_is_internal)
    if transition_name == "reject" and not kwargs.get("reason"):
        kwargs["reason"] = note
    if expected_state is not None and str(expected_state) != application.state:
        raise ConcurrentChange()

    try:
        return _take(application, spec, user, note, note_is_internal, kwargs)
    except ConcurrentTransition as exc:
        _reload(application)
        raise ConcurrentChange() from exc
    except OperationalError as exc:
        # SQLite gives up waiting for another writer after its timeout: a busy moment, not a bug.
        if "locked" not in str(exc).lower():
            raise
        _reload(application)
        raise ConcurrentChange(
            _("Er wordt net op hetzelfde moment iets anders opgeslagen; probeer het opnieuw.")
        ) from exc
    except WorkflowError:
        _reload(application)
        raise


# --- dialogue --------------------------------------------------------------------------------


def post_message(application, user, body, is_internal=False, files=()):
    """Post a dialogue message (or, for officials, an internal note) with optional files.

    Returns the ``Message``; raises ``NotAllowed`` or ``InvalidInput`` (``field_errors`` keys
    ``"body"`` and ``"files"``)."""
    official = is_official(user)
    if not official:
        if not is_owner(user, application):
            raise NotAllowed(_("U kunt geen bericht plaatsen bij deze aanvraag."))
        if is_internal:
            raise NotAllowed(_("Alleen ambtenaren kunnen interne notities maken."))
        if application.state not in INITIATOR_MESSAGE_STATES:
            raise NotAllowed(
                _("In de status “%(state)s” kunt u geen bericht sturen.")
                % {"state": application.get_state_display()}
            )
    elif application.state == State.DRAFT and not is_internal:
        raise NotAllowed(
            _("Een concept is nog niet ingediend; u kunt de aanvrager nog geen bericht sturen.")
        )

    body = (body or "").strip()
    errors = {}
    if not body:
        errors["body"] = [_("Schrijf een bericht.")]
    elif len(body) > MESSAGE_MAX_LENGTH:
        errors["body"] = [
            _("Een bericht mag hoogstens %(max)s tekens lang zijn.") % {"max": MESSAGE_MAX_LENGTH}
        ]
    files = [f for f in files or () if f]
    file_errors = []
    if len(files) > ATTACHMENT_MAX_FILES:
        file_errors.append(
            _("U kunt hoogstens %(max)s bestanden tegelijk meesturen.")
            % {"max": ATTACHMENT_MAX_FILES}
        )
    file_errors.extend(upload_errors(files))
    if file_errors:
        errors["files"] = file_errors
    if errors:
        raise InvalidInput(field_errors=errors)

    with transaction.atomic():
        message = Message.objects.create(
            application=application,
            author=user,
            body=body,
            is_internal=bool(is_internal),
        )
        for upload in files:
            Attachment.objects.create(
                application=application,
                message=message,
                kind=Attachment.Kind.OTHER,
                file=upload,
                original_name=upload.name[:255],
                size=upload.size or 0,
                uploaded_by=user,
            )
        notifications.queue_message(message)
    return message
