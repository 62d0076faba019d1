"""The calendar file (iCalendar, ``.ics``) of an event, made with ``icalendar``.

Two kinds: the public one of the event page (no personal data, one UID per event) and the
personal one in the registrant's e-mails (one UID per event and registration, so importing the
confirmation, the mail after moving up and the reminder updates one item in their calendar; its
description carries their own cancel link). Times are local, Europe/Amsterdam, with the time
zone's definition included so every calendar program places them right."""

import datetime
import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Event

PRODID = "-//Dorpskracht//Bijeenkomsten//NL"
CONTENT_TYPE = "text/calendar; charset=utf-8"  # a download
MAIL_TYPE = "text/calendar"  # an attachment: Django's mail adds the charset itself


def site_root(event):
    """The site's root URL (scheme and host) for links in e-mails and calendar files."""
    site = event.get_site()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def cancel_url(registration, event):
    return site_root(event) + reverse("knowledge:cancel", args=[registration.cancel_token])


def location_text(event):
    parts = []
    if event.location_name:
        parts.append(event.location_name)
    if event.location_address:
        parts.extend(line.strip() for line in event.location_address.splitlines() if line.strip())
    if event.is_online:
        parts.append(_("Online"))
    return ", ".join(parts)


def description(event, registration=None):
    lines = [event.intro.strip()]
    if event.route_info.strip():
        lines += ["", _("Route en praktische informatie") + ":", event.route_info.strip()]
    if event.is_online and event.online_instructions.strip():
        lines += ["", _("Online meedoen") + ":", event.online_instructions.strip()]
    if event.chair:
        lines += ["", _("Gespreksleider: %(name)s") % {"name": event.chair}]
    lines += ["", _("Meer informatie: %(url)s") % {"url": event.full_url}]
    if registration is not None:
        lines += [
            "",
            _("Kunt u niet komen? Meld u af via: %(url)s")
            % {"url": cancel_url(registration, event)},
        ]
    return "\n".join(lines)


def uid(event, registration=None):
    host = event.get_site().hostname if event.get_site() else "dorpskracht"
    if registration is None:
        return f"bijeenkomst-{event.pk}@{host}"
    return f"bijeenkomst-{event.pk}-aanmelding-{registration.pk}@{host}"


def event_calendar(event, registration=None, now=None):
    """The ``.ics`` bytes for ``event``; personal when ``registration`` is given."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = Event()
    item.add("uid", uid(event, registration))
    item.add("dtstamp", (now or timezone.now()).astimezone(datetime.UTC))
    item.add("dtstart", datetime.datetime.combine(event.date, event.start_time, tzinfo=zone))
    item.add("dtend", datetime.datetime.combine(event.date, event.end_time, tzinfo=zone))
    item.add("summary", event.title)
    if location := location_text(event):
        item.add("location", location)
    item.add("description", description(event, registration))
    item.add("url", event.full_url)
    if event.last_published_at:
        item.add("last-modified", event.last_published_at.astimezone(datetime.UTC))
    calendar.add_component(item)
    calendar.add_missing_timezones(
        first_date=event.date - datetime.timedelta(days=366),
        last_date=event.date + datetime.timedelta(days=366),
    )
    return calendar.to_ical()


def filename(event):
    return f"{event.slug}.ics"
