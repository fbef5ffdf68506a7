"""The business case (RPT-6): its arithmetic by hand, the alternative settings' form, the page and who may open it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import business_case
from funding.alternatives import save_alternative
from funding.cost_models import AlternativeSettingCost
from tests.funding.test_unit_costs import paid  # noqa: F401 (the fixed dataset, as a fixture)
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
D = Decimal
LABELS = {"live_in": "Live-in", "short_break": "Short breaks", "day_support": "Day support"}
PERIOD = "from_day=8&from_month=5&from_year=2026&to_day=30&to_month=6&to_year=2026"


def test_savings_and_three_year_projection_by_hand__RPT_6():
    """RPT-6: alternative £1,450.00 a week; live-in costs £440.96, day support £507.15, short breaks nothing paid.

    Live-in: 1450.00 − 440.96 = 1009.04 a week per person; × 52 = 52470.08 a year; 10 people: 10090.40 a week,
    524700.80 a year. Day support: 1450.00 − 507.15 = 942.85, but 0 people: 0.00. Short breaks: no unit cost.
    Total: 10090.40 + 0.00 = 10090.40 a week; 524700.80 + 0.00 = 524700.80 a year.
    Projection of live-in at 5 more people a year: year n people = 10 + 5n (15, 20, 25);
    saving = people × 1009.04 × 52: 15 × 52470.08 = 787051.20; 20 × = 1049401.60; 25 × = 1311752.00.
    """
    case = business_case.build(
        people={"live_in": 10, "short_break": 4},
        unit_costs={"live_in": (D("440.96"), "from the period"), "day_support": (D("507.15"), "from the period")},
        labels=LABELS,
        alternative=D("1450.00"),
        growth=5,
        projected_kind="live_in",
    )
    live_in, short_breaks, day_support = case.savings
    assert live_in.weekly_per_person.value == D("1009.04")
    assert live_in.weekly_per_person.derivation == "£1,450.00 alternative − £440.96 Shared Lives = £1,009.04 a week"
    assert live_in.yearly_per_person.value == D("52470.08")
    assert (live_in.weekly_total.value, live_in.yearly_total.value) == (D("10090.40"), D("524700.80"))
    assert short_breaks.people == 4 and short_breaks.weekly_per_person.value is None
    assert short_breaks.weekly_total.value is None
    assert day_support.weekly_per_person.value == D("942.85") and day_support.yearly_total.value == D("0.00")
    assert (case.weekly_total.value, case.yearly_total.value) == (D("10090.40"), D("524700.80"))
    assert case.people == 14
    assert [(y.year, y.people.value, y.saving.value) for y in case.projection] == [
        (1, 15, D("787051.20")),
        (2, 20, D("1049401.60")),
        (3, 25, D("1311752.00")),
    ]
    assert case.projection[0].people.derivation == "10 today + 5 a year × 1 = 15"
    assert case.projection[2].saving.derivation == "25 × £1,009.04 × 52 weeks = £1,311,752.00"
    assert all(y.saving.estimate for y in case.projection)


def test_a_type_with_no_unit_cost_projects_no_saving__RPT_6():
    case = business_case.build(
        people={}, unit_costs={}, labels=LABELS, alternative=D("900.00"), growth=2, projected_kind="short_break"
    )
    assert [y.people.value for y in case.projection] == [2, 4, 6]
    assert [y.saving.value for y in case.projection] == [None, None, None]
    assert case.weekly_total.value is None


@pytest.fixture
def alternative(finance_admin):
    return save_alternative(
        by=finance_admin,
        setting="residential_care",
        weekly_cost=D("1450.00"),
        source="Example figure",
        as_of=date(2025, 4, 1),
        is_example=True,
    )


def test_business_case_page_on_the_fixed_dataset__RPT_6(paid, alternative, manager_client):  # noqa: F811
    """RPT-6: on 30 June 2026 two live-in arrangements run (P1 with no band, P3 at band 2; P2 ended on 10 June).
    Live-in costs £440.96 a week over the period (test_unit_costs): 1450.00 − 440.96 = 1009.04 a week per person;
    2 people × 52470.08 = 104940.16 a year; year 1 with 3 more a year: 5 × 52470.08 = 262350.40."""
    url = f"{reverse('funding:business_case')}?{PERIOD}&alternative={alternative.pk}&projected_kind=live_in&growth=3"
    page = manager_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "ESTIMATE" in html and "Residential care (example figure)" in html
    for figure in ("£1,009.04", "£104,940.16", "£262,350.40", "2 today + 3 a year × 1 = 5"):
        assert figure in html


def test_business_case_page_without_inputs_uses_defaults_and_junk_is_explained__RPT_6(alternative, finance_client):
    assert finance_client.get(reverse("funding:business_case")).status_code == 200
    for junk in ("growth=-1", "growth=abc", "alternative=999999&growth=2", "projected_kind=space&growth=1"):
        page = finance_client.get(f"{reverse('funding:business_case')}?{PERIOD}&{junk}")
        assert page.status_code == 200 and "There is a problem" in page.content.decode(), junk


def test_business_case_query_count_is_constant__RPT_6(manager_client, finance_admin):
    def add_rows(n):
        for i in range(n):
            save_alternative(
                by=finance_admin,
                setting="other",
                name=f"Nursing home {i}",
                weekly_cost=D("1800.00"),
                source="Example figure",
                as_of=date(2025, 4, 1),
            )

    assert_constant_queries(manager_client, reverse("funding:business_case"), add_rows, at_most=14)
    assert_constant_queries(manager_client, reverse("funding:alternative_list"), lambda n: None, at_most=12)


@pytest.mark.parametrize(("who", "status"), [("officer_client", 403), ("manager_client", 200), ("finance_client", 200)])
def test_business_case_for_the_management_team_and_finance_only__RPT_6(request, who, status):
    client = request.getfixturevalue(who)
    for name in ("funding:business_case", "funding:alternative_list", "funding:alternative_create"):
        assert client.get(reverse(name)).status_code == status, name


def _post(client, **fields):
    data = {
        "setting": "supported_living",
        "name": "",
        "weekly_cost": "1100.00",
        "source": "Commissioning report 2025",
        "as_of_day": "1",
        "as_of_month": "4",
        "as_of_year": "2025",
    } | fields
    return client.post(reverse("funding:alternative_create"), data)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"weekly_cost": "0"}, "Enter a weekly cost of more than £0.00 (RPT-6)."),
        ({"weekly_cost": "12.345"}, "no more than 2 decimal places"),
        ({"weekly_cost": "lots"}, "Enter an amount in pounds and pence"),
        ({"setting": "other"}, "Enter the name of the setting when it is “Other” (RPT-6)."),
        ({"setting": "castle"}, "Select a valid choice"),
        ({"as_of_year": "2099"}, "today or in the past"),
        ({"as_of_day": "31", "as_of_month": "2"}, "Enter a real date"),
        ({"source": ""}, "Enter"),
    ],
)
def test_alternative_form_validation_with_error_summary__RPT_6(manager_client, fields, message):
    page = _post(manager_client, **fields)
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert message in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert not AlternativeSettingCost.objects.exists()


def test_alternative_added_changed_and_set_aside_with_history__RPT_6(manager_client, finance_client):
    assert _post(manager_client).status_code == 302
    made = AlternativeSettingCost.objects.get()
    assert (made.weekly_cost, made.label) == (D("1100.00"), "Supported living")
    edit = reverse("funding:alternative_edit", args=[made.pk])
    data = {
        "setting": "supported_living",
        "name": "Core and cluster",
        "weekly_cost": "1150.00",
        "source": "Commissioning report 2026",
        "as_of_day": "1",
        "as_of_month": "4",
        "as_of_year": "2026",
        "no_longer_used": "on",
    }
    assert finance_client.post(edit, data).status_code == 302
    made.refresh_from_db()
    assert (made.weekly_cost, made.no_longer_used, made.history.count()) == (D("1150.00"), True, 2)
    # Set aside: no longer offered in the business case, still listed.
    page = finance_client.get(reverse("funding:business_case"))
    assert page.context["alternatives"] == []
    assert "No longer used" in finance_client.get(reverse("funding:alternative_list")).content.decode()
