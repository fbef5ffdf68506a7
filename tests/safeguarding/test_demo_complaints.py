"""The complaints demo (seed_demo): a complaint in each state, two compliments, one CQC notification sent; a second
run adds nothing (SG-3, SG-4)."""

import pytest

from safeguarding import complaints
from safeguarding.demo_complaints import build_complaints_demo
from safeguarding.models import Complaint, StatutoryNotification
from sharedlives.demo import ensure_demo_users
from tests.placements.factories import started_placement

pytestmark = pytest.mark.django_db


def test_complaints_demo_has_each_state_and_is_idempotent():
    from tests.carers.factories import approved_household

    users = ensure_demo_users()
    for _ in range(3):
        started_placement(household=approved_household(officer=users["officer"]))
    build_complaints_demo(users=users)
    stages = sorted(complaints.complaint_stage(c) for c in Complaint.objects.exclude(kind="compliment"))
    assert stages == ["Acknowledged", "Closed", "Escalated", "Received", "Responded"]
    assert Complaint.objects.filter(kind="compliment").count() == 2
    assert StatutoryNotification.objects.filter(sent_on__isnull=False).count() == 1
    assert build_complaints_demo(users=users) == "complaints and notifications: already there"
    assert Complaint.objects.count() == 7
