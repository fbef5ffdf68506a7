"""The maintained compliance picture (reviews/picture.py): read instead of recomputing the scheme, and never
trusted after a change to the household's records until it is recomputed (RPT-4, issue 15)."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from carers import services as carer_services
from reviews import compliance, picture, queries, services
from reviews.models import HouseholdPicture, PictureChange, PictureItem
from sharedlives.dates import today
from sharedlives.models import SchemePolicy
from tests.carers.factories import approved_household
from tests.pages import app_url, parsed
from tests.placements.factories import started_placement
from tests.querycount import count_queries

url = app_url("reviews")
TODAY = date(2026, 11, 23)


def _at(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 30))


def _key(o: compliance.Obligation) -> tuple:
    return (o.rule, o.what, o.due_on, o.status, o.household_id, o.officer_id, o.placement_id, o.action_kwargs)


def _live(on: date, officer=None) -> list[tuple]:
    return [_key(o) for o in compliance.outstanding(queries.obligations(officer=officer, on=on))]


def _unvisited_placement(officer, **household):
    """A placement started in September with no contact since: its monthly contact is overdue (REV-2)."""
    return started_placement(starts_on=date(2026, 9, 7), household=approved_household(officer=officer, **household))


def _monthly_contact_overdue(officer, on=TODAY) -> bool:
    return any(o.rule == "REV-2" and o.status == compliance.OVERDUE for o in picture.officer_work(officer, on))


def test_the_picture_reads_what_the_engine_computes__RPT_4(officer, second_officer):
    """After a refresh every household is read from the picture, and the answer is the live engine's."""
    for who in (officer, officer, second_officer):
        _unvisited_placement(who)
    approved_household(officer=officer)  # nothing placed: its own household obligations only
    assert picture.refresh(TODAY) == 4
    assert PictureChange.objects.count() == 0
    assert picture._split(queries.active_households(), TODAY) == (
        sorted(HouseholdPicture.objects.values_list("household_id", flat=True)),
        [],
    )
    assert sorted(_key(o) for o in picture.outstanding(TODAY)) == sorted(_live(TODAY))
    assert sorted(_key(o) for o in picture.outstanding(TODAY, officer=officer)) == sorted(_live(TODAY, officer))
    assert PictureItem.objects.filter(rule="REV-2").count() == 3  # one monthly contact per placement


def test_a_contact_clears_the_overdue_item_at_once__REV_2(officer):
    """The action that clears an item makes the household's picture untrusted in the same transaction: the next
    read computes that household live, before the worker has refreshed it."""
    placement = _unvisited_placement(officer)
    picture.refresh(TODAY)
    assert _monthly_contact_overdue(officer)
    services.log_contact(
        household=placement.household,
        placement=placement,
        method="phone",
        summary="Fine",
        occurred_at=_at(TODAY),
        by=officer,
    )
    assert PictureChange.objects.filter(household_id=placement.household_id).exists()
    assert PictureItem.objects.filter(rule="REV-2").count() == 1  # still there: not yet refreshed …
    assert not _monthly_contact_overdue(officer)  # … but not trusted
    assert picture.refresh(TODAY) == 1  # the worker: only the household that changed
    assert PictureItem.objects.filter(rule="REV-2").count() == 0
    assert not _monthly_contact_overdue(officer)


def test_my_work_and_the_overview_show_the_change_on_the_next_page__RPT_4(officer_client, officer, manager):
    manager_client = Client()
    manager_client.force_login(manager)
    placement = _unvisited_placement(officer, name="O'Brien household")
    picture.refresh(today())
    overview = parsed(manager_client.get(url("overview")))
    assert "Monthly contact" in overview.text
    response = officer_client.post(
        url("log_contact_quick"),
        {"household": placement.household_id, "method": "phone", "summary": "Fine", "next": "/"},
    )
    assert response.status_code == 302, parsed(response).text
    assert PictureChange.objects.filter(household_id=placement.household_id).exists()
    assert "Monthly contact" not in parsed(manager_client.get(url("overview"))).text
    assert "Monthly contact" not in parsed(officer_client.get(url("my_work"))).text


def test_a_new_day_is_computed_live_until_the_nightly_refresh__RPT_4(officer):
    """What is overdue moves with the date: a picture computed yesterday is not trusted today."""
    _unvisited_placement(officer)
    picture.refresh(TODAY)
    tomorrow = TODAY + timedelta(days=1)
    assert picture._split(queries.active_households(), tomorrow)[0] == []
    assert sorted(_key(o) for o in picture.outstanding(tomorrow)) == sorted(_live(tomorrow))
    picture.refresh(tomorrow)
    assert sorted(_key(o) for o in picture.outstanding(tomorrow)) == sorted(_live(tomorrow))


def test_a_policy_change_makes_every_picture_untrusted__REV_5(officer):
    for _ in range(3):
        _unvisited_placement(officer)
    picture.refresh(TODAY)
    policy = SchemePolicy.current()
    policy.monitoring_months = 1
    policy.save()
    assert picture._split(queries.active_households(), TODAY)[0] == []
    assert sorted(_key(o) for o in picture.outstanding(TODAY)) == sorted(_live(TODAY))


def test_a_household_moved_to_ansecond_officer_leaves_the_first_ones_work_at_once(officer, second_officer, manager):
    placement = _unvisited_placement(officer)
    picture.refresh(TODAY)
    carer_services.allocate_officer(placement.household, officer=second_officer, by=manager)
    assert not _monthly_contact_overdue(officer)
    assert _monthly_contact_overdue(second_officer)


def test_a_household_that_left_keeps_no_picture(officer, manager):
    household = approved_household(officer=officer)  # its monitoring visit and appraisal are due (REV-5)
    picture.refresh(TODAY)
    assert PictureItem.objects.filter(household_id=household.pk).exists()
    carer_services.record_leaving(household, left_on=today(), reason="retiring", by=manager)
    household.refresh_from_db()
    assert household.status == "left"
    picture.refresh(TODAY)
    assert not HouseholdPicture.objects.filter(household_id=household.pk).exists()
    assert not PictureItem.objects.filter(household_id=household.pk).exists()
    assert picture.refresh(TODAY) == 0  # and is not recomputed again and again


def test_the_overview_reads_the_picture_in_fewer_queries_than_the_engine__RPT_4(manager_client, officer):
    """Live, the overview gathers the whole scheme's facts (about 20 queries); from the picture it reads three."""
    for _ in range(5):
        _unvisited_placement(officer)
    live, _ = count_queries(manager_client, url("overview"))
    picture.refresh(today())
    from_picture, sql = count_queries(manager_client, url("overview"))
    assert live - from_picture >= 15, "\n".join(sql)


@pytest.mark.django_db(transaction=True)
def test_a_change_during_a_refresh_keeps_the_household_untrusted__RPT_4(officer, monkeypatch):
    """Real threads, separate connections: the refresh has read the waiting changes and is computing when an
    officer's contact commits. The refresh must not mark the household trusted with what it read before."""
    placement = _unvisited_placement(officer)
    computing, contact_saved = threading.Event(), threading.Event()
    engine = queries.obligations

    def slow_engine(**kwargs):
        found = engine(**kwargs)  # read before the contact
        computing.set()
        contact_saved.wait(timeout=30)
        return found

    monkeypatch.setattr(picture.queries, "obligations", slow_engine)

    def refresh():
        try:
            picture.refresh(TODAY)
        finally:
            connection.close()

    worker = threading.Thread(target=refresh)
    worker.start()
    assert computing.wait(timeout=30)
    services.log_contact(
        household=placement.household,
        placement=placement,
        method="phone",
        summary="Fine",
        occurred_at=_at(TODAY),
        by=officer,
    )
    contact_saved.set()
    worker.join(timeout=30)
    monkeypatch.setattr(picture.queries, "obligations", engine)
    assert PictureItem.objects.filter(rule="REV-2").count() == 1  # written from what the refresh read …
    assert PictureChange.objects.filter(household_id=placement.household_id).exists()  # … but not trusted
    assert not _monthly_contact_overdue(officer)
    picture.refresh(TODAY)
    assert PictureItem.objects.filter(rule="REV-2").count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_change_queues_one_refresh_for_the_worker__RPT_4(officer, settings):
    """When a change commits the worker is asked to recompute; while a refresh waits to start, no second is queued
    (it will read this change too). Running it leaves nothing waiting."""
    from django_tasks_db.models import DBTaskResult

    from tests.jobs import run_queued_jobs

    settings.COMPLIANCE_PICTURE_REFRESH = True
    placement = _unvisited_placement(officer)
    for summary in ("First", "Second"):
        services.log_contact(
            household=placement.household,
            placement=placement,
            method="phone",
            summary=summary,
            occurred_at=_at(TODAY),
            by=officer,
        )
    assert (
        DBTaskResult.objects.filter(task_path="reviews.tasks.refresh_compliance_picture", status="READY").count() == 1
    )
    run_queued_jobs()
    assert not PictureChange.objects.exists()
    assert HouseholdPicture.objects.filter(household_id=placement.household_id, computed_for=today()).exists()


def test_the_command_recomputes_the_picture_for_today(officer):
    """`manage.py refresh_compliance_picture`: after a restore or an SQL load, or for a load test without a worker."""
    from io import StringIO

    from django.core.management import call_command

    _unvisited_placement(officer)
    out = StringIO()
    call_command("refresh_compliance_picture", stdout=out)
    assert out.getvalue().startswith("Compliance picture recomputed for 1 households")
    assert HouseholdPicture.objects.filter(computed_for=today()).count() == 1
    call_command("refresh_compliance_picture", "--all", stdout=out)
    assert "recomputed for 1 households" in out.getvalue().splitlines()[-1]


def test_the_overdue_list_reads_the_picture_by_officer_and_rule__RPT_4(manager_client, officer, second_officer):
    """The items behind an overview figure: from the picture, filtered and paged in SQL; hostile filters are
    ignored, never a 500."""
    for who in (officer, officer, officer, second_officer):
        _unvisited_placement(who)
    picture.refresh(today())
    page = parsed(manager_client.get(url("overdue_list"), {"officer": officer.pk, "rule": "REV-2"}))
    assert "3 items overdue today" in page.text  # three placements, one monthly contact each (REV-2)
    everyone = parsed(manager_client.get(url("overdue_list"), {"rule": "REV-2"}))
    assert "4 items overdue today" in everyone.text
    for hostile in ("99999999999999999999", "none'--", "-1", "x" * 5000):
        assert manager_client.get(url("overdue_list"), {"officer": hostile, "rule": hostile}).status_code == 200
