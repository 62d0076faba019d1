"""What every initiator view shares: finding the application the user may see or change."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from security.log import Kind as SecurityEvent
from security.log import record as security_log

from ..models import Application
from ..permissions import applications_for


def visible_application(request, reference, queryset=None):
    """The application with ``reference`` if the user may see it; 404 otherwise (never 403:
    another person's reference must look exactly like one that does not exist)."""
    queryset = queryset if queryset is not None else applications_for(request.user)
    try:
        return get_object_or_404(
            queryset.select_related("scheme", "village", "category"), reference=reference
        )
    except Http404:
        # The visitor sees "not found"; the security log sees someone tried another's file.
        if Application.objects.filter(reference=reference).exists():
            security_log(request, SecurityEvent.REFUSED, detail=f"aanvraag {reference}")
        raise


def own_application(request, reference):
    """The user's own application with ``reference``; 404 for anyone else's, also for an
    official (officials act in the admin, not on the initiator's pages)."""
    return visible_application(
        request, reference, applications_for(request.user).filter(owner=request.user)
    )
