"""Scheme policy defaults and history on every model (AUD-1)."""

import pytest
from django.apps import apps
from django.template import Context, Template
from django.test import RequestFactory

from sharedlives.models import SchemePolicy
from tests.pages import parsed

AUDITED_APPS = ["sharedlives", "carers", "placements", "funding", "reviews"]


def test_policy_defaults_are_hampshires(db):
    policy = SchemePolicy.current()
    assert policy.initial_period_days == 28
    assert policy.initial_review_days == 28
    assert policy.notice_weeks_after_initial_period == 8
    assert policy.respite_nights_per_year == 21
    assert policy.caseload_guide == 20
    assert policy.introduction_overnight_stays == 2
    assert policy.people_per_household == 3


def test_policy_is_one_row(db):
    from django.core.exceptions import ValidationError

    SchemePolicy.current()
    with pytest.raises(ValidationError):
        SchemePolicy(scheme_name="Second").full_clean()


def test_every_model_keeps_history__AUD_1():
    """Every model of the four domain apps and the core has django-simple-history attached, except the tables
    derived from them (the maintained compliance picture: `derived = True`), which staff never write."""
    missing = [
        model._meta.label
        for app in AUDITED_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        and not hasattr(model, "history")
        and not getattr(model, "derived", False)
    ]
    assert missing == []


def test_staff_accounts_keep_history_without_passwords__AUD_1(officer):
    record = officer.history.first()
    assert record is not None
    assert not hasattr(record, "password")


def test_admin_change_records_the_acting_user__AUD_1(client, superuser):
    policy = SchemePolicy.current()
    client.force_login(superuser)
    form = {
        "scheme_name": "Hampshire Shared Lives",
        "initial_period_days": 28,
        "initial_review_days": 28,
        "notice_weeks_after_initial_period": 8,
        "respite_nights_per_year": 21,
        "caseload_guide": 20,
        "introduction_overnight_stays": 2,
        "people_per_household": 3,
        "probation_months": 12,
        "payment_period": "monthly",
        "monitoring_visit": "any_in_person",
        "monitoring_months": 3,
        "yearly_review_months": 12,
        "probation_contact_days": 14,
        "correction_window_days": 7,
        "check_warning_days": "90,30,7",
        "complaint_acknowledgement_days": 3,
        "complaint_response_days": 20,
    }
    response = client.post(f"/admin/sharedlives/schemepolicy/{policy.pk}/change/", form)
    assert response.status_code == 302
    latest = policy.history.first()
    assert latest.history_user == superuser
    assert latest.scheme_name == "Hampshire Shared Lives"


def test_history_section_shows_who_when_and_old_to_new__AUD_1(officer, django_assert_max_num_queries):
    policy = SchemePolicy.current()
    for weeks in (8, 4, 6):
        policy.notice_weeks_after_initial_period = weeks
        policy._history_user = officer
        policy.save()
    request = RequestFactory().get("/")
    with django_assert_max_num_queries(1):
        html = Template("{% history_section policy %}").render(Context({"policy": policy, "request": request}))
    assert "Olivia Hughes" in html
    assert "Notice weeks after initial period" in html
    assert "4 → 6" in html
    assert "8 → 4" in html


def test_history_section_shows_related_records_by_name_in_one_query_per_kind__AUD_1(
    officer, django_assert_max_num_queries
):
    """A page's History may show its related records' changes (a placement's notice and claims): each entry names
    its record, newest first across them all, one query per kind of record however many there are."""
    from carers.models import TrainingCourse
    from sharedlives.history import save_with_history

    policy = SchemePolicy.current()
    courses = list(TrainingCourse.objects.order_by("pk")[:3])
    for course in courses:
        course.renewal_months = 24
        save_with_history(course, "course.corrected: typed 12", by=officer)
    policy.notice_weeks_after_initial_period = 6
    save_with_history(policy, "policy.changed", by=officer)
    request = RequestFactory().get("/")
    context = Context({"policy": policy, "courses": courses, "request": request})
    with django_assert_max_num_queries(2):
        html = Template("{% history_section policy related=courses %}").render(context)
    text = parsed(html, within="history-table").text
    assert text.count("Course corrected (typed 12)") == 3
    name = str(courses[0])
    assert f"{name[:1].upper() + name[1:]}: Course corrected" in text
    assert text.index("Policy changed") < text.index("Course corrected (typed 12)")  # newest first
    with django_assert_max_num_queries(1):
        only_related = Template("{% history_section related=courses %}").render(context)
    text = parsed(only_related, within="history-table").text
    assert "Policy changed" not in text and text.count("Course corrected (typed 12)") == 3


def test_history_rows_say_what_happened_in_words_with_uk_dates__AUD_1(client, officer):
    """AUD-1: "Household created", "Household edited", not the services' codes; 26 November 2026 14:05, never
    2026-11-26 14:05:33.123456."""
    import re

    from django.urls import reverse

    from carers import services
    from tests.carers.factories import HouseholdFactory

    household = services.create_household(
        by=officer,
        **{f: getattr(HouseholdFactory.build(), f) for f in ("name", "address_line_1", "town", "postcode", "area")},
    )
    services.update_household(household, by=officer, area="Basingstoke")
    client.force_login(officer)
    text = parsed(client.get(reverse("carers:household_detail", args=[household.pk])), within="history-table").text
    assert "Household created" in text and "Household edited" in text
    assert "household." not in text and "(" not in text
    # "j F Y H:i": day, month name, four-digit year, hours:minutes, nothing after the minutes.
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2} Olivia Hughes", text), text
    assert not re.search(r"\d{2}:\d{2}:\d{2}|\.\d{6}", text)


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("household.updated", ("Household edited", "")),
        ("household.leaving_corrected: The month was mistyped", ("Leaving date corrected", "The month was mistyped")),
        ("referral.sent_to_panel", ("Referral sent to panel", "")),
        ("hb.awarded", ("Housing benefit claim awarded", "")),
        ("", ("Carer household edited", "")),  # no code: the record's own name
        ("Typed by hand", ("Carer household edited", "Typed by hand")),
    ],
)
def test_history_codes_read_as_words(reason, words):
    from sharedlives.history import describe_change

    assert describe_change(reason, "carer household", "~") == words


def test_history_shows_a_changed_moment_to_the_minute():
    from datetime import UTC, datetime

    from sharedlives.history import when

    # 14:05:33.123456 UTC on 26 November is 14:05 in London (GMT in November).
    assert when(datetime(2026, 11, 26, 14, 5, 33, 123456, tzinfo=UTC)) == "26 November 2026 14:05"
