"""The outage page itself (core/outage.py), fast: what it shows for a form post, and that
building it asks the database nothing. The real outage (PostgreSQL stopped under gunicorn) is
tests/outage, run by .ci/outage.sh."""

from django.db import OperationalError
from django.middleware.csrf import get_token
from django.test import RequestFactory

import pytest

from core.outage import OutageMiddleware


@pytest.fixture
def posted():
    request = RequestFactory().post(
        "/aanvragen/nieuw/?x=1",
        {
            "title": "<script>alert(1)</script>",
            "password": "geheim-wachtwoord",
            "budget-TOTAL_FORMS": "3",
            "empty": "",
        },
    )
    get_token(request)
    return request


def test_a_form_post_comes_back_with_its_values_and_no_password(posted):
    # No django_db mark: pytest-django fails the test if building the page touches the database.
    middleware = OutageMiddleware(lambda request: None)
    response = middleware.process_exception(posted, OperationalError("connection refused"))

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert 'action="/aanvragen/nieuw/?x=1"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html
    assert "<script>" not in html
    assert "geheim-wachtwoord" not in html
    assert 'type="password"' in html
    assert '<input type="hidden" name="budget-TOTAL_FORMS" value="3">' in html
    assert 'name="csrfmiddlewaretoken" value="' in html
    assert "Opnieuw versturen" in html


def test_other_errors_are_left_alone(posted):
    assert OutageMiddleware(lambda request: None).process_exception(posted, ValueError()) is None
