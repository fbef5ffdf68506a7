"""Recording contacts, reviews, risk assessments and changes of needs; the weekly digest."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from placements.services import record_initial_review_date
from reviews.models import (
    IN_PERSON_ONLY,
    PLACEMENT_KINDS,
    AdditionalFundingRequest,
    ChangeOfNeeds,
    Contact,
    DigestSent,
    OverdueSnapshot,
    Review,
    ReviewAction,
    ReviewKind,
    RiskAssessment,
)
from reviews.picture import officer_work, overdue_counts
from safeguarding import services as safeguarding_services
from sharedlives.dates import today
from sharedlives.errors import RuleViolation
from sharedlives.history import correction_reason, refuse_unchanged, save_with_history
from sharedlives.models import ApprovalOutcome, SchemePolicy
from sharedlives.roles import SHARED_LIVES_OFFICER, is_manager


@transaction.atomic
def log_contact(
    *,
    household,
    method: str,
    summary: str,
    by,
    placement: Placement | None = None,
    occurred_at=None,
    with_whom: str = "carer",
    concern_raised: bool = False,
) -> Contact:
    """REV-2, PLA-4: a contact is a case note. A concern flags it to the management team."""
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise RuleViolation("REV-2", "A contact is recorded once it has happened.", field="occurred_at")
    if placement is not None and placement.household_id != household.pk:
        raise RuleViolation("REV-2", "That placement is with another household.", field="placement")
    if not summary.strip():
        raise RuleViolation("REV-2", "Write a short summary of the contact.", field="summary")
    return save_with_history(
        Contact(
            household=household,
            placement=placement,
            occurred_at=occurred_at,
            method=method,
            with_whom=with_whom,
            summary=summary.strip(),
            concern_raised=concern_raised,
            recorded_by=by,
        ),
        "contact.concern" if concern_raised else "contact.logged",
        by=by,
    )


@transaction.atomic
def mark_concern_seen(contact: Contact, *, by) -> Contact:
    if not is_manager(by):
        raise RuleViolation("PLA-4", "Concerns are seen by the management team.")
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    contact.concern_seen_by, contact.concern_seen_at = by, timezone.now()
    return save_with_history(contact, "contact.concern_seen", by=by)


@dataclass(frozen=True)
class KindCheck:
    """Something a kind of review must record (REV-3, RES-4): the field, the rule and what to say if it is missing."""

    field: str
    rule: str
    message: str
    present: Callable[[object], bool] = bool


# REV-3: each 1:1 review has its own check; RES-4: next year's respite is planned at the appraisal (0 nights is a plan).
KIND_CHECKS: dict[str, list[KindCheck]] = {
    ReviewKind.FINANCIAL: [
        KindCheck("finance_audit_done", "REV-3", "The financial review includes the finance audit.")
    ],
    ReviewKind.MEDICATION: [
        KindCheck(
            "medication_competency_done",
            "REV-3",
            "The medication review includes the medication competency assessment.",
        )
    ],
    ReviewKind.HEALTH_SAFETY: [
        KindCheck("property_check_done", "REV-3", "The health and safety review includes the property check.")
    ],
    ReviewKind.APPRAISAL: [
        KindCheck(
            "respite_planned_nights",
            "RES-4",
            "Plan next year's respite at the appraisal: how many nights?",
            present=lambda nights: nights is not None,
        )
    ],
}


def _check_review(*, household, kind, held_on, placement, in_person, details) -> None:
    """The rules every review meets (REV-1, REV-4, REV-6, REV-8), then its kind's own checks (KIND_CHECKS)."""
    if held_on > today():
        raise RuleViolation("REV-1", "A review is recorded once it has been held.", field="held_on")
    if kind in IN_PERSON_ONLY and not in_person:
        raise RuleViolation(
            "REV-4", "The carer appraisal and the person's annual review are held in person.", field="in_person"
        )
    if kind in PLACEMENT_KINDS and placement is None:
        raise RuleViolation("REV-1", "Choose whose placement this review is about.", field="placement")
    if placement is not None and placement.household_id != household.pk:
        raise RuleViolation("REV-1", "That placement is with another household.", field="placement")
    if kind == ReviewKind.INITIAL and held_on < placement.starts_on:
        raise RuleViolation("REV-1", "The 28-day review is held after the placement starts.", field="held_on")
    if details.get("different_reviewing_officer") and not str(details.get("advocate", "")).strip():
        raise RuleViolation("REV-8", "Name the advocate or named person supporting the person.", field="advocate")
    if kind == ReviewKind.SHORT_NOTICE and not is_manager(details.get("discussed_with")):
        raise RuleViolation(
            "REV-6", "Say which member of the management team the visit was discussed with.", field="discussed_with"
        )
    for check in KIND_CHECKS.get(kind, []):
        if not check.present(details.get(check.field)):
            raise RuleViolation(check.rule, check.message, field=check.field)
    if kind in PLACEMENT_KINDS and not str(details.get("persons_views", "")).strip():
        raise RuleViolation("REV-8", "Record the person's own views.", field="persons_views")


@transaction.atomic
def record_review(
    *,
    household,
    kind: str,
    held_on: date,
    attendees: str,
    by,
    placement: Placement | None = None,
    in_person: bool = True,
    actions: list[dict] | None = None,
    **details,
) -> Review:
    """Any review (REV-1, REV-3 … REV-8) with its kind's checks. Refusals name their rule."""
    _check_review(
        household=household, kind=kind, held_on=held_on, placement=placement, in_person=in_person, details=details
    )
    review = Review(
        kind=kind,
        household=household,
        placement=placement,
        held_on=held_on,
        in_person=in_person,
        attendees=attendees,
        recorded_by=by,
        **details,
    )
    save_with_history(review, f"review.{kind}", by=by)
    for action in actions or []:
        save_with_history(ReviewAction(review=review, **action), "review.action", by=by)
    if kind == ReviewKind.INITIAL:
        record_initial_review_date(placement, held_on=held_on, by=by)  # REV-1 / FEE-3
    if kind == ReviewKind.HEALTH_SAFETY and details.get("insurance_evidence_seen"):
        # CAR-5: evidence seen at the health and safety review is noted on the household's current policies.
        for policy in household.insurance_policies.filter(expires_on__gte=held_on, evidence_seen_on__isnull=True):
            policy.evidence_seen_on = held_on
            save_with_history(policy, "insurance.evidence_seen", by=by)
    return review


@transaction.atomic
def complete_action(action: ReviewAction, *, done_on: date, by) -> ReviewAction:
    action = ReviewAction.objects.select_for_update().get(pk=action.pk)
    action.done_on = done_on
    return save_with_history(action, "review.action_done", by=by)


@transaction.atomic
def record_risk_assessment(*, placement: Placement, done_on: date, next_review_on: date, summary: str = "", by):
    """REV-7: risk assessments are reviewed on recorded timescales."""
    if next_review_on <= done_on:
        raise RuleViolation("REV-7", "The next review is after the assessment.", field="next_review_on")
    if done_on > today():
        raise RuleViolation("REV-7", "Record the assessment once done.", field="done_on")
    return save_with_history(
        RiskAssessment(
            placement=placement, done_on=done_on, next_review_on=next_review_on, summary=summary, recorded_by=by
        ),
        "risk.assessed",
        by=by,
    )


@transaction.atomic
def raise_change_of_needs(*, placement: Placement, raised_on: date, raised_by: str, description: str, by):
    """CHG-1: the clock for the in-person meeting (five working days) starts now."""
    if raised_on > today():
        raise RuleViolation("CHG-1", "The change is recorded once raised.", field="raised_on")
    return save_with_history(
        ChangeOfNeeds(
            placement=placement, raised_on=raised_on, raised_by=raised_by, description=description, recorded_by=by
        ),
        "change.raised",
        by=by,
    )


@transaction.atomic
def record_change_meeting(change: ChangeOfNeeds, *, held_on: date, notes: str = "", by) -> ChangeOfNeeds:
    """CHG-1: the officer met the carer (and the person if appropriate) in person."""
    change = ChangeOfNeeds.objects.select_for_update().get(pk=change.pk)
    if held_on < change.raised_on:
        raise RuleViolation("CHG-1", "The meeting is on or after the day the change was raised.", field="held_on")
    if held_on > today():
        raise RuleViolation("CHG-1", "Record the meeting once held.", field="held_on")
    change.meeting_held_on, change.meeting_notes = held_on, notes
    return save_with_history(change, "change.meeting", by=by)


@transaction.atomic
def record_change_discussion(
    change: ChangeOfNeeds,
    *,
    discussed_on: date,
    manager,
    agreed_actions: str,
    by,
    referred_care_technology=False,
    referred_pbs=False,
    referred_health=False,
) -> ChangeOfNeeds:
    """CHG-2: discussed in person with the management team; actions agreed and recorded. CHG-3: onward referrals."""
    change = ChangeOfNeeds.objects.select_for_update().get(pk=change.pk)
    if change.meeting_held_on is None:
        raise RuleViolation("CHG-2", "Meet the carer first (CHG-1).")
    if discussed_on < change.meeting_held_on:
        raise RuleViolation("CHG-2", "The discussion follows the meeting with the carer.", field="discussed_on")
    if not is_manager(manager):
        raise RuleViolation("CHG-2", "Choose the member of the management team.", field="manager")
    if not agreed_actions.strip():
        raise RuleViolation("CHG-2", "Record the actions agreed.", field="agreed_actions")
    change.management_discussed_on, change.discussed_with, change.agreed_actions = discussed_on, manager, agreed_actions
    change.referred_care_technology = referred_care_technology
    change.referred_pbs = referred_pbs
    change.referred_health = referred_health
    return save_with_history(change, "change.discussed", by=by)


@transaction.atomic
def request_additional_funding(change: ChangeOfNeeds, *, what_for: str, other_support_explored: str, by):
    """CHG-3: additional funding is first discussed with the management team (an approval, AUD-2)."""
    if change.management_discussed_on is None:
        raise RuleViolation("CHG-3", "Discuss the change with the management team first (CHG-2).")
    if not other_support_explored.strip():
        raise RuleViolation(
            "CHG-3", "Say which other sources of support were explored.", field="other_support_explored"
        )
    return save_with_history(
        AdditionalFundingRequest(
            change=change,
            what_for=what_for,
            other_support_explored=other_support_explored,
            submitted_by=by,
            submitted_at=timezone.now(),
        ),
        "additional_funding.submitted",
        by=by,
    )


@transaction.atomic
def close_change(change: ChangeOfNeeds, *, closed_on: date, by) -> ChangeOfNeeds:
    change = ChangeOfNeeds.objects.select_for_update().get(pk=change.pk)
    if change.management_discussed_on is None:
        raise RuleViolation("CHG-2", "A change is closed once discussed with the management team.")
    change.closed_on = closed_on
    return save_with_history(change, "change.closed", by=by)


# Putting a contact or review right (AUD-1): edit within the window, else "recorded in error" -----------------


def _author_or_manager(record, user, manager: bool | None = None) -> bool:
    if user is None:
        return False
    return record.recorded_by_id == user.pk or (is_manager(user) if manager is None else manager)


def correction_window() -> timedelta:
    return timedelta(days=SchemePolicy.current().correction_window_days)


def can_edit(record, user, *, now=None, window: timedelta | None = None, manager: bool | None = None) -> bool:
    """Its author or a manager, within the policy's correction window, while it is not recorded in error."""
    window = correction_window() if window is None else window
    return (
        not record.in_error
        and _author_or_manager(record, user, manager)
        and (now or timezone.now()) <= record.recorded_at + window
    )


def can_mark_in_error(record, user, *, manager: bool | None = None) -> bool:
    """Its author or a manager, at any time, once."""
    return not record.in_error and _author_or_manager(record, user, manager)


def mark_what_user_may_do(records, user) -> None:
    """Sets `user_may_edit` and `user_may_mark_in_error` on each record, for its links (one policy query)."""
    window, now, manager = correction_window(), timezone.now(), is_manager(user)
    for record in records:
        record.user_may_edit = can_edit(record, user, now=now, window=window, manager=manager)
        record.user_may_mark_in_error = can_mark_in_error(record, user, manager=manager)


def _refuse_edit(record, user, now) -> None:
    if record.in_error:
        raise RuleViolation("AUD-1", "This was recorded in error: it can no longer be edited.")
    if not _author_or_manager(record, user):
        raise RuleViolation("AUD-1", "Only the person who recorded it, or a manager, can edit it.")
    if not can_edit(record, user, now=now):
        days = SchemePolicy.current().correction_window_days
        raise RuleViolation(
            "AUD-1", f"It can be edited for {days} days after it was recorded: mark it as recorded in error instead."
        )


@transaction.atomic
def edit_contact(
    contact: Contact,
    *,
    method: str,
    summary: str,
    occurred_at,
    with_whom: str,
    placement: Placement | None,
    concern_raised: bool,
    by,
    now=None,
) -> Contact:
    """AUD-1: its author or a manager puts a contact right within the window; the history keeps the old values."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    _refuse_edit(contact, by, now)
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise RuleViolation("REV-2", "A contact is recorded once it has happened.", field="occurred_at")
    if placement is not None and placement.household_id != contact.household_id:
        raise RuleViolation("REV-2", "That placement is with another household.", field="placement")
    if not summary.strip():
        raise RuleViolation("REV-2", "Write a short summary of the contact.", field="summary")
    values = {
        "method": method,
        "summary": summary.strip(),
        "occurred_at": occurred_at,
        "with_whom": with_whom,
        "placement": placement,
        "concern_raised": concern_raised,
    }
    refuse_unchanged(contact, **values)
    for name, value in values.items():
        setattr(contact, name, value)
    return save_with_history(contact, "contact.edited", by=by)


# What an edit of a review may change; its kind and kind-specific checks stay (record it again if the kind was wrong).
REVIEW_EDITABLE = ["held_on", "in_person", "attendees", "persons_views", "advocate", "outcomes", "concerns"]


@transaction.atomic
def edit_review(review: Review, *, by, now=None, **values) -> Review:
    """AUD-1: its author or a manager puts a review right within the window, under the same rules as recording it."""
    review = Review.objects.select_for_update(of=("self",)).select_related("placement").get(pk=review.pk)
    _refuse_edit(review, by, now)
    unknown = set(values) - set(REVIEW_EDITABLE)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    refuse_unchanged(review, **values)
    details = {name: getattr(review, name) for name in REVIEW_EDITABLE} | values
    details["discussed_with"] = review.discussed_with
    for check in KIND_CHECKS.get(review.kind, []):
        details[check.field] = getattr(review, check.field)
    details["different_reviewing_officer"] = review.different_reviewing_officer
    _check_review(
        household=review.household,
        kind=review.kind,
        held_on=details["held_on"],
        placement=review.placement,
        in_person=details["in_person"],
        details=details,
    )
    moved = review.kind == ReviewKind.INITIAL and details["held_on"] != review.held_on
    for name, value in values.items():
        setattr(review, name, value)
    save_with_history(review, "review.edited", by=by)
    if moved:
        record_initial_review_date(review.placement, held_on=review.held_on, by=by)  # REV-1 / FEE-3
    return review


@transaction.atomic
def mark_recorded_in_error(record: Contact | Review, *, reason: str, by):
    """AUD-1: kept and shown struck through with the reason, but no longer counted for what is due (REV-2, REV-5)."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    reason = correction_reason(reason)
    if record.in_error:
        raise RuleViolation("AUD-1", "This is already marked as recorded in error.")
    if not _author_or_manager(record, by):
        raise RuleViolation("AUD-1", "Only the person who recorded it, or a manager, can mark it as recorded in error.")
    record.recorded_in_error_at, record.recorded_in_error_by, record.recorded_in_error_reason = (
        timezone.now(),
        by,
        reason,
    )
    record = save_with_history(record, f"{record._meta.model_name}.recorded_in_error", by=by)
    if isinstance(record, Review) and record.kind == ReviewKind.INITIAL and record.placement_id:
        _initial_review_in_error(record, by=by)
    return record


def _initial_review_in_error(review: Review, *, by) -> None:
    """FEE-3: the banded fee starts on the 28-day review's date. A review recorded in error no longer sets it: the
    placement takes its other 28-day review's date, or none. Refused while a band agreed from that date stands, so
    no fee is left resting on a review that did not happen."""
    placement = review.placement
    if placement.initial_review_on != review.held_on:
        return
    resting = Q(effective_from=review.held_on) & ~Q(decided_band="")
    waiting = Q(review_date=review.held_on, outcome=ApprovalOutcome.PENDING)
    if placement.banding_assessments.filter(resting | waiting).exists():
        raise RuleViolation(
            "FEE-3",
            f"A banding rests on this 28-day review ({review.held_on:%-d %B %Y}), so the fee would too: ask the "
            "management team to put the banding right (or return it) before marking the review in error.",
        )
    other = (
        Review.objects.counted()
        .filter(placement=placement, kind=ReviewKind.INITIAL)
        .exclude(pk=review.pk)
        .order_by("-held_on")
        .first()
    )
    record_initial_review_date(placement, held_on=other.held_on if other else None, by=by)


def week_starting(on: date) -> date:
    return on - timedelta(days=on.weekday())


def take_overdue_snapshot(on: date, *, counts=None) -> OverdueSnapshot:
    """Count today's overdue obligations for the 12-week trend; once a day. `counts`: overdue_counts(on), if
    the caller has them already."""
    existing = OverdueSnapshot.objects.filter(taken_on=on).first()
    if existing:
        return existing
    counts = counts or overdue_counts(on)
    snapshot = OverdueSnapshot(taken_on=on, overdue=counts.total, by_rule=counts.by_rule)
    return save_with_history(snapshot, "snapshot.taken")


def send_digests(*, on: date, base_url: str = "http://127.0.0.1:8000") -> int:
    """Email each officer their overdue and due-soon list, once a week (idempotent per week)."""
    week = week_starting(on)
    sent = 0
    officers = get_user_model().objects.filter(groups__name=SHARED_LIVES_OFFICER, is_active=True).exclude(email="")
    already = set(DigestSent.objects.filter(week_starting=week).values_list("officer_id", flat=True))
    for officer in officers:
        if officer.pk in already:
            continue
        work = officer_work(officer, on)
        lines = [
            f"{o.status_label}: {o.what} – {o.household_name}{' – ' + o.person_name if o.person_name else ''}, "
            f"due {o.due_on:%-d %b %Y} ({o.rule})"
            for o in work
        ]
        body = (
            f"Hello {officer.first_name or officer.username},\n\nYour work for the week of {week:%-d %B %Y}:\n\n"
            + ("\n".join(lines) if lines else "Nothing is overdue or due in the next 14 days.")
            + f"\n\nMy work: {base_url}{reverse('home')}\n"
        )
        with transaction.atomic():
            save_with_history(DigestSent(officer=officer, week_starting=week, items=len(work)), "digest.sent")
            send_mail(
                f"Shared Lives: {sum(o.status == 'overdue' for o in work)} overdue, "
                f"{sum(o.status == 'due_soon' for o in work)} due soon",
                body,
                None,
                [officer.email],
            )
        sent += 1
    return sent


@transaction.atomic
def raise_concern_from_contact(contact: Contact, *, by, **concern):
    """SG-1: a contact with a concern raised becomes a safeguarding concern in one step, carrying its text; the
    contact keeps a link to it, so it is not raised twice. An allegation puts the household on hold (SAFE-4)."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.safeguarding_concern_id is not None:
        raise RuleViolation("SG-1", "This contact has already been raised as a safeguarding concern.")
    if contact.in_error:
        raise RuleViolation("SG-1", "This contact was recorded in error.")
    raised = safeguarding_services.raise_concern(by=by, **concern)
    contact.safeguarding_concern = raised
    save_with_history(contact, "contact.raised_as_safeguarding_concern", by=by)
    return raised
