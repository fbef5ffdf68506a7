"""The management team's "Quality and safety" page (SG-6): open items by kind and age, what is overdue (SG-2, SG-3,
SG-4, SG-5), incidents and complaints by month for 12 months as an SVG chart with a table alternative, the CQC
notifications log and CSV exports; a fixed number of queries whatever the row count."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguarding import complaints, queries_quality, services
from sharedlives.dates import today
from tests.pages import csv_rows, parsed
from tests.querycount import assert_constant_queries
from tests.safeguarding.factories import recorded_incident

pytestmark = pytest.mark.django_db


def _month_ago(days: int) -> date:
    return today() - timedelta(days=days)


def _incident(placement, by, days_ago: int = 40):
    moment = timezone.make_aware(datetime.combine(_month_ago(days_ago), datetime.min.time().replace(hour=10)))
    return recorded_incident(placement, by, occurred_at=moment)


def _complaint(placement, by, days_ago: int = 40, kind="complaint"):
    return complaints.record_complaint(
        kind=kind, from_whom="family", about="Visits cancelled.", received_on=_month_ago(days_ago), placement=placement,
        by=by,
    )


def _world(placement, officer):
    incident = _incident(placement, officer)
    services.add_incident_action(
        incident, action="Fit a handrail", owner=officer, due_on=_month_ago(10), by=officer
    )
    _complaint(placement, officer)
    _complaint(placement, officer, days_ago=3, kind="compliment")
    complaints.record_notification(
        kind="serious_injury", event_on=_month_ago(40), incident=incident, by=officer
    )


def test_open_items_overdue_and_months_for_the_management_team__SG_6(
    client, manager, officer, placement, concern_kwargs
):
    _world(placement, officer)
    services.raise_concern(by=officer, **(concern_kwargs | {"raised_on": _month_ago(100)}))
    client.force_login(manager)
    response = client.get(reverse("safeguarding:quality"))
    page = parsed(response)
    rows = {row.kind: row for row in response.context["open_items"]}
    assert rows["Incidents and accidents"].counts == [0, 0, 1, 0]  # 40 days old: 29 to 90 days
    assert rows["Complaints and concerns"].total == 1  # the compliment is not an open complaint
    assert rows["CQC notifications not sent"].total == 1
    overdue = {item.rule for item, _ in response.context["overdue"]}
    assert overdue == {"SG-2", "SG-3", "SG-4", "SG-5"}  # SG-5: the concern not reviewed within a working day
    assert rows["Safeguarding concerns"].counts == [0, 0, 0, 1]
    assert "Incident action: Fit a handrail" in page.text and "Complaint: acknowledgement" in page.text
    months = response.context["months"]
    assert len(months) == 12 and months[-1].start == today().replace(day=1)
    assert sum(m.incidents for m in months) == 1 and sum(m.compliments for m in months) == 1
    html = response.content.decode()
    assert html.count("<rect") == 24 and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert "Incidents, complaints and compliments by month" in page.text  # the table alternative


def test_chart_scales_the_bars_to_the_largest_month():
    months = [queries_quality.Month(date(2026, m, 1)) for m in range(1, 13)]
    months[0].incidents, months[1].complaints = 4, 2
    bars = queries_quality.chart(months)["bars"]
    assert bars[0].height == 200 and bars[3].height == 100 and bars[2].height == 0


def test_csv_exports(client, manager, officer, placement):
    _world(placement, officer)
    client.force_login(manager)
    rows = csv_rows(client.get(reverse("safeguarding:quality_complaints_csv")))
    assert rows[0][:3] == ["id", "kind", "from"] and [r[1] for r in rows[1:]] == ["Complaint", "Compliment"]
    assert csv_rows(client.get(reverse("safeguarding:quality_incidents_csv")))[1][4] == "The garden"
    notifications = csv_rows(client.get(reverse("safeguarding:quality_notifications_csv")))
    assert notifications[1][1] == "Serious injury" and notifications[1][5] == ""


@pytest.mark.parametrize("persona", ["officer", "referrals_officer", "finance_admin"])
def test_only_the_management_team__SG_6(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("safeguarding:quality")).status_code == 403
    assert client.get(reverse("safeguarding:quality_complaints_csv")).status_code == 403


def test_quality_page_queries_do_not_grow_with_rows(client, manager, officer, placement):
    client.force_login(manager)
    # session, user, permissions (2), the policy, open items by age (4), overdue (actions, complaints, notifications,
    # unreviewed concerns: 4), by month (2), the notifications log, navigation groups, the session renewed (3)
    assert_constant_queries(
        client, reverse("safeguarding:quality"), lambda n: [_world(placement, officer) for _ in range(n)], at_most=21
    )
