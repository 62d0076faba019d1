"""What grants stores about a person, and how it is shown, exported, erased and kept
(the provider ``core.personal_data`` asks; registered in ``GrantsConfig.ready``).

Anonymising an application keeps the trail and the figures: the amounts, dates, village,
category, state, budget lines and every timeline entry (its step, date and the actor's role)
stay, so the dashboard, the council's overview (``grants.overview``) and exports stay true.
What goes: the owner (set to NULL), the contact person's name, e-mail and phone, IBAN and
account holder, the organisation's name and KvK number, the free texts that may name people
(summary, plan, decision, rejection reason, timeline notes, every dialogue message, the report's
story and lessons), and every attachment and report photo, row and file.

The title stays: it is the project's name, what officials and the council recognise a record
by. Budget line descriptions stay too: they describe costs ("Hout en aarde"), and the
accountability figures are read from them.

Everything is done with ``QuerySet.update``/``delete`` per chunk of applications, never a
``save()`` per row; the search index is refreshed per chunk with the backend's ``add_bulk``.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from modelsearch.backends import get_search_backends

from core.personal_data import (
    ANONYMISE,
    DESTROY,
    Erasure,
    Export,
    Holding,
    RetentionItem,
    add_months,
)

from .models import (
    Application,
    Attachment,
    CreationToken,
    Message,
    Report,
    ReportPhoto,
    State,
    TransitionLog,
)
from .models.application import is_official
from .storage import private_storage

__all__ = ["PLACEHOLDER", "GrantsPersonalData", "anonymise_applications"]

# What a cleared free text reads afterwards: obviously removed, not a blank that looks like a bug.
PLACEHOLDER = "[geanonimiseerd]"
CHUNK = 500
KIND = "grants.application"


def _chunks(ids, size=CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _date(moment):
    return timezone.localdate(moment) if moment is not None else None


def _remove_files(application_ids):
    """Delete the attachments and report photos of these applications, files first (through
    the storage API, so it works the same on S3). Returns the number of files removed."""
    storage = private_storage()
    names = list(
        Attachment.objects.filter(application_id__in=application_ids).values_list("file", flat=True)
    ) + list(
        ReportPhoto.objects.filter(report__application_id__in=application_ids).values_list(
            "image", flat=True
        )
    )
    names = [name for name in names if name]
    # The files go once the rows' deletion is committed: a rollback leaves no row without file.
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    removed = len(names)
    Attachment.objects.filter(application_id__in=application_ids).delete()
    ReportPhoto.objects.filter(report__application_id__in=application_ids).delete()
    return removed


def _reindex(application_ids):
    objects = list(Application.objects.filter(pk__in=application_ids).select_related("village"))
    if not objects:
        return
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(Application, objects)
        except Exception:
            # An unreachable search engine must not stop an erasure: one by one, ``add`` of our
            # backends records what failed for ``catch_up_index`` (search/indexing.py).
            for obj in objects:
                backend.add(obj)


def anonymise_applications(queryset, now=None):
    """Anonymise every application in ``queryset`` that is not anonymised yet, in bulk.
    Returns ``(applications, files_removed)``. Idempotent: a second call finds nothing."""
    now = now or timezone.now()
    ids = list(queryset.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    files = 0
    for chunk in _chunks(ids):
        with transaction.atomic():
            files += _remove_files(chunk)
            entries = TransitionLog.objects.filter(application_id__in=chunk)
            owner_of_entry = Application.objects.filter(
                pk=OuterRef("application_id"), owner_id=OuterRef("actor_id")
            )
            # The owner's steps: the actor becomes the role; officials' steps keep their actor
            # (they are not the person being erased) and get their role for when they are.
            entries.filter(Exists(owner_of_entry)).update(
                actor=None, actor_role=TransitionLog.ActorRole.INITIATOR
            )
            entries.filter(actor__isnull=False, actor_role="").update(
                actor_role=TransitionLog.ActorRole.OFFICIAL
            )
            entries.exclude(note="").update(note=PLACEHOLDER)
            owner_message = Application.objects.filter(
                pk=OuterRef("application_id"), owner_id=OuterRef("author_id")
            )
            messages = Message.objects.filter(application_id__in=chunk)
            messages.filter(Exists(owner_message)).update(author=None)
            messages.update(body=PLACEHOLDER)
            reports = Report.objects.filter(application_id__in=chunk)
            reports.exclude(story="").update(story=PLACEHOLDER)
            reports.exclude(lessons="").update(lessons=PLACEHOLDER)
            CreationToken.objects.filter(application_id__in=chunk).delete()
            applications = Application.objects.filter(pk__in=chunk)
            for name in ("plan_what", "plan_for_whom", "plan_when", "plan_with_whom"):
                applications.exclude(**{name: ""}).update(**{name: PLACEHOLDER})
            applications.exclude(decision_text="").update(decision_text=PLACEHOLDER)
            applications.exclude(rejection_reason="").update(rejection_reason=PLACEHOLDER)
            applications.update(
                owner=None,
                summary=PLACEHOLDER,
                organisation_name=PLACEHOLDER,
                kvk_number="",
                contact_name=PLACEHOLDER,
                contact_email="",
                contact_phone="",
                iban="",
                iban_holder="",
                # The showcase publishes with the person's consent; with them gone, so is it.
                public_consent=False,
                anonymised_at=now,
            )
            _reindex(chunk)
    return len(ids), files


def _destroy_applications(queryset):
    """Delete applications (drafts) with their files; the delete signals update the index."""
    ids = list(queryset.values_list("pk", flat=True))
    files = 0
    for chunk in _chunks(ids):
        with transaction.atomic():
            files += _remove_files(chunk)
            for application in Application.objects.filter(pk__in=chunk):
                application.delete()
    return len(ids), files


# --- retention -------------------------------------------------------------------------------


def _terms():
    return settings.RETENTION


def _ended_at():
    """When a rejected or withdrawn application ended: the decision, or the withdrawal step."""
    return Subquery(
        TransitionLog.objects.filter(application_id=OuterRef("pk"), to_state=State.WITHDRAWN)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def _never_submitted(queryset):
    """Drafts, and drafts withdrawn before they were ever submitted: nothing for the archive."""
    return queryset.filter(Q(state=State.DRAFT) | Q(submitted_at__isnull=True))


def _label(application):
    return f"{application.reference} {application.title}"


class GrantsPersonalData:
    key = "grants"

    # --- the person's view ----------------------------------------------------------------

    def describe(self, user):
        applications = Application.objects.filter(owner=user)
        drafts = _never_submitted(applications).count()
        kept = applications.exclude(pk__in=_never_submitted(applications).values("pk"))
        holdings = []
        if drafts:
            holdings.append(
                Holding(
                    label=_("Concepten van aanvragen"),
                    count=drafts,
                    on_delete=_("Worden direct verwijderd, met de bijlagen."),
                )
            )
        terms = _terms()
        for application in kept.annotate(withdrawn_at=_ended_at()).order_by("submitted_at"):
            until, if_kept = self._kept_until(application, terms)
            holdings.append(
                Holding(
                    label=_("Aanvraag %(label)s") % {"label": _label(application)},
                    count=1,
                    # True the moment it is read, before and after the deletion: the figures
                    # stay without an end (the overview), nothing that leads to the person does.
                    on_delete=_(
                        "Blijft bewaard zonder uw naam, e-mailadres, telefoonnummer, "
                        "rekeningnummer, teksten en bestanden: alleen bedragen, datums, dorp, "
                        "categorie en status, voor de verantwoording van de gemeente."
                    ),
                    kept_until=until,
                    kept=True,
                    if_kept=if_kept,
                )
            )
        messages = Message.objects.filter(author=user).count()
        if messages:
            holdings.append(
                Holding(
                    label=_("Berichten in het gesprek over een aanvraag"),
                    count=messages,
                    on_delete=_(
                        "De tekst wordt vervangen door ‘[geanonimiseerd]’; dat er een bericht "
                        "was blijft zichtbaar."
                    ),
                )
            )
        files = (
            Attachment.objects.filter(application__owner=user).count()
            + ReportPhoto.objects.filter(report__application__owner=user).count()
        )
        if files:
            holdings.append(
                Holding(
                    label=_("Bijlagen en foto's"),
                    count=files,
                    on_delete=_("Worden direct verwijderd."),
                )
            )
        return holdings

    def _kept_until(self, application, terms):
        """(the day the term anonymises it anyway, what that means while the account stays);
        the term starts where ``_due_querysets`` starts it (one home for the rule)."""
        if application.state == State.CLOSED and application.closed_at:
            until = add_months(_date(application.closed_at), 12 * terms["CLOSED_YEARS"])
            return until, _(
                "Houdt u uw account, dan halen we uw gegevens er op %(date)s uit: %(years)s jaar "
                "na de afronding."
            ) % {"date": date_format(until, "j F Y"), "years": terms["CLOSED_YEARS"]}
        # As _due_querysets: the decision, or the withdrawal step (annotated by describe).
        ended = None
        if application.state == State.REJECTED:
            ended = application.decided_at
        elif application.state == State.WITHDRAWN:
            ended = application.withdrawn_at
        if application.state in (State.REJECTED, State.WITHDRAWN):
            ended = ended or application.updated_at
            until = add_months(_date(ended), 12 * terms["ENDED_YEARS"])
            return until, _(
                "Houdt u uw account, dan halen we uw gegevens er op %(date)s uit: %(years)s jaar "
                "na het besluit of de intrekking."
            ) % {"date": date_format(until, "j F Y"), "years": terms["ENDED_YEARS"]}
        return None, _(
            "Houdt u uw account, dan halen we uw gegevens er %(years)s jaar na de afronding uit. "
            "De aanvraag loopt nog."
        ) % {"years": terms["CLOSED_YEARS"]}

    def export(self, user):
        applications = Application.objects.filter(owner=user).select_related(
            "scheme", "village", "category"
        )
        data, files = [], []
        for application in applications.prefetch_related("budget_lines", "attachments"):
            report = Report.objects.filter(application=application).first()
            data.append(
                {
                    "kenmerk": application.reference,
                    "naam": application.title,
                    "soort": application.get_kind_display(),
                    "status": application.state_label,
                    "regeling": application.scheme.name if application.scheme_id else "",
                    "kern": application.village.name,
                    "categorie": application.category.name if application.category_id else "",
                    "hulpvraag": application.help_question,
                    "samenvatting": application.summary,
                    "wat": application.plan_what,
                    "voor_wie": application.plan_for_whom,
                    "wanneer": application.plan_when,
                    "met_wie": application.plan_with_whom,
                    "organisatie": application.organisation_name,
                    "kvk": application.kvk_number,
                    "contactpersoon": application.contact_name,
                    "email": application.contact_email,
                    "telefoon": application.contact_phone,
                    "iban": application.iban,
                    "tenaamstelling": application.iban_holder,
                    "gevraagd_bedrag": str(application.requested_amount),
                    "toegekend_bedrag": (
                        str(application.granted_amount) if application.granted_amount else None
                    ),
                    "ingediend_op": _iso(application.submitted_at),
                    "besloten_op": _iso(application.decided_at),
                    "besluit": application.decision_text,
                    "reden_afwijzing": application.rejection_reason,
                    "begroting": [
                        {
                            "soort": line.get_kind_display(),
                            "omschrijving": line.description,
                            "bedrag": str(line.amount),
                        }
                        for line in application.budget_lines.all()
                    ],
                    # The initiator's own view: no internal notes of the officials.
                    "berichten": [
                        {"geplaatst_op": _iso(m.created_at), "tekst": m.body}
                        for m in application.messages.filter(is_internal=False)
                    ],
                    "verantwoording": (
                        {"verhaal": report.story, "geleerd": report.lessons} if report else None
                    ),
                    # Every step, as the initiator's own timeline shows it (internal notes blank).
                    "tijdlijn": [
                        {
                            "tijdstip": _iso(entry.created_at),
                            "van": entry.get_from_state_display(),
                            "naar": entry.get_to_state_display(),
                            "toelichting": entry.shown_note,
                        }
                        for entry in application.log_entries.with_shown_note(include_internal=False)
                    ],
                }
            )
            for attachment in application.attachments.filter(
                Q(message__isnull=True) | Q(message__is_internal=False)
            ):
                files.append(
                    (
                        "grants.storage.private_storage",
                        attachment.file.name,
                        f"aanvragen/{application.reference}/{attachment.original_name}",
                    )
                )
            for photo in ReportPhoto.objects.filter(report__application=application):
                files.append(
                    (
                        "grants.storage.private_storage",
                        photo.image.name,
                        f"aanvragen/{application.reference}/foto-{photo.pk}-"
                        f"{photo.image.name.rsplit('/', 1)[-1]}",
                    )
                )
        return Export(data={"aanvragen": data}, files=files)

    def erase(self, user):
        """Drafts go at once; everything submitted is anonymised; the user's own messages and
        steps on applications of others (an official's) lose their author, keeping the role."""
        result = Erasure()
        owned = Application.objects.filter(owner=user)
        deleted, files = _destroy_applications(_never_submitted(owned))
        result.deleted += deleted
        result.files_removed += files
        anonymised, files = anonymise_applications(Application.objects.filter(owner=user))
        result.anonymised += anonymised
        result.files_removed += files
        role = (
            TransitionLog.ActorRole.OFFICIAL
            if is_official(user)
            else TransitionLog.ActorRole.INITIATOR
        )
        TransitionLog.objects.filter(actor=user).update(actor=None, actor_role=role)
        Message.objects.filter(author=user).update(author=None)
        Attachment.objects.filter(uploaded_by=user).update(uploaded_by=None)
        CreationToken.objects.filter(owner=user).delete()
        return result

    # --- retention -------------------------------------------------------------------------

    def _due_querysets(self, until):
        """(queryset, action, reason, date field) per term, each limited to records due by
        ``until``; the annotation ``term_start`` is the moment the term started."""
        terms = _terms()
        live = Application.objects.filter(anonymised_at__isnull=True)
        draft_cut = add_months(until, -terms["DRAFT_MONTHS"])
        ended_cut = add_months(until, -12 * terms["ENDED_YEARS"])
        closed_cut = add_months(until, -12 * terms["CLOSED_YEARS"])

        def before(field, cut):
            return {f"{field}__lt": _start_of_next_day(cut)}

        drafts = _never_submitted(live).filter(**before("updated_at", draft_cut))
        rejected = live.filter(state=State.REJECTED, **before("decided_at", ended_cut))
        withdrawn = (
            live.filter(state=State.WITHDRAWN, submitted_at__isnull=False)
            .annotate(ended=_ended_at())
            .filter(**before("ended", ended_cut))
        )
        closed = live.filter(state=State.CLOSED, **before("closed_at", closed_cut))
        return [
            (
                drafts,
                DESTROY,
                _("concept, %(n)s maanden niet gewijzigd") % {"n": terms["DRAFT_MONTHS"]},
                "updated_at",
                terms["DRAFT_MONTHS"],
            ),
            (
                rejected,
                ANONYMISE,
                _("%(n)s jaar na het besluit (afgewezen)") % {"n": terms["ENDED_YEARS"]},
                "decided_at",
                12 * terms["ENDED_YEARS"],
            ),
            (
                withdrawn,
                ANONYMISE,
                _("%(n)s jaar na de intrekking") % {"n": terms["ENDED_YEARS"]},
                "ended",
                12 * terms["ENDED_YEARS"],
            ),
            (
                closed,
                ANONYMISE,
                _("%(n)s jaar na de afronding") % {"n": terms["CLOSED_YEARS"]},
                "closed_at",
                12 * terms["CLOSED_YEARS"],
            ),
        ]

    def due_for_retention(self, until):
        warning_days = _terms()["DRAFT_WARNING_DAYS"]
        for queryset, action, reason, field, months in self._due_querysets(until):
            rows = queryset.order_by(field, "pk").values_list("pk", "reference", "title", field)
            for pk, reference, title, start in rows.iterator(chunk_size=2000):
                yield RetentionItem(
                    kind=KIND,
                    label=f"{reference} {title}",
                    object_id=str(pk),
                    action=action,
                    due=add_months(_date(start), months),
                    reason=reason,
                    warning_days=warning_days if action == DESTROY else 0,
                )

    def warn(self, item):
        """The mail before a draft is deleted: the initiator can still open and keep it."""
        application = Application.objects.filter(pk=item.object_id).select_related("owner").first()
        if application is None or application.owner is None:
            return 0
        subject = _("Uw concept-aanvraag %(reference)s wordt binnenkort verwijderd") % {
            "reference": application.reference
        }
        body = _(
            "Beste initiatiefnemer,\n\nUw concept-aanvraag ‘%(title)s’ (%(reference)s) is lang "
            "niet gewijzigd. Op %(due)s verwijderen wij het concept, met de bijlagen. Wilt u het "
            "bewaren? Open het concept en sla het op; dan begint de termijn opnieuw.\n\n"
            "Met vriendelijke groet,\nDorpskracht"
        ) % {
            "title": application.title,
            "reference": application.reference,
            "due": item.due.strftime("%d-%m-%Y"),
        }
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.owner.email])

    def apply_retention(self, item):
        self.apply_retention_many([item])

    def apply_retention_many(self, items):
        """Bulk form of ``apply_retention``: one pass for all of them."""
        destroy = [int(i.object_id) for i in items if i.action == DESTROY]
        anonymise = [int(i.object_id) for i in items if i.action == ANONYMISE]
        if destroy:
            # Only what is still a draft: a draft submitted meanwhile is not thrown away.
            _destroy_applications(_never_submitted(Application.objects.filter(pk__in=destroy)))
        if anonymise:
            anonymise_applications(Application.objects.filter(pk__in=anonymise))


def _start_of_next_day(day):
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)


def _iso(moment):
    return moment.isoformat() if moment else None
