"""How the permission grid fills each URL argument: a factory object's key, by argument name.

Add an entry when a URL takes a new kind of argument; the grid test itself never changes.
Objects that belong together (a carer and the household in the same URL) are built around one household,
kept on the test item while the test runs.
"""

from collections.abc import Callable
from datetime import timedelta

from tests.grid_objects import grid_household


def _carer_pk(request):
    return grid_household(request).carers.first().pk  # approved_household() adds the main carer


def _support_carer_pk(request):
    from tests.carers.factories import SupportCarerFactory

    return SupportCarerFactory(household=grid_household(request)).pk


def _member_pk(request):
    from datetime import date

    from carers.models import HouseholdMember

    household = grid_household(request)
    return HouseholdMember.objects.create(
        household=household, first_name="Sam", last_name="Okafor", date_of_birth=date(2011, 12, 10)
    ).pk


def _break_pk(request):
    """A 22-night break: one night over the 21-night allocation, so it waits for a decision (RES-1)."""
    from carers import services
    from carers.models import BreakCover
    from sharedlives import roles
    from sharedlives.dates import financial_year_start, today
    from tests.factories import UserFactory

    starts_on = financial_year_start(today())
    carer_break = services.record_break(
        household=grid_household(request),
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=22),
        cover=BreakCover.NOT_NEEDED,
        extra_reason="x",
        by=UserFactory(role=roles.SHARED_LIVES_OFFICER),
    )
    return carer_break.pk


def _checks_override_pk(request):
    """An override of missing checks waiting for the management team (SAFE-2)."""
    from carers import services
    from sharedlives import roles
    from sharedlives.dates import today
    from tests.factories import UserFactory

    override = services.request_checks_override(
        household=grid_household(request),
        reason="Insurance renewal posted",
        starts_on=today(),
        by=UserFactory(role=roles.SHARED_LIVES_OFFICER),
    )
    return override.pk


# argument name -> callable(request) returning its value (request is pytest's, for fixtures)
KWARG_FACTORIES: dict[str, Callable] = {
    "household_pk": lambda request: grid_household(request).pk,
    "carer_pk": _carer_pk,
    "support_carer_pk": _support_carer_pk,
    "member_pk": _member_pk,
    "break_pk": _break_pk,
    "checks_override_pk": _checks_override_pk,
}


# Each app's own arguments live beside its tests.
from tests.funding.url_arguments import FUNDING_KWARGS  # noqa: E402
from tests.placements.url_arguments import PLACEMENT_KWARGS  # noqa: E402
from tests.reviews.url_arguments import REVIEWS_KWARGS  # noqa: E402
from tests.safeguarding.url_arguments import SAFEGUARDING_KWARGS  # noqa: E402

KWARG_FACTORIES |= PLACEMENT_KWARGS | REVIEWS_KWARGS | FUNDING_KWARGS | SAFEGUARDING_KWARGS


def url_kwargs_for(params: list[str], request) -> dict:
    kwargs = {}
    for param in params:
        assert param in KWARG_FACTORIES, f"no factory for URL argument {param!r} in tests/url_arguments.py"
        kwargs[param] = KWARG_FACTORIES[param](request)
    return kwargs
