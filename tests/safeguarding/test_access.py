"""SG-6: safeguarding details are read only by the management team, the household's officer and whoever raised
the record; others see that a record exists, not its content. Proven per role and per object, by URL."""

import pytest
from django.urls import reverse

from safeguarding import access, services
from safeguarding.models import SafeguardingConcern
from tests.pages import parsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(officer, concern_kwargs):
    return services.raise_concern(by=officer, **concern_kwargs)


def test_officer_cannot_read_another_officers_concern_by_url__SG_6(client, concern, second_officer):
    client.force_login(second_officer)
    for name in ("concern_detail", "concern_edit", "concern_referral", "concern_outcome", "concern_ending"):
        assert client.get(reverse(f"safeguarding:{name}", args=[concern.pk])).status_code == 404, name
    response = client.post(reverse("safeguarding:concern_outcome", args=[concern.pk]), {"outcome": "x"})
    assert response.status_code == 404
    assert "Bruising" not in client.get(reverse("safeguarding:concern_list")).content.decode()


def test_household_officer_reads_a_concern_someone_else_raised__SG_6(client, officer, second_officer, concern_kwargs):
    concern = services.raise_concern(by=second_officer, **concern_kwargs)  # officer is the household's officer
    client.force_login(officer)
    assert client.get(reverse("safeguarding:concern_detail", args=[concern.pk])).status_code == 200


def test_raiser_reads_their_own_concern_about_another_household__SG_6(client, second_officer, concern_kwargs):
    concern = services.raise_concern(by=second_officer, **concern_kwargs)
    client.force_login(second_officer)
    assert client.get(reverse("safeguarding:concern_detail", args=[concern.pk])).status_code == 200
    assert access.readable_by(second_officer, SafeguardingConcern.objects.all()).count() == 1


@pytest.mark.parametrize("persona", ["manager", "superuser"])
def test_management_reads_every_concern__SG_6(client, request, concern, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("safeguarding:concern_detail", args=[concern.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["referrals_officer", "finance_admin"])
def test_others_see_only_that_a_record_exists__SG_6(client, request, concern, placement, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("safeguarding:concern_detail", args=[concern.pk])).status_code == 403
    page = parsed(client.get(reverse("placements:person_detail", args=[placement.person_id]))).text
    assert "Safeguarding and incidents" in page
    assert "1 record, restricted" in page
    assert "Bruising" not in page and "physical" not in page.lower()


def test_household_page_shows_the_concern_to_its_officer_and_restricted_to_another__SG_6(
    client, concern, household, officer, second_officer
):
    url = reverse("carers:household_detail", args=[household.pk])
    client.force_login(officer)
    assert "Safeguarding concern raised" in parsed(client.get(url)).text
    client.force_login(second_officer)
    text = parsed(client.get(url)).text
    assert "1 record, restricted" in text and "Safeguarding concern raised" not in text


def test_section_queries_do_not_grow_with_records__SG_6(client, second_officer, officer, placement, concern_kwargs):
    """The person page as an officer who may read some records: the readable concerns and incidents, and one count
    of each kind for the rest, whatever the number."""
    from tests.querycount import assert_constant_queries

    def add(n):
        for i in range(n):
            services.raise_concern(by=second_officer if i % 2 else officer, **concern_kwargs)

    client.force_login(second_officer)
    assert_constant_queries(client, reverse("placements:person_detail", args=[placement.person_id]), add, at_most=21)
