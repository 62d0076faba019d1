"""The main menu and the footer, from the editors' settings (Instellingen → Navigatie /
Voettekst). Each costs two queries per request (the setting, its links with their pages), and
the result is kept on the request, so using a tag twice costs nothing more."""

from dataclasses import dataclass

from django import template

from wagtail.models import Site

from home.models import ContactPage, FooterSettings, NavigationSettings

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


def _contact_page_url(request):
    """The first published contact page's address, or "" (one query)."""
    page = (
        ContactPage.objects.live()
        .filter(view_restrictions__isnull=True)
        .order_by("path")
        .only("id", "path", "depth", "url_path", "locale_id")
        .first()
    )
    return (page.get_url(request) or "") if page is not None else ""


@register.simple_tag(takes_context=True)
def way_on_links(context):
    """``{% way_on_links as way_on %}``, for the 404 page: ``way_on.menu`` (the main menu's
    links but the start page) and ``way_on.contact_url`` (the contact page when the menu has
    none, else ""). The menu is the header's (no extra query); the contact page costs one."""
    request = context.get("request")
    menu = [link for link in main_menu(context) if link.url != "/"]
    contact_url = _contact_page_url(request)
    if any(link.url == contact_url for link in menu):
        contact_url = ""
    return {"menu": menu, "contact_url": contact_url}
