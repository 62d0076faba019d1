"""One money parser: Dutch notation in, cents out; ambiguous input refused with a sentence that
says how to write it, in the initiator's budget, the report's actual costs and the admin."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from grants.models import Application, BudgetLine, State
from grants.money import parse_euro
from tests.grants.factories import (
    CategoryFactory,
    FundingSchemeFactory,
    VillageFactory,
    application_in_state,
)
from tests.grants.initiator_support import application_data, apply_in_steps, management


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("€ 1.234", "1234"),
        ("1234", "1234"),
        ("125.000", "125000"),
        ("250,-", "250"),
        ("EUR 75,5", "75.50"),
        ("12.50", "12.50"),  # a dot with cents can only be a decimal point
        ("1,250.50", "1250.50"),  # both separators: English, and unambiguous
        (1250, "1250"),
        (Decimal("99.9"), "99.90"),
        (12.5, "12.50"),  # a spreadsheet's number
    ],
)
def test_accepted_notations(typed, expected):
    assert parse_euro(typed) == Decimal(expected)


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_is_none(empty):
    assert parse_euro(empty) is None


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("0.001", "hoogstens twee cijfers achter de komma"),
        ("12,345", "hoogstens twee cijfers achter de komma"),
        ("1250.505", "hoogstens twee cijfers achter de komma"),
        (Decimal("1.005"), "hoogstens twee cijfers achter de komma"),
        ("1.2.3", "“1.2.3” is geen bedrag"),
        ("1,2,3", "“1,2,3” is geen bedrag"),
        ("1.25.0", "is geen bedrag"),
        ("veel", "bijvoorbeeld 1250 of 1.250,50"),
        ("NaN", "is geen bedrag"),
        (True, "is geen bedrag"),
        ("-5", "Een bedrag kan niet negatief zijn."),
        ("1000000,01", "Dit bedrag is te hoog: het mag hoogstens € 1.000.000 zijn."),
    ],
)
def test_refused_with_how_to_write_it(typed, says):
    with pytest.raises(ValidationError) as excinfo:
        parse_euro(typed)
    assert says in excinfo.value.messages[0]


@pytest.mark.django_db
def test_a_budget_line_of_0_001_is_refused_not_stored_as_one_euro(client, django_user_model):
    user = django_user_model.objects.create_user("anna", "anna@example.nl", "x")
    client.force_login(user)
    choices = (FundingSchemeFactory(), VillageFactory(), CategoryFactory())
    data = application_data(*choices, budget=[("cost", "Zaden", "0.001")])

    response, _reference = apply_in_steps(client, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "hoogstens twee cijfers achter de komma" in html
    assert 'value="0.001"' in html  # what was typed stays
    assert not Application.objects.get().budget_lines.exists()


@pytest.mark.django_db
def test_an_actual_cost_of_0_001_is_refused_in_the_report(client):
    application = application_in_state("approved")
    client.force_login(application.owner)
    line = application.budget_lines.first()
    url = reverse("grants:application_report", args=[application.reference])
    data = {
        "story": "Gelukt.",
        "people_reached": "30",
        "action": "save",
        **management("actual", 1, initial=1),
        **management("saved_photos", 0, initial=0),
        **management("photos", 0),
        "actual-0-id": str(line.pk),
        "actual-0-actual_amount": "0.001",
    }
    for other in application.budget_lines.exclude(pk=line.pk):
        other.delete()

    response = client.post(url, data)

    assert response.status_code == 200
    assert "hoogstens twee cijfers achter de komma" in response.content.decode()
    assert BudgetLine.objects.get(pk=line.pk).actual_amount is None
    assert Application.objects.get(pk=application.pk).state == State.APPROVED
