"""Behind the TLS proxy the README prescribes, every request comes from the proxy's address.

Measured before: with allauth counting per connection address, ten wrong passwords from one
visitor behind the proxy locked every visitor out for a minute. With ``TRUSTED_PROXY_COUNT``
the limits count the address the proxy saw; without it a forged X-Forwarded-For changes
nothing. (A real proxy in front of gunicorn: tests/core/test_several_processes.py.)"""

import pytest

from core.rate_limits import client_address
from security.models import SecurityEvent
from tests.factories import UserFactory

from .conftest import PASSWORD
from .logins import LOGIN, errors

WRONG = "geraden-wachtwoord"
PROXY = "10.0.0.2"
GUESSER = "203.0.113.7"
NEIGHBOUR = "198.51.100.9"
LOCKED = "Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het over 1 minuut opnieuw."
NOT_CORRECT = "Het e-mailadres of het wachtwoord klopt niet. Controleer ze en probeer het opnieuw."


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "address"),
    [
        (0, "192.0.2.50", None, "192.0.2.50"),
        (0, "192.0.2.50", "203.0.113.7", "192.0.2.50"),  # forged: nobody of ours wrote it
        (1, PROXY, None, PROXY),  # came past the proxy (a probe on the host itself)
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "1.1.1.1, 203.0.113.7", "203.0.113.7"),  # the visitor's own guess ignored
        (1, PROXY, "203.0.113.7:51234", "203.0.113.7"),
        (1, PROXY, "[2001:db8::7]:443", "2001:db8::7"),
        (1, PROXY, "unknown", PROXY),
        (2, PROXY, "1.1.1.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, PROXY, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies
    ],
)
def test_the_client_address(rf, settings, proxies, remote, forwarded, address):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_address(rf.get("/", REMOTE_ADDR=remote, **headers)) == address


def post_login(client, user, password, forwarded_for, remote=PROXY):
    return client.post(
        LOGIN,
        {"login": user.email, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def ten_failures(client, forwarded_for, remote=PROXY):
    """Ten wrong passwords, five each for two accounts: allauth's 10 a minute per address."""
    victims = UserFactory.create_batch(2, verified_email=True)
    for index in range(10):
        address = forwarded_for(index) if callable(forwarded_for) else forwarded_for
        response = post_login(client, victims[index // 5], WRONG, address, remote)
        assert errors(response) == [NOT_CORRECT]


@pytest.mark.django_db
def test_behind_one_proxy_the_guesser_is_locked_out_and_the_neighbour_is_not(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    ten_failures(client, GUESSER)

    third = UserFactory(verified_email=True)
    refused = post_login(client, third, PASSWORD, GUESSER)
    assert errors(refused) == [LOCKED]  # even the right password, from the guesser's address

    neighbour = UserFactory(verified_email=True)
    client.cookies.clear()
    welcome = post_login(client, neighbour, PASSWORD, NEIGHBOUR)
    assert welcome.status_code == 302
    assert welcome.url == "/"

    lockout = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKED_OUT)
    assert lockout.ip_address == GUESSER
    assert lockout.login == third.email


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    # A guesser connecting directly writes a new X-Forwarded-For on every try.
    ten_failures(client, lambda index: f"198.18.0.{index + 1}", remote="192.0.2.50")

    other = UserFactory(verified_email=True)
    refused = post_login(client, other, PASSWORD, "198.18.0.99", remote="192.0.2.50")
    assert errors(refused) == [LOCKED]
    lockout = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKED_OUT)
    assert lockout.ip_address == "192.0.2.50"


@pytest.mark.django_db
def test_behind_a_proxy_left_at_zero_one_guesser_locks_everyone_out(client, settings):
    """What the setting is for: every visitor shares the proxy's address."""
    settings.TRUSTED_PROXY_COUNT = 0
    ten_failures(client, GUESSER)
    neighbour = UserFactory(verified_email=True)
    client.cookies.clear()
    assert errors(post_login(client, neighbour, PASSWORD, NEIGHBOUR)) == [LOCKED]


@pytest.mark.django_db
def test_the_account_limit_holds_whatever_host_name_or_port_the_request_names(client):
    """allauth keyed the account's counter by the Host header, port included: two hosts (or a
    guesser writing :1, :2… after the name) each counted five of their own."""
    account = UserFactory(verified_email=True)
    answers = [
        errors(
            client.post(
                LOGIN,
                {"login": account.email, "password": WRONG},
                HTTP_HOST=f"dorpskracht.example:{8000 + attempt}",
            )
        )
        for attempt in range(6)
    ]
    assert answers == [[NOT_CORRECT]] * 5 + [[LOCKED.replace("1 minuut", "15 minuten")]]
