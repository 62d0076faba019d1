"""The main menu and the footer, from the editors' settings (Instellingen → Navigatie /
Voettekst). Each costs two queries per request (the setting, its links with their pages), and
the result is kept on the request, so using a tag twice costs nothing more."""

from dataclasses import dataclass

from django import template

from wagtail.models import Site

from home.models import FooterSettings, NavigationSettings

register = template.Library()


@dataclass(frozen=True)
class MenuLink:
    text: str
    url: str
    is_current: bool = False
    is_ancestor: bool = False


def _resolve(items, request):
    path = request.path if request is not None else ""
    links = []
    for item in items:
        url = item.get_url(request)
        if not url:
            continue
        is_current = url == path
        is_ancestor = not is_current and url != "/" and url.startswith("/") and path.startswith(url)
        links.append(MenuLink(item.text, url, is_current, is_ancestor))
    return links


def _cached(request, name, build):
    if request is None:
        return build()
    if not hasattr(request, name):
        setattr(request, name, build())
    return getattr(request, name)


def _site_setting(model, request):
    if request is None or Site.find_for_request(request) is None:
        return None
    return model.for_request(request)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """``{% main_menu as links %}``: the main menu's links (text, url, is_current,
    is_ancestor), leaving out pages that are not published."""
    request = context.get("request")

    def build():
        settings = _site_setting(NavigationSettings, request)
        return _resolve(settings.menu_items.all(), request) if settings else []

    return _cached(request, "_home_main_menu", build)


@register.simple_tag(takes_context=True)
def footer_settings(context):
    """``{% footer_settings as footer %}``: the footer setting with ``footer.resolved_links``."""
    request = context.get("request")

    def build():
        settings = _site_setting(FooterSettings, request)
        if settings is None:
            return None
        settings.resolved_links = _resolve(settings.links.all(), request)
        return settings

    return _cached(request, "_home_footer", build)
