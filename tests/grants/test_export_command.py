"""``manage.py export_applications``: for scheduled jobs, with progress output."""

import io

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from grants.models import State
from tests.grants.factories import FundingSchemeFactory, application_in_state
from tests.grants.spreadsheet_files import read_csv, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme():
    scheme = FundingSchemeFactory(name="Dorpsinitiatieven", slug="dorpsinitiatieven")
    application_in_state(State.APPROVED, scheme=scheme, title="Speeltuin De Hoek")
    application_in_state(State.SUBMITTED, scheme=scheme, title="Moestuin Oost")
    application_in_state(State.SUBMITTED, title="Elders")
    return scheme


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_applications", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_xlsx_of_a_scheme_and_year_with_progress(scheme, tmp_path):
    target = tmp_path / "export" / "aanvragen.xlsx"

    out, _err = run(
        "--scheme", "dorpsinitiatieven", "--year", timezone.localdate().year, "--output", target
    )

    rows = read_xlsx(target.read_bytes())
    assert sorted(r[1] for r in rows[1:]) == ["Moestuin Oost", "Speeltuin De Hoek"]
    assert "aanvragen: 2/2 regels" in out
    assert "2 regels geëxporteerd (xlsx)" in out
    assert not list(target.parent.glob("*.part"))


def test_budget_lines_as_csv(scheme, tmp_path):
    target = tmp_path / "regels.csv"

    run("--scheme", "Dorpsinitiatieven", "--budget-lines", "--output", target)

    rows = read_csv(target.read_bytes())
    assert rows[0][:2] == ["Kenmerk", "Naam initiatief"]
    assert len(rows) == 5


def test_another_year_gives_an_empty_file(scheme, tmp_path):
    target = tmp_path / "leeg.csv"

    out, _err = run("--scheme", scheme.pk, "--year", 2001, "--output", target)

    assert len(read_csv(target.read_bytes())) == 1
    assert "0 regels geëxporteerd" in out


def test_an_unknown_scheme_is_named(scheme, tmp_path):
    with pytest.raises(CommandError, match="Onbekende regeling “bestaat-niet”"):
        run("--scheme", "bestaat-niet", "--output", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
