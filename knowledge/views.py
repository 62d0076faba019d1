"""The public views of the knowledge app outside the page tree: the personal cancel link of a
registration, and the event's public calendar file. Thin: the rules live on the models."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import calendar
from .models import EventPage, EventRegistration, RegistrationStatus

TEMPLATE = "knowledge/cancel_registration.html"


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_registration(request, token):
    """GET asks to confirm; POST (with CSRF) cancels. An unknown, already used or too late link
    gets a page that says so, never an error."""
    registration = (
        EventRegistration.objects.select_related("page").filter(cancel_token=token).first()
    )
    if registration is None:
        return render(request, TEMPLATE, {"outcome": "unknown"}, status=404)
    event = registration.page.specific
    context = {
        "event": event,
        "registration": registration,
        "name": event.get_registrant_name(registration),
        "waiting": registration.status == RegistrationStatus.WAITING,
    }
    if registration.status == RegistrationStatus.CANCELLED:
        return render(request, TEMPLATE, {**context, "outcome": "already"})
    if event.has_started():
        return render(request, TEMPLATE, {**context, "outcome": "too_late"})
    if request.method == "POST":
        done = event.cancel(registration)
        return render(request, TEMPLATE, {**context, "outcome": "done" if done else "already"})
    return render(request, TEMPLATE, {**context, "outcome": "confirm"})


def event_calendar(request, page_id):
    """The public ``.ics`` of a live, public event: the event only, no personal data."""
    event = EventPage.objects.live().public().filter(pk=page_id).first()
    if event is None:
        raise Http404
    response = HttpResponse(calendar.event_calendar(event), content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{calendar.filename(event)}"'
    return response
