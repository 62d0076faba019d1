"""The officials' spreadsheet pages in the Wagtail admin: export, import, yearly overview.

Every view here is for officials only (``OfficialsOnlyMixin``): Wagtail's admin wrapper sends
anonymous visitors to the login page and turns the ``PermissionDenied`` an editor gets into a
redirect to the dashboard with a message. No file is ever written under ``MEDIA_ROOT``: exports
are streamed (``grants.exporting``), an uploaded import waits in the private staging folder
(``grants.importing.stage``, in private storage) keyed by a random name that only the uploader's session maps to
its signed token."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from grants import exporting, importing, permissions
from grants.filters import ApplicationFilterSet, year_choices
from grants.models import FundingScheme
from grants.overview import accountability_overview, overview_csv_sheet, overview_sheets
from security.log import Kind as SecurityEvent
from security.log import record as security_log

SESSION_KEY = "grants_import_staged"
SESSION_MAX_FILES = 5
PREVIEW_ROWS = 500
PREVIEW_PROBLEMS = 1000
LISTING_FILTERS = ("state", "scheme", "village", "category", "year", "overdue", "q")


class OfficialsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_official(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdminPage(OfficialsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": "", "label": self.get_page_title()},
        ]


# --- export ----------------------------------------------------------------------------------


class SchemeYearForm(forms.Form):
    """ "All of a scheme and year": the listing's own filter names, so one download URL serves
    both the listing's selection and this form."""

    scheme = forms.ModelChoiceField(
        label=gettext_lazy("Regeling"),
        queryset=FundingScheme.objects.only("pk", "name").order_by("name"),
        empty_label=None,
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("Jaar van indiening"), choices=year_choices, coerce=int
    )
    gegevens = forms.ChoiceField(
        label=gettext_lazy("Wat"),
        choices=[
            ("aanvragen", gettext_lazy("Aanvragen met bedragen, status en datums")),
            ("begrotingsregels", gettext_lazy("Begrotingsregels van die aanvragen")),
        ],
        initial="aanvragen",
        widget=forms.RadioSelect,
    )
    bestand = forms.ChoiceField(
        label=gettext_lazy("Bestandsformaat"),
        choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")],
        initial="xlsx",
        widget=forms.RadioSelect,
    )


class ExportView(AdminPage):
    template_name = "grants/admin/import_export/export.html"
    page_title = gettext_lazy("Exporteren")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        selection = {k: v for k, v in request.GET.items() if k in LISTING_FILTERS and v}
        context["form"] = SchemeYearForm(
            initial={"year": str(timezone.localdate().year), "gegevens": "aanvragen"},
            auto_id="export_%s",
        )
        context["download_url"] = reverse("grants_import_export:download")
        context["listing_url"] = _listing_url(selection)
        if selection:
            try:
                queryset = exporting.listing_queryset(request, selection)
                context["selection_count"] = queryset.count()
            except exporting.ExportError as error:
                context["selection_error"] = str(error)
            context["selection_filters"] = _describe_filters(request, selection)
            context["selection_links"] = [
                {
                    "label": label,
                    "url": context["download_url"]
                    + "?"
                    + urlencode({**selection, "gegevens": kind, "bestand": fmt}),
                }
                for kind, fmt, label in (
                    ("aanvragen", "xlsx", _("Aanvragen (.xlsx)")),
                    ("aanvragen", "csv", _("Aanvragen (.csv)")),
                    ("begrotingsregels", "xlsx", _("Begrotingsregels (.xlsx)")),
                    ("begrotingsregels", "csv", _("Begrotingsregels (.csv)")),
                )
            ]
        return context


def _listing_url(selection):
    url = reverse("grants_application:index")
    return url + ("?" + urlencode(selection) if selection else "")


def _describe_filters(request, selection):
    """The active filters in words: [("Status", "Toegekend"), ("Zoekterm", "moestuin")]."""
    filterset = ApplicationFilterSet(selection, request=request)
    described = []
    if filterset.form.is_valid():
        for name in filterset.form.changed_data:
            value = filterset.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = filterset.form.fields[name]
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            if isinstance(value, bool):
                value = _("ja") if value else _("nee")
            described.append((field.label, str(value)))
    if selection.get("q"):
        described.append((_("Zoekterm"), selection["q"]))
    return described


class ExportDownloadView(OfficialsOnlyMixin, TemplateView):
    """The file: ``gegevens`` (aanvragen/begrotingsregels), ``bestand`` (xlsx/csv) and the
    listing's filter parameters."""

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("gegevens", "aanvragen")
        fmt = request.GET.get("bestand", "xlsx")
        try:
            if kind not in exporting.EXPORT_KINDS:
                raise exporting.ExportError(_("Onbekende export."))
            applications = exporting.listing_queryset(request)
            response = exporting.export_response(kind, fmt, applications, _file_label(request))
        except exporting.ExportError as error:
            messages.error(request, str(error))
            return redirect("grants_import_export:export")
        # Residents' names, addresses and IBANs leave the portal: the security log keeps who,
        # which file and which selection.
        security_log(
            request,
            SecurityEvent.PERSONAL_DATA_EXPORTED,
            detail=_export_detail(request, kind, fmt, response),
        )
        return response


def _export_detail(request, kind, fmt, response):
    """ "aanvragen.xlsx aanvragen-2026-20261202-0930.xlsx; filter: Status: Toegekend; Jaar: 2026" """
    filename = response.get("Content-Disposition", "").partition("filename=")[2].strip('"')
    selection = {k: v for k, v in request.GET.items() if k in LISTING_FILTERS and v}
    filters = "; ".join(
        f"{label}: {value}" for label, value in _describe_filters(request, selection)
    )
    return f"{kind}.{fmt} {filename}; " + _("filter: %(filters)s") % {
        "filters": filters or _("geen (alle aanvragen)")
    }


def _file_label(request):
    parts = []
    scheme = request.GET.get("scheme")
    if scheme and scheme.isdigit():
        slug = FundingScheme.objects.filter(pk=scheme).values_list("slug", flat=True).first()
        if slug:
            parts.append(slug)
    year = request.GET.get("year")
    if year and year.isdigit():
        parts.append(year)
    return "-".join(parts)


# --- import ----------------------------------------------------------------------------------


class LimitedUploadHandler(FileUploadHandler):
    """Stops receiving an upload once it passes the limit, before anything reads it: the rest
    of the request body is skipped and the view says the file is too large."""

    def __init__(self, limit, request=None):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy(
            "Een Excel-bestand (.xlsx) of CSV-bestand (.csv) van hoogstens %(max)s MB, met de "
            "kolomnamen in de eerste regel."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        limit = importing.max_upload_bytes()
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "max": limit // (1024 * 1024)
        }
        self.sheet = None
        self.file_bytes = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.file_bytes = importing.upload_bytes(upload)
            self.sheet = importing.read_bytes(self.file_bytes, upload.name)
        except importing.ImportFileError as error:
            raise forms.ValidationError(error.messages) from error
        return upload

    def full_clean(self):
        super().full_clean()
        if self.too_large and self.is_bound:
            self._errors.pop("file", None)
            self.add_error(
                "file",
                importing.too_large_message(None, importing.max_upload_bytes()),
            )


@method_decorator(csrf_exempt, name="dispatch")
class ImportUploadView(AdminPage):
    template_name = "grants/admin/import_export/import_upload.html"
    page_title = gettext_lazy("Importeren")

    def dispatch(self, request, *args, **kwargs):
        # The size limit must be in place before the body is read, so before the CSRF check
        # (which reads the form); the check runs right after, in ``_checked``.
        self.upload_limit = None
        if request.method == "POST" and permissions.is_official(request.user):
            self.upload_limit = LimitedUploadHandler(importing.max_upload_bytes(), request)
            request.upload_handlers.insert(0, self.upload_limit)
        return self._checked(request, *args, **kwargs)

    @method_decorator(csrf_protect)
    def _checked(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm(auto_id="import_%s"))
        context["required_columns"] = importing.required_columns()
        context["optional_columns"] = importing.optional_columns()
        context["ignored_columns"] = importing.ignored_columns()
        return context

    def post(self, request, *args, **kwargs):
        post, files = request.POST, request.FILES  # reads the body through the size limit
        too_large = bool(self.upload_limit and self.upload_limit.exceeded)
        form = ImportForm(post, files, too_large=too_large, auto_id="import_%s")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        token = importing.stage(form.file_bytes, upload.name, request.user)
        key = importing.staged_key(token)
        staged = dict(request.session.get(SESSION_KEY, {}))
        for old in list(staged)[: max(0, len(staged) - SESSION_MAX_FILES + 1)]:
            importing.discard_staged(staged.pop(old))
        staged[key] = token
        request.session[SESSION_KEY] = staged
        return HttpResponseRedirect(reverse("grants_import_export:import_preview", args=[key]))


class ImportPreviewView(AdminPage):
    """GET: the dry run of a staged file. POST: the real import of the same file."""

    template_name = "grants/admin/import_export/import_preview.html"
    page_title = gettext_lazy("Import controleren")

    @cached_property
    def token(self):
        return self.request.session.get(SESSION_KEY, {}).get(self.kwargs["key"])

    def _load(self):
        if not self.token:
            raise importing.ImportFileError(
                _("Dit importbestand is niet (meer) bekend; upload het opnieuw.")
            )
        data, filename = importing.load_staged(self.token, self.request.user)
        return importing.read_bytes(data, filename)

    def _restart(self, error):
        for message in error.messages:
            messages.error(self.request, message)
        return redirect("grants_import_export:import")

    def get(self, request, *args, **kwargs):
        try:
            sheet = self._load()
            report = importing.import_applications(sheet, request.user, dry_run=True)
        except importing.ImportFileError as error:
            return self._restart(error)
        return self.render_to_response(self.get_context_data(report=report))

    def post(self, request, *args, **kwargs):
        try:
            sheet = self._load()
            report = importing.import_applications(sheet, request.user, dry_run=False)
        except importing.ImportFileError as error:
            return self._restart(error)
        if not report.committed:
            messages.error(
                request,
                _("Er is niets geïmporteerd: het bestand bevat fouten. Bekijk ze hieronder."),
            )
            return self.render_to_response(self.get_context_data(report=report), status=400)
        importing.discard_staged(self.token)
        staged = dict(request.session.get(SESSION_KEY, {}))
        staged.pop(self.kwargs["key"], None)
        request.session[SESSION_KEY] = staged
        messages.success(
            request,
            _("“%(file)s” is geïmporteerd. %(summary)s")
            % {"file": report.filename, "summary": report.summary()},
        )
        return redirect("grants_application:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context.get("report")
        if report is not None:
            shown = [row for row in report.rows if row.action != "unchanged"]
            context["shown_rows"] = shown[:PREVIEW_ROWS]
            context["hidden_rows"] = max(0, len(shown) - PREVIEW_ROWS)
            context["shown_problems"] = report.problems[:PREVIEW_PROBLEMS]
            context["hidden_problems"] = max(0, len(report.problems) - PREVIEW_PROBLEMS)
        context["upload_url"] = reverse("grants_import_export:import")
        return context


# --- yearly overview -------------------------------------------------------------------------


class OverviewForm(forms.Form):
    regeling = forms.ModelChoiceField(
        label=gettext_lazy("Regeling"),
        queryset=FundingScheme.objects.order_by("name"),
        empty_label=None,
    )
    jaar = forms.TypedChoiceField(
        label=gettext_lazy("Jaar van indiening"), choices=year_choices, coerce=int
    )


class OverviewView(AdminPage):
    template_name = "grants/admin/import_export/overview.html"
    page_title = gettext_lazy("Jaaroverzicht per regeling")

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        if "jaar" not in data:
            data["jaar"] = str(timezone.localdate().year)
        if "regeling" not in data:
            first = FundingScheme.objects.order_by("name").values_list("pk", flat=True).first()
            if first is not None:
                data["regeling"] = str(first)
        form = OverviewForm(data, auto_id="overview_%s")
        context = {"form": form}
        if form.is_valid():
            scheme = form.cleaned_data["regeling"]
            year = form.cleaned_data["jaar"]
            overview = accountability_overview(scheme, year)
            fmt = request.GET.get("bestand")
            if fmt in exporting.EXPORT_FORMATS:
                sheets = overview_csv_sheet(overview) if fmt == "csv" else overview_sheets(overview)
                filename = exporting.export_filename("jaaroverzicht", fmt, f"{scheme.slug}-{year}")
                return exporting.table_response(fmt, filename, sheets)
            params = {"regeling": scheme.pk, "jaar": year}
            context.update(
                overview=overview,
                xlsx_url="?" + urlencode({**params, "bestand": "xlsx"}),
                csv_url="?" + urlencode({**params, "bestand": "csv"}),
            )
        return self.render_to_response(self.get_context_data(**context))
