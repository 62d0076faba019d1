"""The steps of the initiator's application form, in the manner of Open Formulieren: which
fields each step asks, where each step lives, and where a problem of ``grants.rules`` can be
fixed.

A step only refuses what is typed wrongly (an amount, an IBAN, a file of the wrong type); what
must be filled in is for ``grants.rules`` to say, on the last step ("Controleren en indienen"),
all at once. Only the first step needs what every draft needs (``rules.DRAFT_REQUIRED``): it
makes the draft."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    # Said after "Wijzigen" to a screen reader: "Wijzigen uw initiatief".
    change_label: str
    fields: tuple = ()
    # Where problems without a field of their own belong ("budget": the budget lines).
    areas: tuple = ()

    def url(self, application):
        if application is None or application.pk is None:
            return reverse("grants:application_create")
        return reverse("grants:application_step", args=[application.reference, self.slug])


INITIATIVE = Step(
    1,
    "uw-initiatief",
    _("Uw initiatief"),
    _("uw initiatief"),
    fields=(
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
    ),
)
WHO = Step(
    2,
    "wie-bent-u",
    _("Wie bent u"),
    _("wie u bent"),
    fields=(
        "organisation_type",
        "organisation_name",
        "kvk_number",
        "contact_name",
        "contact_email",
        "contact_phone",
    ),
)
MONEY = Step(3, "geld", _("Geld"), _("het geld"), fields=("iban", "iban_holder"), areas=("budget",))
ATTACHMENTS = Step(4, "bijlagen", _("Bijlagen"), _("de bijlagen"), areas=("attachments",))
REVIEW = Step(
    5,
    "controleren",
    _("Controleren en indienen"),
    _("de toestemming"),
    fields=("privacy_consent", "public_consent"),
)

STEPS = (INITIATIVE, WHO, MONEY, ATTACHMENTS, REVIEW)
# The steps with fields of their own, before the review.
FORM_STEPS = STEPS[:-1]
BY_SLUG = {step.slug: step for step in STEPS}


def step_for_field(field):
    """The step where ``field`` (an application field, "budget", or "") is filled in."""
    for step in STEPS:
        if field in step.fields or field in step.areas:
            return step
    return REVIEW


def next_of(step):
    return STEPS[step.number] if step.number < len(STEPS) else None


def previous_of(step):
    return STEPS[step.number - 2] if step.number > 1 else None


def is_done(application, step):
    """A step is done when it was saved once (an application already submitted: all are)."""
    if application is None or application.pk is None:
        return False
    if application.submitted_at is not None:
        return True
    return step.number <= application.steps_saved


def first_open_step(application):
    """Where to go on with a draft: the first step not saved yet, else the review."""
    for step in FORM_STEPS:
        if not is_done(application, step):
            return step
    return REVIEW


def progress(application, current):
    """The progress list: each step with whether it is the current one, done, and its link
    (done steps, and the step after the last done one, can be opened)."""
    reachable = (
        1 if application is None or application.pk is None else first_open_step(application).number
    )
    items = []
    for step in STEPS:
        done = is_done(application, step)
        items.append(
            {
                "step": step,
                "current": step == current,
                "done": done,
                "url": step.url(application)
                if step != current and (done or step.number <= reachable)
                else "",
            }
        )
    return items
