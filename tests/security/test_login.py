"""One login for the site, the Wagtail admin and Django's admin: allauth's, with its limits.

Measured before: 30 wrong passwords on /admin/login/ for an official, then the right one got in."""

import pytest

from .conftest import PASSWORD
from .logins import LOGIN, SECOND_STEP, admin_home, errors, post_code, post_password

WRONG = "geraden-wachtwoord"
ENTRY_PATHS = ["/account/login/", "/admin/login/", "/django-admin/login/"]


def login_form_behind(client, entry):
    """Where a person who opens ``entry`` ends up typing their password."""
    response = client.get(entry, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == LOGIN
    return response


@pytest.mark.parametrize("entry", ENTRY_PATHS)
def test_every_login_path_locks_after_five_wrong_passwords_even_for_the_right_one(
    client, clock, official, entry
):
    page = login_form_behind(client, entry)
    assert 'name="login"' in page.content.decode()
    for _ in range(5):
        response = post_password(client, official, WRONG)
        assert response.status_code == 200
        assert errors(response) == [
            "Het e-mailadres of het wachtwoord klopt niet. Controleer ze en probeer het opnieuw."
        ]

    response = post_password(client, official)
    assert response.status_code == 200  # the right password, refused
    assert errors(response) == [
        "Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het over 15 minuten opnieuw."
    ]
    assert "_auth_user_id" not in client.session

    clock.advance(minutes=14)
    response = post_password(client, official)
    assert errors(response) == [
        "Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het over 1 minuut opnieuw."
    ]

    clock.advance(minutes=1.1)
    response = post_password(client, official)
    assert response.status_code == 302
    assert response.url == SECOND_STEP
    post_code(client)
    assert client.get(admin_home()).status_code == 200


@pytest.mark.parametrize("entry", ["/admin/login/", "/django-admin/login/"])
def test_the_admin_login_pages_take_no_password_themselves(client, superuser, entry):
    response = client.post(entry, {"username": superuser.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN}?next=")
    assert "_auth_user_id" not in client.session
    assert client.get(admin_home()).status_code == 302


def test_the_admin_sends_an_anonymous_visitor_to_the_one_login_and_back(client, official):
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0] == f"{LOGIN}?next=/admin/pages/"
    response = client.post(
        f"{LOGIN}?next=/admin/pages/", {"login": official.email, "password": PASSWORD}
    )
    assert response.url == SECOND_STEP
    response = post_code(client)
    assert response.url == "/admin/pages/"


def test_django_admin_is_for_superusers_only(client, official, superuser, initiator):
    for refused in (official, initiator):
        client.force_login(refused)
        response = client.get("/django-admin/", follow=True)
        assert response.status_code == 403
        assert response.redirect_chain == [("/django-admin/login/?next=/django-admin/", 302)]
    client.force_login(superuser)
    assert client.get("/django-admin/").status_code == 200


def test_a_logged_in_initiator_asking_for_the_admin_login_is_refused_not_looped(client, initiator):
    client.force_login(initiator)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1  # /admin/ -> /admin/login/ -> 403, no loop


def test_wagtails_own_password_reset_is_gone(client, db):
    assert client.get("/admin/password_reset/").status_code == 404
