"""How the permission grid fills the placements URL arguments (merged into tests/url_arguments.py).

Everything hangs off one live-in placement started in the grid's household (both from tests/grid_objects.py,
shared with every app's arguments): its person, referral, match, a provision request and an outstanding
housing benefit claim. The placement stays notice-free. The two approvals are separate: a pending request
for extra introduction nights (a match in the same household) and a pending administrative payment (a
second placement there, ended exceptionally). Objects are kept on the test item while the test runs.
"""

from collections.abc import Callable
from datetime import date

from tests.grid_objects import cached, grid_household, grid_placement


def _nights_request_pk(request):
    """Two introduction nights, then a third beyond the policy's two: waiting for management (MAT-3)."""
    from placements import services
    from tests.placements.factories import agreed_match

    def make():
        match = agreed_match(household=grid_household(request))
        officer = match.referral.referrals_officer
        services.record_introduction(match=match, kind="overnight", on=date(2026, 1, 24), nights=2, by=officer)
        return services.record_introduction(
            match=match, kind="overnight", on=date(2026, 1, 28), nights=1, extra_reason="A longer move", by=officer
        )

    return cached(request, "_grid_nights_request", make).pk


def _payment_request_pk(request):
    """A second placement in the household that ended when the person died: its payment waits (END-8)."""
    from placements import services
    from tests.placements.factories import started_placement

    def make():
        placement = started_placement(household=grid_household(request))
        by = placement.created_by
        notice = services.give_notice(
            placement=placement,
            given_by="carer",
            reason="exceptional",
            exceptional_ending="died",
            given_on=date(2026, 6, 1),
            by=by,
        )
        services.record_move_out(notice=notice, moved_out_on=date(2026, 6, 1), by=by)
        return services.request_admin_payment(notice=notice, reason="Funeral arrangements", by=by)

    return cached(request, "_grid_payment_request", make).pk


def _provision_pk(request):
    """The placement's new-provision request, raised by its start and not yet sent or authorised (PLA-1)."""

    def make():
        return grid_placement(request).provision_requests.get(cause="start")  # to be sent (PLA-1)

    return cached(request, "_grid_provision", make).pk


def _claim_pk(request):
    """An outstanding housing benefit application (HB-1)."""
    from placements import services

    def make():
        placement = grid_placement(request)
        return services.record_housing_benefit_application(
            placement=placement, applied_on=placement.starts_on, by=placement.created_by
        )

    return cached(request, "_grid_claim", make).pk


# argument name -> callable(request) returning its value; merge into KWARG_FACTORIES.
PLACEMENT_KWARGS: dict[str, Callable] = {
    "person_pk": lambda request: grid_placement(request).person_id,
    "referral_pk": lambda request: grid_placement(request).referral_id,
    "match_pk": lambda request: grid_placement(request).match_id,
    "placement_pk": lambda request: grid_placement(request).pk,
    "nights_request_pk": _nights_request_pk,
    "payment_request_pk": _payment_request_pk,
    "provision_pk": _provision_pk,
    "claim_pk": _claim_pk,
    "stage": lambda request: "matching",  # a stage of the referrals board
}
