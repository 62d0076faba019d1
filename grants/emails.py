"""E-mails about applications: what is sent to whom. The functions run inside the background
tasks of ``grants.tasks`` and read the database afresh by id; ``grants.notifications`` queues
them.

Internal notes never leave the building: a transition's internal note is not put in any e-mail,
and an internal dialogue note is not e-mailed to anybody."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Message, State, TransitionLog
from .models.application import is_official
from .states import Kind, state_label

# --- links -----------------------------------------------------------------------------------


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def initiator_url(application):
    """Where the initiator reads this application on the public site."""
    try:
        return _absolute(reverse("grants:application_detail", args=[application.reference]))
    except NoReverseMatch:
        return _absolute("/aanvragen/")


def official_url(application):
    """Where an official handles this application in the Wagtail admin."""
    try:
        return _absolute(reverse("grants_application:inspect", args=[application.pk]))
    except NoReverseMatch:
        return _absolute("/admin/")


# --- sending ---------------------------------------------------------------------------------


def _recipients(application):
    addresses = []
    # An anonymised application has no owner and no contact address: nobody to write to.
    owner_email = application.owner.email if application.owner_id else ""
    for address in (owner_email, application.contact_email):
        if address and address.lower() not in {a.lower() for a in addresses}:
            addresses.append(address)
    return addresses


def _send(template, context, to):
    """Render ``grants/email/<template>.{subject.txt,txt,html}`` in Dutch and send it."""
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"grants/email/{template}.subject.txt", context)
        text = render_to_string(f"grants/email/{template}.txt", context)
        html = render_to_string(f"grants/email/{template}.html", context)
    subject = " ".join(subject.split())
    email = EmailMultiAlternatives(subject=subject, body=text, to=list(to))
    email.attach_alternative(html, "text/html")
    return email.send()


def _non_money_next_step(entry):
    """What happens next after a step of a project to show or a help question."""
    application = entry.application
    state = entry.to_state
    showcase = application.kind == Kind.SHOWCASE
    if state == State.SUBMITTED:
        if showcase:
            return _(
                "Een medewerker van de gemeente bekijkt uw project. Is alles in orde, dan "
                "zetten we het in het projectenoverzicht op de website."
            )
        return _(
            "Een medewerker van de gemeente bekijkt uw vraag en neemt contact met u op. "
            "U krijgt uiterlijk %(date)s antwoord."
        ) % {"date": application.decision_due.strftime("%d-%m-%Y")}
    if state == State.IN_DIALOGUE:
        return _(
            "Een medewerker wil met u in gesprek. Lees de berichten bij uw aanvraag en "
            "antwoord daar."
        )
    if state == State.APPROVED and showcase:
        return _("Uw project staat nu in het projectenoverzicht op de website.")
    if state == State.APPROVED:
        return _(
            "De gemeente helpt u verder. Wat er is afgesproken, leest u bij uw aanvraag. "
            "U hoeft geen verantwoording in te dienen."
        )
    if state == State.CLOSED:
        return _("Uw hulpvraag is afgerond. Dank u wel voor uw inzet voor de kern!")
    return None


def _next_step(entry):
    """What happens next, seen from the initiator, after this step."""
    application = entry.application
    state = entry.to_state
    if not application.is_money:
        sentence = _non_money_next_step(entry)
        if sentence is not None:
            return sentence
    if state == State.SUBMITTED:
        if application.decision_due:
            return _(
                "Een medewerker van de gemeente bekijkt uw aanvraag. U hoort uiterlijk "
                "%(date)s of u het geld krijgt. Heeft de medewerker vragen, dan krijgt u "
                "daarover een bericht."
            ) % {"date": application.decision_due.strftime("%d-%m-%Y")}
        return _("Een medewerker van de gemeente bekijkt uw aanvraag.")
    if state == State.IN_DIALOGUE:
        return _(
            "Een medewerker wil met u in gesprek over uw aanvraag. Lees de berichten bij uw "
            "aanvraag en antwoord daar. U kunt nu ook uw plan en begroting aanpassen."
        )
    if state == State.APPROVED and entry.transition == "request_report_changes":
        return _(
            "De gemeente vraagt u uw verantwoording aan te vullen. Pas de verantwoording aan "
            "en dien die opnieuw in."
        )
    if state == State.APPROVED:
        return _(
            "Het geld wordt op de opgegeven rekening gestort. Vertel ons na afloop van uw "
            "project in de verantwoording wat er is gebeurd en wat het heeft gekost."
        )
    if state == State.REJECTED:
        return _(
            "Bent u het niet eens met dit besluit? Neem dan contact op met de gemeente; u "
            "kunt ook een nieuwe aanvraag indienen."
        )
    if state == State.WITHDRAWN:
        return _("U hoeft verder niets te doen. U kunt altijd een nieuwe aanvraag indienen.")
    if state == State.REPORTED:
        return _("Een medewerker van de gemeente leest uw verantwoording.")
    if state == State.CLOSED:
        return _("Uw dossier is afgerond. Dank u wel voor uw inzet voor de kern!")
    return ""


def send_transition_emails(log_entry_id):
    entry = (
        TransitionLog.objects.select_related(
            "application", "application__owner", "application__scheme", "application__village"
        )
        .filter(pk=log_entry_id)
        .first()
    )
    if entry is None:
        return 0
    application = entry.application
    context = {
        "application": application,
        "entry": entry,
        # Internal notes never go to the initiator.
        "note": "" if entry.note_is_internal else entry.note,
        "state_label": state_label(entry.to_state, application.kind),
        "next_step": _next_step(entry),
        "initiator_url": initiator_url(application),
        "official_url": official_url(application),
    }
    sent = 0
    if entry.transition == "submit":
        sent += _send("submitted", context, _recipients(application))
        sent += _send("staff_submitted", context, [settings.PORTAL_STAFF_EMAIL])
        return sent
    sent += _send("state_changed", context, _recipients(application))
    if entry.transition in ("withdraw", "submit_report"):
        sent += _send("staff_state_changed", context, [settings.PORTAL_STAFF_EMAIL])
    return sent


def send_message_email(message_id):
    message = (
        Message.objects.select_related(
            "application", "application__owner", "application__scheme", "author"
        )
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.is_internal:
        return 0
    application = message.application
    context = {
        "application": application,
        "message": message,
        "attachment_count": message.attachments.count(),
        "initiator_url": initiator_url(application),
        "official_url": official_url(application),
    }
    from_official = message.author is None or (
        message.author_id != application.owner_id and is_official(message.author)
    )
    if from_official:
        return _send("message_to_initiator", context, _recipients(application))
    return _send("message_to_staff", context, [settings.PORTAL_STAFF_EMAIL])
