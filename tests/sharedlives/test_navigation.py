"""The service navigation: one entry per destination, the current section alone highlighted; the inbox's words."""

import pytest
from django.urls import reverse
from django.utils import timezone

from sharedlives import approvals
from sharedlives.approvals import PendingApproval
from tests.pages import parsed

ROLES = ["referrals_officer", "officer", "manager", "finance_admin", "superuser"]


def _navigation(client, path):
    return parsed(client.get(path), within="navigation")


@pytest.mark.parametrize("persona", ROLES, indirect=True)
def test_one_entry_per_destination_and_home_is_one_of_them(client, persona):
    """The role's home ("/") is the page one entry already names (My work, Overview, Referrals): it is not listed
    twice; the service name in the header links home."""
    client.force_login(persona)
    nav = _navigation(client, "/")
    hrefs = [href for _, href in nav.links]
    assert len(hrefs) == len(set(hrefs)), nav.links
    assert "Home" not in [text for text, _ in nav.links]
    assert ("Shared Lives", "/") in parsed(client.get("/"), within="header").links


@pytest.mark.parametrize(
    ("persona", "current"),
    [
        # Each role's home is the page its entry names, so that entry is the current one on "/".
        ("referrals_officer", "/referrals/"),
        ("officer", "/my-work/"),
        ("manager", "/overview/"),
    ],
    indirect=["persona"],
)
def test_on_home_the_homes_own_entry_is_current(client, persona, current):
    client.force_login(persona)
    assert _navigation(client, "/").current_items == [current]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/households/caseloads/", "/households/caseloads/"),  # not Households as well
        ("/households/", "/households/"),
        ("/approvals/", "/approvals/"),
        ("/my-work/", "/my-work/"),
    ],
)
def test_only_the_current_section_is_highlighted(manager_client, path, current):
    assert _navigation(manager_client, path).current_items == [current]


def test_the_inbox_separates_the_kind_from_the_summary(manager_client):
    approvals.register_approval_source(
        "test",
        lambda user: [PendingApproval("Banding", "Band 3 proposed", "/x", "Olivia Hughes", timezone.now())],
    )
    try:
        text = parsed(manager_client.get(reverse("approvals"))).text
    finally:
        approvals._sources.pop("test")
    assert "BandingBand" not in text
    assert "Banding: Band 3 proposed" in text
