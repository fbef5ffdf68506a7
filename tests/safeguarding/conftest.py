"""The safeguarding tests' world: a placement with a household whose officer is the `officer` persona."""

from datetime import date

import pytest

from tests.carers.factories import approved_household
from tests.placements.factories import started_placement

RAISED_ON = date(2026, 3, 2)  # a Monday


@pytest.fixture
def household(officer):
    return approved_household(officer=officer)


@pytest.fixture
def placement(household):
    return started_placement(household=household)


@pytest.fixture
def concern_kwargs(placement):
    return dict(
        person=placement.person,
        placement=placement,
        raised_on=RAISED_ON,
        category="physical",
        description="Bruising on the person's upper arm; the person said the carer grabbed them.",
        immediate_actions="The person is staying with their sister tonight.",
    )


@pytest.fixture
def concern_contact(officer, household, placement):
    """Logs the officer's contact with the placement in which a concern was raised (`summary`), as reviews does."""
    from reviews import services as review_services

    def log(summary, method="visit"):
        return review_services.log_contact(
            household=household, placement=placement, method=method, summary=summary, concern_raised=True, by=officer
        )

    return log


@pytest.fixture
def exceptional_ending(officer, placement):
    """Gives the carer's notice ending the placement for an exceptional reason (`why`: "died", "safeguarding"...)."""
    from placements import services as placement_services

    def give(why, given_on):
        return placement_services.give_notice(
            placement=placement,
            given_by="carer",
            reason="exceptional",
            exceptional_ending=why,
            given_on=given_on,
            by=officer,
        )

    return give
