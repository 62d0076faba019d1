"""The municipality's look (Instellingen → Huisstijl) for the base layout: one query per
request (the setting with its logo), kept on the request for the head and the header."""

from django import template

from wagtail.models import Site

from home.models import IdentitySettings

register = template.Library()


def identity_for(request):
    """The site's Huisstijl setting; its defaults (unsaved) when there is no site."""
    if request is None:
        return IdentitySettings()
    if not hasattr(request, "_home_identity"):
        site = Site.find_for_request(request)
        request._home_identity = (
            IdentitySettings.for_request(request) if site is not None else IdentitySettings()
        )
    return request._home_identity


@register.simple_tag(takes_context=True)
def identity_settings(context):
    """``{% identity_settings as identity %}``: logo, ``logo_alt``, ``show_name`` and
    ``version`` (the fingerprint of ``/huisstijl.css``)."""
    return identity_for(context.get("request"))
