"""``manage.py import_applications``: for scheduled jobs, with progress and an exit status."""

from decimal import Decimal

from django.core.management import CommandError, call_command

import pytest

from grants import importing
from grants.models import Application
from tests.factories import EditorFactory
from tests.grants.factories import (
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
)
from tests.grants.spreadsheet_files import make_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(tmp_path):
    scheme = FundingSchemeFactory(name="Dorpsinitiatieven", yearly_budget=Decimal("50000"))
    village = VillageFactory(name="Oosterwolde", slug="oosterwolde")
    category = CategoryFactory(name="Sport en spel", slug="sport-en-spel")

    def write(*rows, name="partner.xlsx"):
        path = tmp_path / name
        path.write_bytes(
            xlsx_bytes([make_row(scheme, village, category, **values) for values in rows])
        )
        return path

    return write


def run(*args):
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_applications", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_import_with_progress(file):
    official = OfficialFactory()
    rows = [{"Kenmerk": f"OUD-{n}", "Toegekend_bedrag": 100} for n in range(3)]

    out, err, error = run(file(*rows), "--user", official.username)

    assert error is None, err
    assert "partner.xlsx: 3 regels gelezen." in out
    assert "3/3 regels verwerkt" in out
    assert "3 nieuw" in out
    assert "Import opgeslagen." in out
    assert Application.objects.count() == 3
    assert Application.objects.first().log_entries.get().actor == official


def test_dry_run_saves_nothing(file):
    official = OfficialFactory()

    out, _err, error = run(file({}), "--dry-run", "--user", official.email)

    assert error is None
    assert "Proefimport: er is niets opgeslagen." in out
    assert not Application.objects.exists()


def test_problems_are_listed_and_the_command_fails(file):
    official = OfficialFactory()

    _out, err, error = run(file({"Kern": "Atlantis"}), "--user", official.username)

    assert error is not None
    assert "niets opgeslagen" in str(error)
    assert "Regel 2, kolom “Kern” (D): Onbekende kern “Atlantis”" in err
    assert not Application.objects.exists()


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    official = OfficialFactory()
    path = tmp_path / "groot.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * (importing.max_upload_bytes() - 3))

    _out, err, error = run(path, "--user", official.username)

    assert error is not None
    assert "hoogstens 10,0 MB" in err


def test_only_an_official_may_import(file):
    editor = EditorFactory()

    _out, _err, error = run(file({}), "--user", editor.username)

    assert error is not None
    assert "geen ambtenaar" in str(error)
    assert not Application.objects.exists()
