"""The "Notify the CQC" prompt on a placement page whose ending qualifies (SG-4): the person died, or a safeguarding
removal. One query, and only for those who may record a notification."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from placements.models import EndingReason, Notice
from safeguarding import complaints
from safeguarding.models import StatutoryNotification


def placement_cqc_section(placement, request) -> dict | None:
    if not request.user.has_perm("safeguarding.add_statutorynotification"):
        return None
    # The placement page has its notice already (placements.queries.placement_detail): a query only when it is a
    # death or a safeguarding removal.
    try:
        notice = placement.notice
    except Notice.DoesNotExist:
        return None
    if notice.exceptional_ending not in (EndingReason.DIED, EndingReason.SAFEGUARDING):
        return None
    notified = StatutoryNotification.objects.filter(ending=OuterRef("pk"), recorded_in_error=False)
    notice = Notice.objects.annotate(notified=Exists(notified)).get(pk=notice.pk)
    return {
        "prompt": complaints.ending_prompt(notice),
        "notified": notice.notified,
        "url": f"{reverse('safeguarding:record_notification')}?ending={notice.pk}",
    }


def person_complaint_links(person, request) -> dict | None:
    """Links to record a complaint or compliment about the person and to the log (no query)."""
    user = request.user
    if not user.has_perm("safeguarding.add_complaint"):
        return None
    return {"record_url": f"{reverse('safeguarding:record_complaint')}?person={person.pk}", "name": person.full_name}
