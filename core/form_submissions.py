"""The personal data in Wagtail form submissions (contact messages, event registrations): one
provider class, registered per form page model by the app that owns it (``home``,
``knowledge``).

A submission has no link to an account: it belongs to a person when one of its values is one of
their e-mail addresses (the account's and every address allauth knows for it). A message sent
under another address, or with only a name, cannot be found this way; the retention term
removes it in the end.

Submissions are destroyed, never anonymised: nothing in them is needed once their term passed.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.contrib.forms.models import FormSubmission

from .personal_data import DESTROY, Erasure, Export, Holding, RetentionItem, add_months

__all__ = ["FormSubmissionsProvider", "addresses_of"]


def addresses_of(user):
    """Every e-mail address of ``user``, lower case."""
    from allauth.account.models import EmailAddress

    addresses = {user.email} | set(
        EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return {address.strip().lower() for address in addresses if address}


def _mentions(submission, addresses):
    return any(
        isinstance(value, str) and value.strip().lower() in addresses
        for value in (submission.form_data or {}).values()
    )


class FormSubmissionsProvider:
    """``page_model``: the form page class; ``term_start(submission, page)``: the date the
    retention term starts; ``months()``: the term in months (read from settings each time).

    ``submission_model``: the page's own submission class when it has one (a subclass of
    Wagtail's ``FormSubmission`` with more about the person, such as an event registration's
    status). Finding, erasing and retention still go by Wagtail's submissions, so nothing is
    missed and the subclass's row goes with its submission; what its ``export_details()``
    returns goes into the download beside the form data."""

    def __init__(
        self, key, page_model, label, on_delete, months, term_start, reason, submission_model=None
    ):
        self.key = key
        self.page_model = page_model
        self.submission_model = submission_model
        self.label = label
        self.on_delete = on_delete
        self.months = months
        self.term_start = term_start
        self.reason = reason

    def _submissions(self):
        pages = self.page_model.objects.values("pk")
        return FormSubmission.objects.filter(page__in=pages).select_related("page")

    def of(self, user):
        addresses = addresses_of(user)
        if not addresses:
            return []
        return [s for s in self._submissions().iterator() if _mentions(s, addresses)]

    def describe(self, user):
        count = len(self.of(user))
        return (
            [Holding(label=str(self.label), count=count, on_delete=str(self.on_delete))]
            if (count)
            else []
        )

    def _details(self, submissions):
        """{submission id: export_details()} of the submission model's rows, in one query."""
        if self.submission_model is None:
            return {}
        rows = self.submission_model.objects.filter(pk__in=[s.pk for s in submissions])
        return {row.pk: row.export_details() for row in rows}

    def export(self, user):
        submissions = self.of(user)
        details = self._details(submissions)
        return Export(
            data={
                self.key: [
                    {
                        "pagina": s.page.title,
                        "verstuurd_op": s.submit_time.isoformat(),
                        "gegevens": s.form_data,
                        **details.get(s.pk, {}),
                    }
                    for s in submissions
                ]
            }
        )

    def erase(self, user):
        ids = [s.pk for s in self.of(user)]
        deleted, _counts = FormSubmission.objects.filter(pk__in=ids).delete()
        return Erasure(deleted=deleted)

    def due_for_retention(self, until):
        months = self.months()
        pages = {page.pk: page for page in self.page_model.objects.all()}
        for submission in self._submissions().order_by("submit_time", "pk"):
            start = self.term_start(submission, pages.get(submission.page_id))
            if start is None:
                continue
            due = add_months(start, months)
            if due <= until:
                yield RetentionItem(
                    kind=self.key,
                    label=_("%(page)s, verstuurd op %(date)s")
                    % {
                        "page": submission.page.title,
                        "date": timezone.localtime(submission.submit_time).strftime("%d-%m-%Y"),
                    },
                    object_id=str(submission.pk),
                    action=DESTROY,
                    due=due,
                    reason=str(self.reason) % {"n": months},
                )

    def apply_retention(self, item):
        self.apply_retention_many([item])

    def apply_retention_many(self, items):
        FormSubmission.objects.filter(
            pk__in=[int(item.object_id) for item in items],
            page__in=self.page_model.objects.values("pk"),
        ).delete()


def submitted_on(submission, page):
    return timezone.localdate(submission.submit_time)
