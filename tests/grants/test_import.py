"""The import service: what a file creates or changes, and every way a file can be wrong.

Each bad file must give a clear Dutch message with its row and column, and leave the database
exactly as it was."""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from grants import importing
from grants.importing import ImportFileError, import_applications, read_bytes, read_upload
from grants.models import Application, BudgetLine, Report, State, TransitionLog
from tests.factories import EditorFactory
from tests.grants.factories import (
    ApplicationFactory,
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
)
from tests.grants.spreadsheet_files import (
    HEADERS,
    csv_bytes,
    make_row,
    with_cached_formula,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def official():
    return OfficialFactory()


@pytest.fixture
def scheme():
    return FundingSchemeFactory(name="Dorpsinitiatieven", yearly_budget=Decimal("50000"))


@pytest.fixture
def village():
    return VillageFactory(name="Oosterwolde", slug="oosterwolde")


@pytest.fixture
def category():
    return CategoryFactory(name="Sport en spel", slug="sport-en-spel")


@pytest.fixture
def row(scheme, village, category):
    def build(**values):
        return make_row(scheme, village, category, **values)

    return build


def snapshot():
    """Everything an import could touch, to compare before and after."""
    return (
        list(Application.objects.order_by("pk").values()),
        list(BudgetLine.objects.order_by("pk").values()),
        list(TransitionLog.objects.order_by("pk").values()),
        list(Report.objects.order_by("pk").values()),
        list(get_user_model().objects.order_by("pk").values_list("pk", "username")),
    )


def run(data, user, name="historie.xlsx", dry_run=False):
    return import_applications(read_bytes(data, name), user, dry_run=dry_run)


def only_problem(report):
    assert len(report.problems) == 1, [str(p) for p in report.problems]
    return report.problems[0]


# --- a good file -----------------------------------------------------------------------------


def test_a_good_file_creates_applications_in_the_state_it_says_with_a_logged_import(
    official, row, scheme
):
    data = xlsx_bytes(
        [
            row(),
            row(
                Kenmerk="OUD-2024-002",
                Naam_initiatief="Speeltuin De Hoek",
                Status="Afgewezen",
                Toegekend_bedrag=None,
            ),
            row(
                Kenmerk="OUD-2024-003",
                Status="Ingediend",
                Toegekend_bedrag=None,
                Besloten_op=None,
            ),
        ]
    )

    report = run(data, official)

    assert report.ok, [str(p) for p in report.problems]
    assert report.committed
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    approved = Application.objects.get(reference="OUD-2024-001")
    assert approved.state == State.APPROVED
    assert approved.granted_amount == Decimal("2000.00")
    assert approved.requested_amount == Decimal("2500.00")
    assert timezone.localtime(approved.decided_at).date() == datetime.date(2024, 4, 15)
    assert approved.budget_lines.get().amount == Decimal("2500.00")
    assert Application.objects.get(reference="OUD-2024-002").state == State.REJECTED
    submitted = Application.objects.get(reference="OUD-2024-003")
    assert submitted.state == State.SUBMITTED
    # The decision term follows from the submission date and the scheme.
    assert submitted.decision_due == datetime.date(2024, 3, 4) + datetime.timedelta(weeks=8)

    entry = approved.log_entries.get()
    assert entry.transition == "import"
    assert entry.actor == official
    assert (entry.from_state, entry.to_state) == (State.DRAFT, State.APPROVED)
    assert "historie.xlsx" in entry.note
    assert "regel 2" in entry.note
    assert entry.note_is_internal


def test_imported_applications_belong_to_a_placeholder_that_cannot_log_in_and_stay_private(
    official, row, client
):
    run(xlsx_bytes([row()]), official)

    application = Application.objects.get()
    owner = application.owner
    assert owner != official
    assert owner.username == importing.PLACEHOLDER_USERNAME
    assert not owner.is_active
    assert not owner.has_usable_password()
    assert owner.email == ""
    assert not owner.groups.exists()
    assert not application.public_consent
    assert not Application.objects.public().exists()
    # A second import reuses the same placeholder.
    run(xlsx_bytes([row(Kenmerk="OUD-2024-009")]), official)
    assert get_user_model().objects.filter(username=importing.PLACEHOLDER_USERNAME).count() == 1


def test_reimporting_the_same_file_changes_nothing(official, row):
    data = xlsx_bytes(
        [
            row(),
            row(
                Kenmerk="OUD-2024-002", Status="In gesprek", Toegekend_bedrag=None, Besloten_op=None
            ),
        ]
    )
    first = run(data, official)
    assert first.created == 2
    before = snapshot()

    second = run(data, official)

    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert second.ok
    assert second.committed
    assert snapshot() == before


def test_a_dry_run_shows_what_would_happen_and_saves_nothing(official, row):
    before = snapshot()

    report = run(xlsx_bytes([row()]), official, dry_run=True)

    assert report.ok
    assert not report.committed
    assert report.created == 1
    assert report.rows[0].action == "create"
    assert snapshot() == before


def test_csv_in_dutch_excel_style_is_read(official, row):
    data = csv_bytes(
        [row(Gevraagd_bedrag="2.500,00", Toegekend_bedrag="2000,50", Ingediend_op="4-3-2024")]
    )

    report = run(data, official, name="partner.csv")

    assert report.ok, [str(p) for p in report.problems]
    application = Application.objects.get()
    assert application.requested_amount == Decimal("2500.00")
    assert application.granted_amount == Decimal("2000.50")


# --- updating what exists ----------------------------------------------------------------------


def test_a_changed_title_updates_the_application_and_logs_it(official, row):
    run(xlsx_bytes([row()]), official)

    report = run(xlsx_bytes([row(Naam_initiatief="Jeu-de-boulesbaan met verlichting")]), official)

    assert (report.created, report.updated) == (0, 1)
    assert report.rows[0].changes[0][1:] == (
        "Jeu-de-boulesbaan bij het dorpshuis",
        "Jeu-de-boulesbaan met verlichting",
    )
    application = Application.objects.get()
    assert application.title == "Jeu-de-boulesbaan met verlichting"
    entry = application.log_entries.last()
    assert entry.transition == "import"
    assert "Naam initiatief" in entry.note


def test_a_new_state_is_reached_through_the_officials_transition_and_logged(
    official, scheme, village, category
):
    application = application_in_state(State.SUBMITTED, scheme=scheme, village=village)
    data = xlsx_bytes(
        [
            make_row(
                scheme,
                application.village,
                application.category,
                Kenmerk=application.reference,
                Naam_initiatief=application.title,
                Organisatie=application.organisation_name,
                Gevraagd_bedrag=application.requested_amount,
                Toegekend_bedrag=1000,
                Status="Toegekend",
                Ingediend_op=timezone.localtime(application.submitted_at).date(),
                Besloten_op=None,
            )
        ]
    )

    report = run(data, official)

    assert report.ok, [str(p) for p in report.problems]
    assert report.updated == 1
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert application.granted_amount == Decimal("1000.00")
    entry = application.log_entries.last()
    assert (entry.transition, entry.actor, entry.to_state) == ("approve", official, State.APPROVED)


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (State.APPROVED, "Ingediend"),  # backwards
        (State.SUBMITTED, "Ingetrokken"),  # only the initiator withdraws
        (State.APPROVED, "Verantwoording ingediend"),  # only the initiator reports
    ],
)
def test_a_state_no_official_can_reach_is_refused(official, scheme, start, target):
    application = application_in_state(start, scheme=scheme)
    before = snapshot()
    data = xlsx_bytes(
        [
            make_row(
                scheme,
                application.village,
                application.category,
                Kenmerk=application.reference,
                Naam_initiatief=application.title,
                Organisatie=application.organisation_name,
                Status=target,
                Gevraagd_bedrag=application.requested_amount,
                Toegekend_bedrag=None,
                Ingediend_op=timezone.localtime(application.submitted_at).date(),
                Besloten_op=None,
            )
        ]
    )

    report = run(data, official)

    problem = next(p for p in report.problems if p.column == "Status")
    assert problem.row == 2
    assert problem.letter == "F"
    assert "niet van" in problem.message
    assert snapshot() == before


def test_the_budget_of_an_initiator_does_not_change_through_a_file(official, scheme):
    application = application_in_state(State.SUBMITTED, scheme=scheme)
    data = xlsx_bytes(
        [
            make_row(
                scheme,
                application.village,
                application.category,
                Kenmerk=application.reference,
                Status="Ingediend",
                Gevraagd_bedrag=9999,
                Toegekend_bedrag=None,
                Ingediend_op=timezone.localtime(application.submitted_at).date(),
                Besloten_op=None,
            )
        ]
    )

    problem = only_problem(run(data, official))

    assert problem.column == "Gevraagd bedrag"
    assert "begroting van de aanvrager" in problem.message
    application.refresh_from_db()
    assert application.requested_amount == Decimal("1200.00")


def test_the_scheme_of_an_existing_application_does_not_change(official, row, village, category):
    run(xlsx_bytes([row()]), official)
    other = FundingSchemeFactory(name="Klimaatfonds")

    problem = only_problem(run(xlsx_bytes([make_row(other, village, category)]), official))

    assert problem.column == "Regeling"
    assert Application.objects.get().scheme.name == "Dorpsinitiatieven"


# --- the budget ceiling ------------------------------------------------------------------------


def test_an_import_over_the_budget_ceiling_is_refused_with_a_row_error(official, row, scheme):
    scheme.yearly_budget = Decimal("5000")
    scheme.save()
    data = xlsx_bytes(
        [
            row(Kenmerk="OUD-1", Toegekend_bedrag=3000),
            row(Kenmerk="OUD-2", Toegekend_bedrag=3000),
            # Another year has its own budget.
            row(
                Kenmerk="OUD-3",
                Toegekend_bedrag=3000,
                Ingediend_op="01-02-2023",
                Besloten_op="01-03-2023",
            ),
        ]
    )

    report = run(data, official)

    problem = only_problem(report)
    assert (problem.row, problem.column) == (3, "Toegekend bedrag")
    assert "Dorpsinitiatieven" in problem.message
    assert "2024" in problem.message
    assert "€ 2.000,00" in problem.message
    assert not Application.objects.exists()


def test_the_ceiling_counts_what_is_already_granted(official, row, scheme):
    scheme.yearly_budget = Decimal("5000")
    scheme.save()
    existing = ApplicationFactory(scheme=scheme)
    Application.objects.filter(pk=existing.pk).update(
        state=State.APPROVED,
        granted_amount=Decimal("4000"),
        decided_at=timezone.make_aware(datetime.datetime(2024, 6, 1, 12)),
    )

    problem = only_problem(run(xlsx_bytes([row(Toegekend_bedrag=1500)]), official))

    assert problem.column == "Toegekend bedrag"
    assert Application.objects.count() == 1


# --- bad files: each gets a clear message and saves nothing ----------------------------------


def test_missing_columns_are_named(official, row):
    headers = [h for h in HEADERS if h not in ("Kern", "Gevraagd bedrag")]

    with pytest.raises(ImportFileError) as caught:
        run(xlsx_bytes([row()], headers=headers), official)

    message = caught.value.problems[0].message
    assert "verplichte kolommen ontbreken" in message
    assert "“Kern”" in message
    assert "“Gevraagd bedrag”" in message


def test_an_unknown_column_is_named_with_its_letter(official, row):
    headers = [*HEADERS, "Opmerking"]

    with pytest.raises(ImportFileError) as caught:
        run(xlsx_bytes([row(Opmerking="x")], headers=headers), official)

    assert "Onbekende kolom “Opmerking” (L)" in caught.value.messages[0]
    assert "Toegestane kolommen" in caught.value.messages[-1]


def test_a_column_twice_is_refused(official, row):
    headers = [*HEADERS, "Kern"]

    with pytest.raises(ImportFileError) as caught:
        run(xlsx_bytes([[*row().values(), "Oosterwolde"]], headers=headers), official)

    assert "twee keer" in caught.value.messages[0]


def test_headers_match_whatever_the_case_and_spacing(official, row):
    headers = [f"  {h.upper()} " for h in HEADERS]
    data = xlsx_bytes([list(row().values())], headers=headers)

    assert run(data, official).created == 1


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("Gevraagd bedrag", "duizend euro", "geen bedrag"),
        ("Gevraagd bedrag", "12,3,4", "geen bedrag"),
        ("Toegekend bedrag", "2000,005", "twee cijfers"),
        ("Ingediend op", "31-02-2024", "geen geldige datum"),
        ("Ingediend op", "gisteren", "geen geldige datum"),
        ("Besloten op", "2024-13-01", "geen geldige datum"),
        ("Status", "Goedgekeurd", "Onbekende status"),
        ("Kenmerk", "OUD 2024 1", "zonder spaties"),
        ("Kenmerk", "DI-2024-42", "DI-2025-0042"),
        ("Naam initiatief", "x" * 201, "hoogstens 200"),
    ],
)
def test_a_wrong_value_is_reported_with_its_row_and_column(official, row, column, value, expected):
    data = xlsx_bytes(
        [row(Kenmerk="OUD-1"), row(**{"Kenmerk": "OUD-2", column.replace(" ", "_"): value})]
    )

    report = run(data, official)

    problem = only_problem(report)
    assert (problem.row, problem.column) == (3, column)
    assert problem.letter == "ABCDEFGHIJK"[HEADERS.index(column)]
    assert expected in problem.message
    assert str(problem).startswith(f"Regel 3, kolom “{column}”")
    assert report.rows[0].action == "create"
    assert report.rows[1].action == "error"
    assert not report.committed
    assert not Application.objects.exists()  # the good first row is not saved either


@pytest.mark.parametrize(
    ("column", "value"),
    [("Regeling", "Onbekende regeling"), ("Kern", "Atlantis"), ("Categorie", "Ruimtevaart")],
)
def test_an_unknown_scheme_village_or_category_is_named(official, row, column, value):
    report = run(xlsx_bytes([row(**{column: value})]), official)

    problem = only_problem(report)
    assert problem.column == column
    assert f"“{value}”" in problem.message
    assert not Application.objects.exists()


def test_names_are_found_by_slug_and_case(official, row):
    report = run(xlsx_bytes([row(Kern="OOSTERWOLDE", Categorie="sport-en-spel")]), official)

    assert report.ok


@pytest.mark.parametrize("value", [-250, "-250", "€ -10,00", -0.01])
@pytest.mark.parametrize("column", ["Gevraagd bedrag", "Toegekend bedrag"])
def test_negative_amounts_are_refused(official, row, column, value):
    report = run(xlsx_bytes([row(**{column.replace(" ", "_"): value})]), official)

    problem = only_problem(report)
    assert problem.column == column
    assert "negatief" in problem.message
    assert not Application.objects.exists()


def test_a_formula_in_a_cell_is_refused(official, row):
    data = xlsx_bytes([row(Gevraagd_bedrag="=2000+500")])

    report = run(data, official)

    problem = only_problem(report)
    assert (problem.row, problem.column, problem.letter) == (2, "Gevraagd bedrag", "H")
    assert "formule" in problem.message
    assert not Application.objects.exists()


def test_a_formula_with_a_cached_value_is_refused_too(official, row):
    # Excel stores the formula and its last result; reading only the result would hide it.
    data = with_cached_formula(xlsx_bytes([row()]), "H2", "SUM(1000,1500)", "2500")

    report = run(data, official)

    problem = only_problem(report)
    assert (problem.row, problem.column) == (2, "Gevraagd bedrag")
    assert "formule" in problem.message
    assert not Application.objects.exists()


def test_a_text_formula_in_a_csv_is_refused(official, row):
    data = csv_bytes([row(Naam_initiatief='=HYPERLINK("http://example.com","klik")')])

    problem = only_problem(run(data, official, name="partner.csv"))

    assert problem.column == "Naam initiatief"
    assert "formule" in problem.message
    assert not Application.objects.exists()


def test_a_file_just_over_the_size_limit_is_refused_before_it_is_read(official, settings):
    limit = importing.max_upload_bytes()
    assert limit == 10 * 1024 * 1024
    upload = SimpleUploadedFile("groot.xlsx", b"PK\x03\x04" + b"\0" * (limit - 3))

    with pytest.raises(ImportFileError) as caught:
        read_upload(upload)

    assert "hoogstens 10,0 MB" in str(caught.value)


def test_a_text_file_renamed_to_xlsx_is_refused(official):
    with pytest.raises(ImportFileError) as caught:
        read_bytes(b"Kenmerk;Naam\nOUD-1;Iets\n", "lijst.xlsx")

    assert "geen geldig Excel-bestand" in str(caught.value)


def test_a_zip_that_is_not_a_workbook_is_refused(official):
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("foto.txt", "geen werkmap")

    with pytest.raises(ImportFileError) as caught:
        read_bytes(output.getvalue(), "lijst.xlsx")

    assert "geen geldig Excel-bestand" in str(caught.value)


def test_a_damaged_workbook_is_refused(official, row):
    data = xlsx_bytes([row()])

    with pytest.raises(ImportFileError) as caught:
        read_bytes(data[: len(data) // 2], "lijst.xlsx")

    assert "geen geldig Excel-bestand" in str(caught.value)


def test_a_binary_file_renamed_to_csv_is_refused():
    with pytest.raises(ImportFileError) as caught:
        read_bytes(b"\x89PNG\r\n\x1a\n\0\0\0IHDR", "lijst.csv")

    assert "geen CSV-bestand" in str(caught.value)


@pytest.mark.parametrize("name", ["lijst.pdf", "lijst", "lijst.xls"])
def test_other_file_types_are_refused(name):
    with pytest.raises(ImportFileError) as caught:
        read_bytes(b"whatever", name)

    assert ".xlsx" in str(caught.value)
    assert ".csv" in str(caught.value)


# --- rows that do not fit the rules ----------------------------------------------------------


def test_a_draft_is_not_imported(official, row):
    problem = only_problem(
        run(xlsx_bytes([row(Status="Concept", Toegekend_bedrag=None, Besloten_op=None)]), official)
    )

    assert problem.column == "Status"
    assert "concept" in problem.message.lower()


def test_a_reference_twice_in_one_file_is_refused(official, row):
    report = run(xlsx_bytes([row(), row()]), official)

    problem = only_problem(report)
    assert (problem.row, problem.column) == (3, "Kenmerk")
    assert "regel 2" in problem.message


def test_an_approved_row_needs_an_amount_and_a_decision_date(official, row):
    report = run(xlsx_bytes([row(Toegekend_bedrag=None, Besloten_op=None)]), official)

    assert {p.column for p in report.problems} == {"Toegekend bedrag", "Besloten op"}


def test_a_required_cell_left_empty_is_named(official, row):
    problem = only_problem(run(xlsx_bytes([row(Organisatie=None)]), official))

    assert problem.column == "Organisatie"
    assert "verplicht" in problem.message


def test_an_unrestricted_village_outside_the_scheme_is_refused(official, row, scheme):
    scheme.villages.add(VillageFactory(name="Westerbork", slug="westerbork"))

    problem = only_problem(run(xlsx_bytes([row()]), official))

    assert problem.column == "Kern"
    assert "geldt niet" in problem.message


def test_only_officials_may_import(row):
    with pytest.raises(ImportFileError):
        run(xlsx_bytes([row()]), EditorFactory())
    assert not Application.objects.exists()


def test_a_reported_import_counts_as_report_received(official, row):
    run(
        xlsx_bytes(
            [row(Status="Afgerond", Verantwoording_ontvangen_op="01-10-2024")],
            headers=[*HEADERS, "Verantwoording ontvangen op"],
        ),
        official,
    )

    report = Report.objects.get()
    assert timezone.localtime(report.submitted_at).date() == datetime.date(2024, 10, 1)
    assert report.accepted_at is not None


def test_data_in_a_column_without_a_name_is_refused(official, row):
    data = xlsx_bytes([[*row().values(), "losse notitie"]], headers=HEADERS)

    with pytest.raises(ImportFileError) as caught:
        run(data, official)

    problem = caught.value.problems[0]
    assert problem.column == "L"
    assert "geen naam" in problem.message


def test_too_many_columns_are_refused(official, row):
    headers = [*HEADERS, *(f"Extra {n}" for n in range(60))]

    with pytest.raises(ImportFileError) as caught:
        run(xlsx_bytes([row()], headers=headers), official)

    assert "te veel" in str(caught.value)


def test_asking_for_report_changes_keeps_the_granted_amount(official, scheme):
    from tests.grants.factories import complete_report

    application = application_in_state(State.REPORTED, official_user=official, scheme=scheme)
    complete_report(application)
    data = xlsx_bytes(
        [
            make_row(
                scheme,
                application.village,
                application.category,
                Kenmerk=application.reference,
                Naam_initiatief=application.title,
                Organisatie=application.organisation_name,
                Status="Toegekend",
                Gevraagd_bedrag=application.requested_amount,
                Toegekend_bedrag=application.granted_amount,
                Ingediend_op=timezone.localtime(application.submitted_at).date(),
                Besloten_op=None,
            )
        ]
    )

    report = run(data, official)

    assert report.ok, [str(p) for p in report.problems]
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert application.log_entries.last().transition == "request_report_changes"


def test_a_50_mb_file_is_refused_without_reading_it():
    class FiftyMegabytes(io.BytesIO):
        name = "alles.xlsx"
        size = 50 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("a file over the limit must not be read")

    with pytest.raises(ImportFileError) as caught:
        read_upload(FiftyMegabytes())

    assert "Het bestand is 50,0 MB; een importbestand mag hoogstens 10,0 MB zijn." in str(
        caught.value
    )


def test_imported_applications_are_found_in_the_officials_search(official, row):
    # Bulk creation sends no post_save: the import indexes its new applications itself.
    from grants.application_search import search_applications

    run(
        xlsx_bytes(
            [
                row(Naam_initiatief="Moestuin achter de kerk"),
                row(Kenmerk="OUD-2024-002", Naam_initiatief="Speeltuin De Hoek"),
            ]
        ),
        official,
    )

    assert [a.reference for a in search_applications(official, "moestuin")] == ["OUD-2024-001"]
    assert [a.reference for a in search_applications(official, "speeltuin")] == ["OUD-2024-002"]


def test_a_dry_run_leaves_nothing_to_find(official, row):
    from grants.application_search import search_applications

    run(xlsx_bytes([row(Naam_initiatief="Moestuin achter de kerk")]), official, dry_run=True)

    assert list(search_applications(official, "moestuin")) == []


def test_a_confirmed_import_refreshes_the_public_page_cache_a_dry_run_does_not(
    official, row, django_capture_on_commit_callbacks
):
    # Bulk creation sends no post_save, which the page cache otherwise listens to.
    from core import caching

    before = caching.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        run(xlsx_bytes([row()]), official, dry_run=True)
    assert caching.current_version() == before

    with django_capture_on_commit_callbacks(execute=True):
        run(xlsx_bytes([row()]), official)
    assert caching.current_version() != before
