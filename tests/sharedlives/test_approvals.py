"""The shared approval mixin and decide() (AUD-2)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from sharedlives.approvals import PendingApproval, decide, pending_approvals, register_approval_source
from sharedlives.errors import RuleViolation
from sharedlives.models import ApprovalOutcome
from tests.testapp.models import SampleApproval


def _submitted_by(user):
    return SampleApproval.objects.create(
        subject="Extra introduction night", submitted_by=user, submitted_at=timezone.now()
    )


def test_submitter_cannot_decide_their_own__AUD_2(manager):
    approval = _submitted_by(manager)
    with pytest.raises(RuleViolation) as refused:
        decide(approval, by=manager, outcome=ApprovalOutcome.AGREED)
    assert refused.value.rule == "AUD-2"
    approval.refresh_from_db()
    assert approval.is_pending


def test_decision_records_who_when_and_why__AUD_2(officer, manager):
    approval = _submitted_by(officer)
    decided = decide(approval, by=manager, outcome=ApprovalOutcome.RETURNED, reason="Needs the carer's view")
    assert decided.decided_by == manager
    assert decided.decided_at is not None
    assert decided.decision_reason == "Needs the carer's view"
    latest = decided.history.first()
    assert latest.history_change_reason == "approval.returned"


def test_return_change_and_refusal_need_a_reason__AUD_2(officer, manager):
    approval = _submitted_by(officer)
    with pytest.raises(RuleViolation) as refused:
        decide(approval, by=manager, outcome=ApprovalOutcome.REFUSED, reason="  ")
    assert refused.value.field == "decision_reason"


def test_an_approval_is_decided_once__AUD_2(officer, manager, second_manager):
    approval = _submitted_by(officer)
    decide(approval, by=manager, outcome=ApprovalOutcome.AGREED)
    with pytest.raises(RuleViolation, match="already decided"):
        decide(approval, by=second_manager, outcome=ApprovalOutcome.REFUSED, reason="No")


@pytest.mark.django_db(transaction=True)
def test_two_managers_deciding_at_once_only_one_succeeds__AUD_2(officer, manager, second_manager):
    approval = _submitted_by(officer)
    results = []
    barrier = threading.Barrier(2)

    def attempt(user):
        try:
            barrier.wait()
            decide(SampleApproval.objects.get(pk=approval.pk), by=user, outcome=ApprovalOutcome.AGREED)
            results.append("decided")
        except RuleViolation:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in (manager, second_manager)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["decided", "refused"]
    assert (
        SampleApproval.objects.get(pk=approval.pk).history.filter(history_change_reason="approval.agreed").count() == 1
    )


def test_inbox_lists_every_registered_source_due_first(manager_client, officer):
    now = timezone.now()
    register_approval_source(
        "test",
        lambda user: [
            PendingApproval("Banding", "Band 3 for A. Person", "/x", "Olivia Hughes", now, due=timezone.localdate()),
        ],
    )
    try:
        assert [item.summary for item in pending_approvals(officer)] == ["Band 3 for A. Person"]
        response = manager_client.get("/approvals/")
        assert b"Band 3 for A. Person" in response.content
    finally:
        from sharedlives import approvals

        approvals._sources.pop("test")


def test_inbox_empty_says_so(manager_client):
    response = manager_client.get("/approvals/")
    assert response.status_code == 200
    assert b"Nothing is waiting for a decision" in response.content
