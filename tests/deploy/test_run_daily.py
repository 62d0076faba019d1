"""manage.py run_daily: each daily command once a day, whichever host's timer comes first."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

import pytest

from core.models import DailyRun

pytestmark = pytest.mark.django_db


def run_daily():
    out = StringIO()
    call_command("run_daily", stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def one_command(settings):
    settings.DAILY_COMMANDS = ["clean_staged_uploads"]


def test_a_daily_command_runs_once_a_day(settings):
    first = run_daily()
    assert "verwijderd" in first  # the command's own output
    assert "clean_staged_uploads: klaar" in first
    second = run_daily()
    assert "verwijderd" not in second
    assert "vandaag al gedaan" in second
    run = DailyRun.objects.get()
    assert run.day == timezone.localdate()
    assert run.finished_at is not None


def test_the_next_day_it_runs_again():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    DailyRun.objects.create(
        job="clean_staged_uploads",
        day=yesterday,
        started_at=timezone.now() - datetime.timedelta(days=1),
        finished_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert "verwijderd" in run_daily()


def test_a_run_busy_elsewhere_is_left_alone_but_one_that_died_is_taken_over():
    busy = DailyRun.objects.create(
        job="clean_staged_uploads",
        day=timezone.localdate(),
        host="web-2",
        started_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert "vandaag al gedaan of bezig" in run_daily()
    busy.started_at = timezone.now() - datetime.timedelta(hours=7)
    busy.save()
    assert "verwijderd" in run_daily()
    busy.refresh_from_db()
    assert busy.finished_at is not None
    assert busy.host != "web-2"


def test_a_failing_command_gives_its_day_back_and_the_others_still_run(settings):
    settings.DAILY_COMMANDS = ["bestaat_niet", "clean_staged_uploads"]
    with pytest.raises(CommandError, match="bestaat_niet"):
        run_daily()
    assert list(DailyRun.objects.values_list("job", flat=True)) == ["clean_staged_uploads"]
