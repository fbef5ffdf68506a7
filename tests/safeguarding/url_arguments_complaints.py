"""How the permission grid fills the complaint and notification URL arguments (merged through
tests/safeguarding/url_arguments.py).

The complaint is about the grid's placement and the notification about the grid's concern, both recorded by the
officer who raised that concern (neither the grid's officer persona nor the household's officer): so the grid's
Shared Lives officer may not read them (SG-6, 404) and the management team may.
"""

from collections.abc import Callable
from datetime import date


def _complaint_pk(request):
    from safeguarding import complaints
    from tests.safeguarding.url_arguments import _cached, _placement, _raiser

    def make():
        placement = _placement(request)
        return complaints.record_complaint(
            kind="complaint",
            from_whom="family",
            from_name="A sister",
            about="The person's visits home were cancelled twice without notice.",
            received_on=date(2026, 3, 2),
            placement=placement,
            by=_raiser(request),
        )

    return _cached(request, "_grid_complaint", make).pk


def _notification_pk(request):
    from safeguarding import complaints
    from safeguarding.models import SafeguardingConcern
    from tests.safeguarding.url_arguments import _cached, _concern_pk, _raiser

    def make():
        concern = SafeguardingConcern.objects.get(pk=_concern_pk(request))
        return complaints.record_notification(
            kind="abuse", event_on=concern.raised_on, concern=concern, by=_raiser(request)
        )

    return _cached(request, "_grid_notification", make).pk


COMPLAINT_KWARGS: dict[str, Callable] = {"complaint_pk": _complaint_pk, "notification_pk": _notification_pk}
