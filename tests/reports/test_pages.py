"""The Reports pages: who may open them, the period form's errors, the downloads, and a fixed number of queries."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse

from placements import services
from sharedlives.dates import today
from tests.pages import ERROR_SUMMARY
from tests.placements.factories import started_placement
from tests.querycount import assert_constant_queries, count_queries
from tests.reports import world

REPORT_NAMES = ["arrangements", "capacity", "housing_benefit", "cqc"]


@pytest.mark.parametrize("name", ["index", *REPORT_NAMES])
@pytest.mark.parametrize(
    "persona, status",
    [("referrals_officer", 403), ("officer", 403), ("manager", 200), ("finance_admin", 200)],
    indirect=["persona"],
)
def test_reports_are_for_the_management_team_and_finance__RPT_7(client, persona, status, name):
    client.force_login(persona)
    assert client.get(reverse(f"reports:{name}")).status_code == status


def test_an_unknown_format_shows_the_page(client, manager):
    client.force_login(manager)
    response = client.get(f"{reverse('reports:capacity')}?{world.QUERY}&format=pdf")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_the_index_lists_each_report_with_what_it_answers(client, manager):
    client.force_login(manager)
    page = client.get(reverse("reports:index")).content.decode()
    for name in REPORT_NAMES:
        assert f'href="{reverse(f"reports:{name}")}"' in page
    # and the reports built in funding, for whoever may open them (the management team may open all three)
    for name in ("funding:unit_costs", "funding:business_case", "funding:tax_years"):
        assert f'href="{reverse(name)}"' in page


def test_the_index_lists_only_the_reports_elsewhere_a_role_may_open__RPT_5(client, db):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username="reader")
    user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    client.force_login(user)
    page = client.get(reverse("reports:index")).content.decode()
    assert 'href="/reports/arrangements/"' in page
    assert f'href="{reverse("funding:unit_costs")}"' not in page


def test_the_default_period_is_the_twelve_months_ending_today(client, manager):
    client.force_login(manager)
    page = client.get(reverse("reports:arrangements")).content.decode()
    start = today().replace(year=today().year - 1) + timedelta(days=1)
    assert f"over {start.day} {start:%B %Y} to {today().day} {today():%B %Y}" in page
    assert ERROR_SUMMARY not in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("from_day=1&from_month=4&from_year=2026&to_day=1&to_month=3&to_year=2026", "must be after the date it starts"),
        ("from_day=1&from_month=4&from_year=2020&to_day=2&to_month=4&to_year=2026", "at most 5 years"),
        ("from_day=31&from_month=2&from_year=2026&to_day=1&to_month=3&to_year=2026", "Enter a real date"),
        ("from_day=x&from_month=%00&from_year=99999&to_day=1&to_month=3&to_year=2026", "Enter a real date"),
        ("from_day=1&from_month=1&from_year=1900&to_day=1&to_month=3&to_year=1901", "on or after 1 January 1950"),
        ("from_day=1&from_month=1&from_year=2026", "Enter the date the report runs to"),
        ("to_day=1&to_month=1&to_year=2099", "Enter the date the report starts from"),
        ("from_day=1&from_month=1&from_year=2026&to_day=1&to_month=1&to_year=2099", "no more than 5 years from today"),
        ("from_day=-1&from_month=1&from_year=2026&to_day=1&to_month=2&to_year=2026", "Enter a real date"),
        ("from_day=1%00&from_month=1&from_year=2026&to_day=1&to_month=2&to_year=2026", "Enter a real date"),
        (f"from_day={'9' * 5000}&from_month=1&from_year=2026&to_day=1&to_month=2&to_year=2026", "Enter a real date"),
        ("from_day=%D9%A1&from_month=1&from_year=2026&to_day=1&to_month=2&to_year=2026", "Enter a real date"),
    ],
)
def test_a_wrong_period_shows_the_error_summary_never_a_500(client, manager, query, message):
    client.force_login(manager)
    for extra in ("", "&format=csv", "&format=xlsx"):
        response = client.get(f"{reverse('reports:arrangements')}?{query}{extra}")
        page = response.content.decode()
        assert response.status_code == 200 and ERROR_SUMMARY in page and message in page
        assert 'href="#id_' in page  # the summary links to the field


@pytest.fixture
def made(db, officer, second_officer, manager):
    return world.build(officer, second_officer, manager)


def test_the_arrangements_page_draws_its_charts_and_tables__RPT_2(client, manager, made):
    client.force_login(manager)
    page = client.get(f"{reverse('reports:arrangements')}?{world.QUERY}").content.decode()
    assert page.count('role="img"') == 2
    assert "Bar chart of arrangements by type on 31 October 2026" in page
    assert "<title>Starts and endings by month</title>" in page
    assert '<th scope="row" class="govuk-table__header">Live-in</th>' in page
    assert "75.0" in page and "162.0" in page


def test_the_arrangements_csv_has_the_page_figures__RPT_1(client, manager, made):
    client.force_login(manager)
    response = client.get(f"{reverse('reports:arrangements')}?{world.QUERY}&format=csv")
    text = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Period,2026-04-01,2026-10-31" in text
    assert "Live-in,2,100.0,3,75.0,1,91.0" in text
    assert "All arrangements,2,100.0,4,100.0,2,162.0" in text


def test_the_arrangements_xlsx_opens_with_a_sheet_per_table__RPT_1(client, manager, made):
    client.force_login(manager)
    response = client.get(f"{reverse('reports:arrangements')}?{world.QUERY}&format=xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="arrangements-2026-04-01-to-2026-10-31')
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "xl/worksheets/sheet1.xml" in book.namelist() and "xl/worksheets/sheet7.xml" in book.namelist()
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="B4"><v>2</v></c>' in sheet  # live-in on the date: a number, not text
    assert "<v>162</v>" in sheet  # the average length, as a number
    styles = book.read("xl/styles.xml").decode()
    assert "<b/>" in styles  # the heading row's bold


@pytest.mark.parametrize("fmt", ["", "&format=csv", "&format=xlsx"])
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_each_report_runs_a_fixed_number_of_queries(client, manager, officer, name, fmt):
    client.force_login(manager)
    url = f"{reverse(f'reports:{name}')}?{world.QUERY}{fmt}"

    def add(n):
        for _ in range(n):  # an arrangement, its household and a housing benefit application waiting
            placement = started_placement(starts_on=date(2026, 5, 4))
            services.record_housing_benefit_application(
                placement=placement, applied_on=date(2026, 5, 4), by=placement.created_by
            )

    count = assert_constant_queries(client, url, add, at_most=20)
    assert count == count_queries(client, url)[0]


def test_sheet_names_keep_to_excels_rules():
    from sharedlives.xlsxexport import sheet_name as _sheet_name

    used: set[str] = set()
    assert _sheet_name("Recoveries made through carers' payments", used) == "Recoveries made through carers"
    assert _sheet_name("Recoveries made through carers' payments", used) == "Recoveries made through car (2)"
    assert _sheet_name("a/b [c]: d?*", used) == "a b  c   d"
    assert _sheet_name("'''", used) == "Sheet"
