"""The officials' application search in the Wagtail admin (a search area beside pages)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from grants.application_search import search_applications
from grants.models.application import is_official

from .backends import SEARCH_ENGINE_ERRORS

PER_PAGE = 25


def application_admin_url(application):
    try:
        return reverse("grants_application:inspect", args=[application.pk])
    except NoReverseMatch:
        return ""


class ApplicationSearchView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/application_search.html"
    page_title = _("Aanvragen zoeken")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not is_official(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context.update(query=query, page_obj=None, unavailable=False)
        if not query:
            return context
        results = search_applications(self.request.user, query)
        try:
            page_obj = Paginator(results, PER_PAGE).get_page(self.request.GET.get("p"))
            rows = [
                (application, application_admin_url(application))
                for application in page_obj.object_list
            ]
        except SEARCH_ENGINE_ERRORS:
            context["unavailable"] = True
            return context
        context.update(page_obj=page_obj, rows=rows)
        return context
