import time
from unittest import mock

import pytest

from tests.factories import UserFactory
from tests.grants.factories import OfficialFactory

PASSWORD = "wachtwoord-123"  # tests.factories.UserFactory's


class Clock:
    """Moves time.time() forward: allauth's rate limits, the cache's expiry and the TOTP codes
    all read it, so a 15-minute wait takes no time."""

    def __init__(self):
        self.offset = 0

    def advance(self, minutes):
        self.offset += minutes * 60


@pytest.fixture
def clock():
    real_time = time.time
    moved = Clock()
    with mock.patch("time.time", side_effect=lambda: real_time() + moved.offset):
        yield moved


@pytest.fixture
def official(db):
    """An official who set up two factors (the factory's TOTP_SECRET)."""
    return OfficialFactory(verified_email=True)


@pytest.fixture
def new_official(db):
    """An official who has not set up two factors yet."""
    return OfficialFactory(verified_email=True, second_factor=False)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, verified_email=True)


@pytest.fixture
def initiator(db):
    return UserFactory(verified_email=True)
