"""Payment schedules: every placement's lines for a period, adjustments for earlier approved periods whose
facts changed, recoveries carried forward; then approval by someone else and export (FEE-8, HB-3, AUD-2).
"""

import calendar
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from carers.models import CarerBreak, CarerHousehold
from funding import fees
from funding.facts import facts_for, placements_for_pricing, placements_in_period
from funding.models import BandingAssessment, FeeOverride, LineKind, PaymentLine, PaymentSchedule, ScheduleStatus
from funding.ratecards import engine_cards
from placements.models import DaySession, HousingBenefitClaim, Notice, Placement, Stay
from sharedlives.db import advisory_lock
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history, user_name
from sharedlives.models import SchemePolicy

CHUNK = 500
MAX_PERIOD_DAYS = 92  # a schedule is a month or four weeks; three months is the most anyone catches up at once
ZERO = Decimal("0.00")


def next_period(after: date | None = None) -> tuple[date, date]:
    """The next schedule period by the scheme's policy: calendar month or four weeks."""
    last = PaymentSchedule.objects.exclude(status=ScheduleStatus.FAILED).order_by("-period_end").first()
    policy = SchemePolicy.current()
    if last is None:
        # The first schedule pays for the last complete month (payments are in arrears).
        today = after or timezone.localdate()
        start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    else:
        start = last.period_end + timedelta(days=1)
    if policy.payment_period == SchemePolicy.PaymentPeriod.FOUR_WEEKLY:
        return start, start + timedelta(days=27)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start, end


def _line(
    schedule, household_ids, line: fees.FeeLine, kind: str | None = None, adjusts=None, amount=None, explanation=None
):
    return PaymentLine(
        schedule=schedule,
        placement_id=line.placement_id,
        household_id=household_ids[line.payee],
        start=line.start,
        end=line.end,
        element=line.element,
        rate_code=line.rate_code,
        rate=line.rate,
        unit=line.unit,
        quantity=line.quantity,
        amount=line.amount if amount is None else amount,
        rules=" ".join(line.rules),
        explanation=explanation or line.explanation,
        card=line.card,
        kind=kind or line.kind,
        paid_on_invoice=line.paid_on_invoice,
        adjusts=adjusts,
    )


def start_schedule(*, period_start: date, period_end: date, by) -> PaymentSchedule:
    """Create the schedule row (status 'being generated') so its progress can be watched; then fill_schedule.

    FEE-8: no two schedules that are not set aside share a day. Checked here under a lock, so two finance admins
    asking at once queue and the second is refused; and by the exclusion constraint, whatever else writes.
    """
    if period_end < period_start:
        raise RuleViolation("FEE-8", "The period ends after it starts.", field="period_end")
    if (period_end - period_start).days >= MAX_PERIOD_DAYS:
        raise RuleViolation(
            "FEE-8", f"A payment schedule covers at most {MAX_PERIOD_DAYS} days (three months).", field="period_end"
        )
    try:
        with transaction.atomic():
            advisory_lock("funding.payment-schedules")
            overlapping = PaymentSchedule.objects.exclude(status=ScheduleStatus.FAILED).filter(
                period_start__lte=period_end, period_end__gte=period_start
            )
            if overlapping.exists():
                raise RuleViolation("FEE-8", "A schedule already covers some of these dates.", field="period_start")
            schedule = PaymentSchedule(
                period_start=period_start, period_end=period_end, generated_by=by, heartbeat_at=timezone.now()
            )
            return save_with_history(schedule, "schedule.started", by=by)
    except IntegrityError as error:
        raise RuleViolation("FEE-8", "A schedule already covers some of these dates.", field="period_start") from error


class ScheduleAbandoned(Exception):
    """The schedule was set aside, or generated again, while this attempt ran: its work is thrown away."""


def _still_mine(schedule: PaymentSchedule) -> Q:
    return Q(pk=schedule.pk, status=ScheduleStatus.GENERATING, attempt=schedule.attempt)


def _save_progress(schedule: PaymentSchedule, done: int, total: int) -> None:
    """Progress and heartbeat, only while this attempt still owns the schedule (compare-and-set).

    A counter, not a change anyone made: written without a history row.
    """
    schedule.progress_done, schedule.progress_total = done, total
    updated = PaymentSchedule.objects.filter(_still_mine(schedule)).update(
        progress_done=done, progress_total=total, heartbeat_at=timezone.now()
    )
    if not updated:
        raise ScheduleAbandoned


def fill_schedule(
    schedule: PaymentSchedule, *, by, progress: Callable[[int, int], None] | None = None
) -> PaymentSchedule:
    """Price every placement for the period, add adjustments and carried recoveries, save the lines.

    The lines are written only if the schedule is still being generated by this attempt when they are ready:
    a schedule set aside meanwhile stays set aside (its lines are never written).
    """
    try:
        cards = engine_cards()
        ids = list(
            placements_in_period(schedule.period_start, schedule.period_end).order_by("pk").values_list("pk", flat=True)
        )
        households = dict(CarerHousehold.objects.values_list("reference", "pk"))
        lines: list[PaymentLine] = []
        _save_progress(schedule, 0, len(ids))
        for offset in range(0, len(ids), CHUNK):
            chunk = placements_for_pricing(Placement.objects.filter(pk__in=ids[offset : offset + CHUNK]))
            for facts in facts_for(chunk):
                for line in fees.price(facts, cards, schedule.period_start, schedule.period_end):
                    lines.append(_line(schedule, households, line))
            done = min(offset + CHUNK, len(ids))
            _save_progress(schedule, done, len(ids))
            if progress:
                progress(done, len(ids))
        lines += _adjustments(schedule, cards, households)
        lines += _carried_in(schedule)
        lines += _carry_forward(schedule, lines)
        with transaction.atomic():
            locked = PaymentSchedule.objects.select_for_update().filter(_still_mine(schedule)).first()
            if locked is None:
                raise ScheduleAbandoned
            bulk_create_with_history(
                lines, PaymentLine, batch_size=2000, default_user=by, default_change_reason="schedule.generated"
            )
            locked.total = sum((line.amount for line in lines), ZERO)
            locked.status = ScheduleStatus.DRAFT
            locked.heartbeat_at = timezone.now()
            save_with_history(locked, "schedule.generated", by=by)
        return locked
    except ScheduleAbandoned:
        schedule.refresh_from_db()
        return schedule
    except fees.FeeError as error:
        _mark_failed(schedule, str(error), by)
        raise RuleViolation(error.rule, str(error).rsplit(" (", 1)[0]) from error
    except Exception as error:
        # Whatever went wrong, the schedule must not show "being generated" for ever.
        _mark_failed(schedule, f"Generation failed unexpectedly: {error.__class__.__name__}", by)
        raise


def _mark_failed(schedule: PaymentSchedule, reason: str, by) -> None:
    """Failed, with the reason: only if this attempt still owns it (never over a set-aside or newer attempt)."""
    with transaction.atomic():
        locked = PaymentSchedule.objects.select_for_update().filter(_still_mine(schedule)).first()
        if locked is None:
            return
        locked.status = ScheduleStatus.FAILED
        locked.failure = reason
        save_with_history(locked, "schedule.failed", by=by)
    schedule.refresh_from_db()


def generate_schedule(*, period_start: date, period_end: date, by, progress=None) -> PaymentSchedule:
    """Start and fill a schedule in this process (the command line, demo data, tests); pages use a job."""
    return fill_schedule(
        start_schedule(period_start=period_start, period_end=period_end, by=by), by=by, progress=progress
    )


def _changed_since(moment) -> set[int]:
    """Placements whose fee facts changed after `moment` (from their history tables). A few queries."""

    changed = set(Placement.history.filter(history_date__gt=moment).values_list("id", flat=True))
    for model, path in [
        (Notice, "placement_id"),
        (BandingAssessment, "placement_id"),
        (HousingBenefitClaim, "placement_id"),
        (Stay, "placement_id"),
        (DaySession, "placement_id"),
        (FeeOverride, "placement_id"),
    ]:
        changed |= set(model.history.filter(history_date__gt=moment).values_list(path, flat=True))
    households = set(CarerBreak.history.filter(history_date__gt=moment).values_list("household_id", flat=True))
    if households:
        changed |= set(Placement.objects.filter(household_id__in=households).values_list("pk", flat=True))
    return changed


def _adjustments(schedule: PaymentSchedule, cards, households) -> list[PaymentLine]:
    """Earlier approved periods re-priced with today's facts; the difference is paid or taken now (FEE-3)."""
    earlier = list(
        PaymentSchedule.objects.filter(
            status__in=[ScheduleStatus.APPROVED, ScheduleStatus.EXPORTED], period_end__lt=schedule.period_start
        ).order_by("period_start")
    )
    if not earlier:
        return []
    changed = _changed_since(min(s.approved_at for s in earlier))
    if not changed:
        return []
    placements = {
        f.placement_id: f for f in facts_for(placements_for_pricing(Placement.objects.filter(pk__in=changed)))
    }
    paid = defaultdict(lambda: ZERO)
    rows = (
        PaymentLine.objects.filter(placement_id__in=changed)
        .filter(Q(schedule__in=earlier, adjusts__isnull=True) | Q(adjusts__in=earlier))
        .exclude(kind__in=[LineKind.CARRY_FORWARD, LineKind.CARRIED_IN])
        .values("placement_id", "household_id", "element", "schedule_id", "adjusts_id")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        period = row["adjusts_id"] or row["schedule_id"]
        paid[(period, row["placement_id"], row["household_id"], row["element"])] += row["total"]
    adjustments = []
    for old in earlier:
        for placement_id, facts in placements.items():
            expected = defaultdict(lambda: ZERO)
            sample = {}
            for line in fees.price(facts, cards, old.period_start, old.period_end):
                key = (old.pk, placement_id, households[line.payee], line.element)
                expected[key] += line.amount
                sample.setdefault(key, line)
            for key in set(expected) | {k for k in paid if k[0] == old.pk and k[1] == placement_id}:
                difference = expected[key] - paid[key]
                if difference == 0:
                    continue
                _, _, household_id, element = key
                adjustments.append(
                    PaymentLine(
                        schedule=schedule,
                        placement_id=placement_id,
                        household_id=household_id,
                        start=old.period_start,
                        end=old.period_end,
                        element=element,
                        rate_code="",
                        amount=difference,
                        rules=" ".join(sorted({"FEE-8", *sample[key].rules})) if key in sample else "FEE-8",
                        explanation=(
                            f"Adjustment for {old.period_start:%-d %b} to {old.period_end:%-d %b %Y}: the facts changed "
                            f"after that schedule was approved (e.g. a band agreed later, FEE-3); "
                            f"now {fees._money_text(expected[key])}, paid then {fees._money_text(paid[key])}."
                        ),
                        kind=LineKind.ADJUSTMENT,
                        adjusts=old,
                    )
                )
    return adjustments


def _carried_in(schedule: PaymentSchedule) -> list[PaymentLine]:
    """HB-3: what the last schedule could not recover comes off this one."""
    previous = (
        PaymentSchedule.objects.filter(
            status__in=[ScheduleStatus.APPROVED, ScheduleStatus.EXPORTED], period_end__lt=schedule.period_start
        )
        .order_by("-period_end")
        .first()
    )
    if previous is None:
        return []
    return [
        PaymentLine(
            schedule=schedule,
            placement=None,
            household_id=line.household_id,
            start=schedule.period_start,
            end=schedule.period_start,
            element=line.element,
            amount=-line.amount,
            rules="HB-3",
            explanation=f"Recovery carried from the schedule for {previous.period_start:%-d %b %Y}: "
            f"{fees._money_text(line.amount)} still to recover (HB-3).",
            kind=LineKind.CARRIED_IN,
        )
        for line in previous.lines.filter(kind=LineKind.CARRY_FORWARD)
    ]


def _carry_forward(schedule: PaymentSchedule, lines: list[PaymentLine]) -> list[PaymentLine]:
    """HB-3: a recovery bigger than this schedule's payment leaves the rest for the next one."""
    net = defaultdict(lambda: ZERO)
    for line in lines:
        net[line.household_id] += line.amount
    return [
        PaymentLine(
            schedule=schedule,
            placement=None,
            household_id=household_id,
            start=schedule.period_end,
            end=schedule.period_end,
            element=fees.RENT,
            amount=-amount,
            rules="HB-3",
            explanation=f"This schedule pays nothing: {fees._money_text(-amount)} of recovery is carried to the next (HB-3).",
            kind=LineKind.CARRY_FORWARD,
        )
        for household_id, amount in net.items()
        if amount < 0
    ]


def _lock_as_seen(schedule: PaymentSchedule, seen_status: str | None) -> PaymentSchedule:
    """Lock the schedule; refuse if its status is no longer the one the person acting saw (compare-and-set)."""
    locked = PaymentSchedule.objects.select_for_update().get(pk=schedule.pk)
    if seen_status is not None and locked.status != seen_status:
        raise RuleViolation(
            "AUD-2",
            f"This schedule changed while you were looking at it: it is now {locked.get_status_display().lower()}. "
            "Look at it again before you act.",
        )
    return locked


@transaction.atomic
def approve_schedule(schedule: PaymentSchedule, *, by, seen_status: str | None = None) -> PaymentSchedule:
    """Finance admin or management approves; never the person who generated it (AUD-2). Then it is locked."""
    schedule = _lock_as_seen(schedule, seen_status)
    if schedule.status != ScheduleStatus.DRAFT:
        raise RuleViolation(
            "AUD-2", f"Only a draft schedule is approved; this one is {schedule.get_status_display().lower()}."
        )
    if schedule.generated_by_id == by.pk:
        raise RuleViolation("AUD-2", "You generated this schedule, so someone else approves it.")
    earlier_draft = PaymentSchedule.objects.filter(status=ScheduleStatus.DRAFT, period_end__lt=schedule.period_start)
    if earlier_draft.exists():
        raise RuleViolation("AUD-2", "Approve the earlier schedules first.")
    schedule.status = ScheduleStatus.APPROVED
    schedule.approved_by = by
    schedule.approved_at = timezone.now()
    return save_with_history(schedule, "schedule.approved", by=by)


@transaction.atomic
def mark_exported(schedule: PaymentSchedule, *, by) -> PaymentSchedule:
    """The payments team has the CSV: an explicit step (a POST), never a side effect of downloading it."""
    schedule = PaymentSchedule.objects.select_for_update().get(pk=schedule.pk)
    if schedule.status not in (ScheduleStatus.APPROVED, ScheduleStatus.EXPORTED):
        raise RuleViolation("AUD-2", "Only an approved schedule is sent to the payments team.")
    if schedule.status == ScheduleStatus.APPROVED:
        schedule.status = ScheduleStatus.EXPORTED
        schedule.exported_at = timezone.now()
        save_with_history(schedule, "schedule.exported", by=by)
    return schedule


@transaction.atomic
def discard_draft(schedule: PaymentSchedule, *, by, seen_status: str | None = None) -> PaymentSchedule:
    """A draft made from wrong facts is set aside (kept, marked failed) so the period can be generated again.

    `seen_status`: the status the person saw when they pressed the button; if a job finished (or someone else
    acted) meanwhile, they are told and nothing changes.
    """
    schedule = _lock_as_seen(schedule, seen_status)
    if schedule.is_locked:
        raise RuleViolation("FEE-8", "An approved schedule is never changed.")
    if schedule.status == ScheduleStatus.FAILED:
        raise RuleViolation("FEE-8", "This schedule is already set aside.")
    schedule.status = ScheduleStatus.FAILED
    schedule.failure = f"Set aside by {user_name(by)} to generate again"
    return save_with_history(schedule, "schedule.discarded", by=by)


def placement_fee_lines(placement: Placement, start: date, end: date) -> list[fees.FeeLine]:
    """The placement's Fees tab: its lines for any date range, from the current facts."""
    [facts] = facts_for(placements_for_pricing(Placement.objects.filter(pk=placement.pk)))
    return fees.price(facts, engine_cards(), start, end)


def expected_invoice_amount(placement: Placement, start: date, end: date) -> Decimal:
    """FEE-2: what the carer's invoice for the initial period should come to."""
    return fees.total(line for line in placement_fee_lines(placement, start, end) if line.paid_on_invoice)
