"""Safeguarding records built through the real services, for the tests."""

from safeguarding import services


def recorded_incident(placement, by, *, occurred_at, **fields):
    """SG-2: an incident in the placement's garden (the person tripped), recorded by `by`."""
    return services.record_incident(
        person=placement.person,
        placement=placement,
        occurred_at=occurred_at,
        location="The garden",
        people_involved="The person and the carer",
        what_happened="Tripped on the step and fell.",
        **fields,
        by=by,
    )
