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
