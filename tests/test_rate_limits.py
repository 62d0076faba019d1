"""How a rate-limit refusal says how long to wait: in words a visitor reads at once."""

from django.utils import translation

import pytest

from core.rate_limits import describe_wait


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 seconde"),
        (40, "40 seconden"),
        (60, "1 minuut"),
        (61, "2 minuten"),
        (900, "15 minuten"),
    ],
)
def test_the_wait_in_dutch(seconds, words):
    with translation.override("nl"):
        assert describe_wait(seconds) == words
