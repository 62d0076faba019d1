"""``{% content_lang %}``: the one home of WCAG 3.1.2 (language of parts).

Editors and residents write in the site's content language (``LANGUAGE_CODE``, Dutch); the
interface may be English. Elements that hold their text (titles, intros, StreamField bodies,
cards, an application's own texts) carry ``{% content_lang %}``, which says ``lang="nl"`` while
the interface speaks another language and nothing when it speaks Dutch (``<html lang>`` says it
already)."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


def _primary(code):
    return (code or "").split("-")[0].lower()


@register.simple_tag
def content_lang():
    content = _primary(settings.LANGUAGE_CODE)
    if _primary(translation.get_language()) == content:
        return ""
    return format_html(' lang="{}"', content)
