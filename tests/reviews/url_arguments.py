"""How the permission grid fills the reviews URL arguments: to merge into tests/url_arguments.py.

`household_pk` and `placement_pk` keep their meaning (the grid's household, and the live-in placement started
there: tests/placements/url_arguments.py). Everything else hangs off them: a contact with a concern raised,
a health and safety review with an action, and a change of needs already discussed with the management
team whose request for additional funding waits for a decision (asked for by an officer, so any manager
may decide it: AUD-2). Objects are kept on the test item while the test runs.
"""

from collections.abc import Callable
from datetime import date

from tests.grid_objects import cached, grid_household, grid_placement


def _officer(request):
    from sharedlives import roles
    from tests.factories import UserFactory

    return cached(request, "_grid_reviews_officer", lambda: UserFactory(role=roles.SHARED_LIVES_OFFICER))


def _contact_pk(request):
    from reviews import services

    def make():
        placement = grid_placement(request)
        return services.log_contact(
            household=placement.household,
            placement=placement,
            method="visit",
            summary="Bruising on the person's arm; carer says a fall at the day centre.",
            concern_raised=True,
            by=_officer(request),
        )

    return cached(request, "_grid_contact", make).pk


def _review_pk(request):
    from reviews import services

    def make():
        return services.record_review(
            household=grid_household(request),
            kind="health_safety",
            held_on=date(2026, 3, 10),
            attendees="The carer and the officer",
            property_check_done=True,
            actions=[{"description": "Fit a smoke alarm upstairs", "owner": "The carer", "due_on": date(2026, 4, 10)}],
            by=_officer(request),
        )

    return cached(request, "_grid_review", make).pk


def _change(request):
    """Raised, met and discussed with a manager (not the grid's manager persona), so funding can be asked for."""
    from reviews import services
    from sharedlives import roles
    from tests.factories import UserFactory

    def make():
        officer = _officer(request)
        change = services.raise_change_of_needs(
            placement=grid_placement(request),
            raised_on=date(2026, 3, 2),
            raised_by="carer",
            description="Needs help at night since a fall.",
            by=officer,
        )
        services.record_change_meeting(change, held_on=date(2026, 3, 4), notes="Met at home.", by=officer)
        return services.record_change_discussion(
            change,
            discussed_on=date(2026, 3, 5),
            manager=UserFactory(role=roles.MANAGEMENT_TEAM),
            agreed_actions="Ask for night-time support funding.",
            referred_care_technology=True,
            by=officer,
        )

    return cached(request, "_grid_change", make)


def _funding_request_pk(request):
    from reviews import services

    def make():
        return services.request_additional_funding(
            _change(request),
            what_for="Two hours of waking night support a week",
            other_support_explored="Care technology: a falls sensor is fitted.",
            by=_officer(request),
        )

    return cached(request, "_grid_funding_request", make).pk


# argument name -> callable(request) returning its value; merge into KWARG_FACTORIES. household_pk and
# placement_pk are already there (tests/url_arguments.py, tests/placements/url_arguments.py).
REVIEWS_KWARGS: dict[str, Callable] = {
    "contact_pk": _contact_pk,
    "review_pk": _review_pk,
    "change_pk": lambda request: _change(request).pk,
    "funding_request_pk": _funding_request_pk,
}
