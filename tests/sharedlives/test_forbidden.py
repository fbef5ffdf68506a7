"""A refused page (403) is a page of the service, and links to actions a role cannot take are not shown."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from carers import services
from sharedlives.dates import today
from tests.carers.factories import SupportCarerFactory, approved_household, course
from tests.pages import parsed
from tests.placements.factories import started_placement


@pytest.fixture
def household(officer):
    """Expired training (a Renew link), missing courses (Record links), no carer agreement, a support carer."""
    household = approved_household(officer=officer, name="The Okafor family")
    services.record_training(
        carer=household.carers.get(),
        course=course("First aid"),
        completed_on=date(2023, 12, 1),
        expires_on=today() - timedelta(days=1),
        by=officer,
    )
    SupportCarerFactory(household=household)
    return household


@pytest.mark.parametrize(
    ("persona", "url_name", "who"),
    [
        # The roles named are those whose ROLE_PERMISSIONS (composition/site.py) hold the view's permission.
        ("finance_admin", "carers:household_create", "Only the Shared Lives officer or Management team roles"),
        ("referrals_officer", "approvals", "Only the Management team role"),
        ("officer", "carers:caseloads", "Only the Management team role"),
        ("manager", "funding:ratecard_create", "Only the Finance admin role"),
    ],
    indirect=["persona"],
)
def test_a_refused_page_is_inside_the_layout_with_a_way_back_and_who_can(client, persona, url_name, who):
    client.force_login(persona)
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    whole = parsed(response, within=None)
    main = parsed(response)
    assert "Shared Lives" in whole.text and "Sign out" in whole.text  # the layout: header and account bar
    assert ("Shared Lives", reverse("home")) in parsed(response, within="header").links
    assert main.text.startswith("You cannot open this page")
    assert f"{who} can do this." in main.text
    assert ("Go to your home page", reverse("home")) in main.links


def test_finance_does_not_see_renew_or_record_on_a_households_training(client, finance_admin, household):
    client.force_login(finance_admin)
    page = parsed(client.get(reverse("carers:household_detail", args=[household.pk])))
    texts = [text for text, _ in page.links]
    assert not [text for text in texts if text.startswith(("Renew", "Record", "Edit", "Add"))], texts


def _record_pages(household) -> list[str]:
    placement = started_placement(household=household)
    return [
        reverse("carers:household_detail", args=[household.pk]),
        reverse("placements:placement_detail", args=[placement.pk]),
        reverse("placements:person_detail", args=[placement.person_id]),
        reverse("placements:referral_detail", args=[placement.referral_id]),
    ]


@pytest.mark.parametrize(
    "persona", ["referrals_officer", "officer", "manager", "finance_admin", "superuser"], indirect=True
)
def test_no_link_on_a_record_page_leads_to_a_refusal(client, persona, household):
    """Every link on the household, placement, person and referral pages, followed as this role: none answers 403
    (a page the role cannot open at all is left out: its own 403 is the answer)."""
    client.force_login(persona)
    refused = []
    for url in _record_pages(household):
        response = client.get(url)
        if response.status_code == 403:
            continue
        refused += [
            (url, text, href)
            for text, href in parsed(response, within=None).links
            if href.startswith("/")
            and not href.startswith(("/static/", "/admin/"))
            and client.get(href).status_code == 403
        ]
    assert refused == []
