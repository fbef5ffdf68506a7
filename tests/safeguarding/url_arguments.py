"""How the permission grid fills the safeguarding URL arguments: merged into tests/url_arguments.py.

The concern and the incident are about the grid's placement (its person and household), raised by an officer who is
neither the grid's officer persona nor the household's officer: so the grid's Shared Lives officer may not read them
(SG-6, 404), the management team may, and referrals officers and finance admins have no permission (403).
"""

from collections.abc import Callable
from datetime import date, timedelta

from tests.grid_objects import cached as _cached
from tests.grid_objects import grid_placement as _placement


def _raiser(request):
    from sharedlives import roles
    from tests.factories import UserFactory

    return _cached(request, "_grid_sg_raiser", lambda: UserFactory(role=roles.SHARED_LIVES_OFFICER))


def _concern_pk(request):
    from safeguarding import services

    def make():
        placement = _placement(request)
        return services.raise_concern(
            person=placement.person,
            placement=placement,
            raised_on=date(2026, 3, 2),
            category="neglect",
            description="The person's medication was missed twice this week.",
            immediate_actions="Spoke to the carer; medication chart checked daily.",
            by=_raiser(request),
        )

    return _cached(request, "_grid_concern", make).pk


def _incident_pk(request):
    from django.utils import timezone

    from safeguarding import services

    def make():
        placement = _placement(request)
        incident = services.record_incident(
            person=placement.person,
            placement=placement,
            occurred_at=timezone.now() - timedelta(days=1),
            location="The kitchen",
            people_involved="The person and the carer",
            what_happened="Slipped on a wet floor.",
            by=_raiser(request),
        )
        services.add_incident_action(
            incident, action="Buy a non-slip mat", owner=_raiser(request), due_on=date(2026, 12, 1), by=_raiser(request)
        )
        return incident

    return _cached(request, "_grid_incident", make).pk


SAFEGUARDING_KWARGS: dict[str, Callable] = {"concern_pk": _concern_pk, "incident_pk": _incident_pk}

# Complaints (SG-3) and CQC notifications (SG-4)
from tests.safeguarding.url_arguments_complaints import COMPLAINT_KWARGS  # noqa: E402

SAFEGUARDING_KWARGS |= COMPLAINT_KWARGS
