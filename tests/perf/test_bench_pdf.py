"""A household's statement PDF renders in under a second (target from the Funding issue). Run by `make bench`."""

from datetime import date

import pytest
from django.urls import reverse

from funding import schedules
from funding.example_card import publish_example_cards
from tests.carers.factories import approved_household
from tests.placements.factories import started_placement

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def test_statement_pdf_renders_quickly(bench, client, finance_admin, manager):
    publish_example_cards(drafted_by=finance_admin, published_by=finance_admin)
    household = approved_household()
    for starts_on in (date(2026, 9, 7), date(2026, 9, 21), date(2026, 10, 5)):
        started_placement(starts_on=starts_on, household=household)
    schedule = schedules.generate_schedule(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31), by=manager)
    client.force_login(finance_admin)
    url = reverse("funding:statement_pdf", kwargs={"schedule_pk": schedule.pk, "payee_pk": household.pk})
    client.get(url)  # fonts and templates loaded once, as in a running server

    def render():
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        return response

    lines = schedule.lines.filter(household=household).count()
    bench("statement PDF: one household's monthly statement", 1.0, render, repeat=3,
          note=f"{lines} lines, WeasyPrint, through the view")
