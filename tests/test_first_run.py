"""The newcomer's first run (`make run`): load_demo_content prints its progress and ends with every
demo account, without the INFO lines of the task queue and Wagtail; warnings still show."""

import io
import logging

from django.core.management import call_command

import pytest

from demo.grants import DEMO_PASSWORD, USERS
from demo.home import DEMO_ADMIN, DEMO_ADMIN_EMAIL
from demo.management.commands.load_demo_content import CHATTY_LOGGERS, warnings_only
from demo.second_factor import DEMO_TOTP_SECRET


@pytest.mark.django_db
def test_load_demo_content_prints_progress_then_every_account_and_no_info_logging(caplog):
    caplog.set_level(logging.INFO)  # as in development: without the quieting, INFO gets through
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    lines = out.getvalue().splitlines()

    heading = lines.index("Demo-accounts (alleen voor lokaal gebruik):")
    expected = [f"  Beheerder: {DEMO_ADMIN_EMAIL} / {DEMO_ADMIN[1]}"]
    expected += [f"  {spec.role}: {spec.email} / {DEMO_PASSWORD}" for spec in USERS.values()]
    accounts = lines[heading + 1 : heading + 1 + len(expected)]
    assert accounts == expected
    # Last, the second factor of the two admin accounts.
    assert DEMO_TOTP_SECRET in " ".join(lines[heading + 1 + len(expected) :])
    assert lines[heading - 1] == "Demo-inhoud geladen."
    assert "Dorpsinitiatieven: demo-accounts en aanvragen…" in lines
    assert "Zoekindex bijwerken…" in lines
    # Before: 872 lines on the terminal, 713 of them INFO log lines.
    assert len(lines) < 200
    chatter = [r for r in caplog.records if r.name.startswith(CHATTY_LOGGERS)]
    assert [r for r in chatter if r.levelno < logging.WARNING] == []


def test_the_chatty_loggers_keep_their_warnings_and_errors_and_get_their_level_back(caplog):
    caplog.set_level(logging.INFO)
    tasks = logging.getLogger("django_tasks")
    level = tasks.level
    with warnings_only(CHATTY_LOGGERS):
        tasks.info("task ran")
        tasks.warning("task slow")
        logging.getLogger("wagtail.images").error("rendition failed")
    tasks.info("task ran after")

    seen = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert ("django_tasks", "INFO", "task ran") not in seen
    assert ("django_tasks", "WARNING", "task slow") in seen
    assert ("wagtail.images", "ERROR", "rendition failed") in seen
    assert ("django_tasks", "INFO", "task ran after") in seen
    assert tasks.level == level
