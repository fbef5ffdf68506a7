"""Notice and endings (END-1 … END-8): notice given, the person moving out, belongings removed, corrections."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from carers.capacity import capacity, first_full_day, occupancies
from carers.models import CarerHousehold
from placements.models import (
    AdminPaymentRequest,
    ArrangementKind,
    EndingReason,
    Notice,
    NoticeGivenBy,
    NoticeReason,
    Placement,
)
from placements.services.arrangements import request_ending_variation, undo_ending_variation
from sharedlives.dates import today
from sharedlives.db import lock
from sharedlives.errors import RuleViolation
from sharedlives.history import correction_reason, refuse_unchanged, save_with_history
from sharedlives.models import SchemePolicy
from sharedlives.roles import is_manager

# Notice and endings ------------------------------------------------------------------------------------


def notice_end(placement: Placement, *, given_by: str, reason: str, given_on: date) -> tuple[date, bool]:
    """When notice ends, and whether it was given inside the initial period (END-1, END-2, END-5, END-7)."""
    policy = SchemePolicy.current()
    day_28 = placement.starts_on + timedelta(days=policy.initial_period_days - 1)
    within = given_on <= day_28
    if reason in (NoticeReason.CARER_AT_ONCE, NoticeReason.CARER_UNABLE, NoticeReason.EXCEPTIONAL):
        return given_on, within  # END-5, END-7, END-8: no notice period
    if within:
        # END-1: inside the first 28 days the arrangement runs to day 28 at most.
        return max(given_on, day_28), True
    return given_on + timedelta(weeks=policy.notice_weeks_after_initial_period), False  # END-2


@transaction.atomic
def give_notice(
    *,
    placement: Placement,
    given_by: str,
    reason: str,
    given_on: date,
    notes: str = "",
    exceptional_ending: str = "",
    by,
) -> Notice:
    placement = lock(placement)
    if hasattr(placement, "notice"):
        raise RuleViolation("END-2", "Notice has already been given on this placement.")
    if placement.ends_on is not None:
        raise RuleViolation("END-2", "This placement has already ended.")
    if given_on < placement.starts_on:
        raise RuleViolation("END-1", "Notice cannot be given before the placement started.", field="given_on")
    if given_on > today():
        raise RuleViolation(
            "END-2", "Notice is recorded once given: the date cannot be in the future.", field="given_on"
        )
    if (
        given_by == NoticeGivenBy.PERSON
        and reason != NoticeReason.PERSON_CHOOSES
        and reason != NoticeReason.EXCEPTIONAL
    ):
        raise RuleViolation(
            "END-2", "When the person gives notice, the reason is that they choose to leave.", field="reason"
        )
    if given_by == NoticeGivenBy.CARER and reason == NoticeReason.PERSON_CHOOSES:
        raise RuleViolation("END-3", "Choose the carer's reason for giving notice.", field="reason")
    if reason == NoticeReason.EXCEPTIONAL and exceptional_ending not in (EndingReason.DIED, EndingReason.SAFEGUARDING):
        raise RuleViolation(
            "END-8", "Say whether the person died or was removed for safeguarding.", field="exceptional_ending"
        )
    ends_on, within = notice_end(placement, given_by=given_by, reason=reason, given_on=given_on)
    notice = save_with_history(
        Notice(
            placement=placement,
            given_by=given_by,
            reason=reason,
            given_on=given_on,
            notice_ends_on=ends_on,
            within_initial_period=within,
            notes=notes,
            recorded_by=by,
            exceptional_ending=exceptional_ending if reason == NoticeReason.EXCEPTIONAL else "",
        ),
        f"notice.{reason}",
        by=by,
    )
    request_ending_variation(placement, last_day=ends_on, by=by)  # PLA-1
    return notice


def may_withdraw_notice(placement: Placement, user) -> bool:
    """The placement's Shared Lives officer (the household's) or a manager (END-2)."""
    return user is not None and (placement.household.allocated_officer_id == user.pk or is_manager(user))


@transaction.atomic
def withdraw_notice(notice: Notice, *, reason: str, by) -> Notice:
    """END-2: notice withdrawn (the person chose to stay, or it was recorded on the wrong placement). The notice is
    kept, with who withdrew it and why, but is no longer the placement's: no planned end, fees run on as before
    notice, and a new notice can be given later."""
    notice = lock(notice)
    if notice.placement_id is None:
        raise RuleViolation("END-2", "This notice has already been withdrawn.")
    placement = (
        Placement.objects.select_for_update(of=("self",)).select_related("household").get(pk=notice.placement_id)
    )
    if not may_withdraw_notice(placement, by):
        raise RuleViolation("END-2", "Only the placement's officer or a manager can withdraw its notice.")
    if not (reason or "").strip():
        raise RuleViolation("END-2", "Say why the notice is withdrawn.", field="reason")
    if notice.moved_out_on is not None or placement.ends_on is not None:
        raise RuleViolation(
            "END-2", "The person has moved out, so the notice cannot be withdrawn: correct the dates instead."
        )
    if hasattr(notice, "admin_payment"):
        raise RuleViolation("END-8", "An administrative payment was asked for on this notice: it cannot be withdrawn.")
    notice.withdrawn_from, notice.placement = placement, None
    notice.withdrawn_at, notice.withdrawn_by, notice.withdrawn_reason = timezone.now(), by, reason.strip()
    notice = save_with_history(notice, "notice.withdrawn", by=by)
    undo_ending_variation(placement, reason=reason.strip(), on=today(), by=by)
    return notice


_ENDING_FOR_NOTICE = {
    NoticeReason.PERSON_CHOOSES: EndingReason.PERSON_LEFT,
    NoticeReason.CHANGE_OF_NEEDS: EndingReason.CARER_NOTICE,
    NoticeReason.CARER_OTHER: EndingReason.CARER_NOTICE,
    NoticeReason.CARER_AT_ONCE: EndingReason.CARER_ENDED_AT_ONCE,
    NoticeReason.CARER_UNABLE: EndingReason.CARER_UNABLE,
}


@transaction.atomic
def record_move_out(
    *,
    notice: Notice,
    moved_out_on: date,
    belongings_removed_on: date | None = None,
    alternative_found: bool = False,
    rent_decision: str = "",
    by,
) -> Notice:
    """The person moved out (END-3, END-6): the placement ends that day; rent runs until belongings go."""
    notice = lock(notice)
    placement = lock(notice.placement)
    if moved_out_on < notice.given_on:
        raise RuleViolation("END-2", "The person cannot move out before notice was given.", field="moved_out_on")
    if belongings_removed_on and belongings_removed_on < moved_out_on:
        raise RuleViolation(
            "END-6", "Belongings are removed on or after the day the person moves out.", field="belongings_removed_on"
        )
    if alternative_found and notice.reason != NoticeReason.CHANGE_OF_NEEDS:
        raise RuleViolation(
            "END-3",
            "An alternative placement ends the notice only for a carer's change-of-needs notice.",
            field="alternative_found",
        )
    if notice.reason == NoticeReason.CARER_UNABLE and not rent_decision.strip():
        raise RuleViolation("END-7", "Record the management team's decision on housing costs.", field="rent_decision")
    if moved_out_on > today():
        raise RuleViolation("END-2", "Record the move once it has happened.", field="moved_out_on")
    notice.moved_out_on = moved_out_on
    notice.belongings_removed_on = belongings_removed_on
    notice.alternative_found = alternative_found
    notice.rent_decision = rent_decision.strip()
    save_with_history(notice, "notice.moved_out", by=by)
    placement.ends_on = moved_out_on
    placement.ending_reason = notice.exceptional_ending or _ENDING_FOR_NOTICE[notice.reason]
    save_with_history(placement, "placement.ended", by=by)
    request_ending_variation(placement, last_day=moved_out_on, by=by)  # PLA-1
    return notice


@transaction.atomic
def record_belongings_removed(*, notice: Notice, removed_on: date, by) -> Notice:
    """END-6: housing costs continue until the person's belongings are removed."""
    notice = lock(notice)
    if notice.moved_out_on is None:
        raise RuleViolation("END-6", "Record the move-out first.")
    if removed_on < notice.moved_out_on:
        raise RuleViolation(
            "END-6", "Belongings are removed on or after the day the person moves out.", field="removed_on"
        )
    notice.belongings_removed_on = removed_on
    return save_with_history(notice, "notice.belongings_removed", by=by)


def _check_longer_stay(placement: Placement, first: date, last: date) -> None:
    """A move-out corrected to a later day keeps the person in the household from `first` to `last`: they live
    nowhere else then (PLA-5), the household had not left (PLA-5) and had a place for them (CAR-1)."""
    elsewhere = (
        Placement.objects.filter(person=placement.person_id, kind=ArrangementKind.LIVE_IN, starts_on__lte=last)
        .exclude(pk=placement.pk)
        .exclude(ends_on__lt=first)
        .select_related("household")
        .first()
    )
    if elsewhere is not None:
        raise RuleViolation(
            "PLA-5",
            f"The person lived with {elsewhere.household.name} from {elsewhere.starts_on:%-d %B %Y}: "
            "they cannot have moved out later than that.",
            field="moved_out_on",
        )
    household = CarerHousehold.objects.select_for_update().get(pk=placement.household_id)
    if household.left_on is not None and last > household.left_on:
        raise RuleViolation(
            "PLA-5", f"{household.name} left the scheme on {household.left_on:%-d %B %Y}.", field="moved_out_on"
        )
    key = f"person-{placement.person_id}"
    others = [o for o in occupancies([household.pk], first, last) if o.person_key != key]
    full = first_full_day(others, start=first, end=last, limit=capacity(household))
    if full is not None:
        day, people = full
        raise RuleViolation(
            "CAR-1",
            f"{household.name} already supports {people} {'person' if people == 1 else 'people'} on "
            f"{day:%-d %B %Y}, its limit: the person cannot have stayed until then.",
            field="moved_out_on",
        )


@transaction.atomic
def correct_notice_dates(
    notice: Notice, *, by, reason: str, moved_out_on: date, belongings_removed_on: date | None = None
) -> Notice:
    """A move-out or belongings-removed date entered wrongly, put right (END-1, END-6, AUD-1).

    The same rules as recording them (the move after notice was given and not in the future; belongings removed
    on or after the move); the placement's last day moves with the move-out. A later move-out also needs the
    person to have been nowhere else and the household to have had room (PLA-5, CAR-1). The history of the notice
    and the placement keeps the old dates, who corrected them and why; the fee engine reads the corrected dates.
    """
    notice = lock(notice)
    placement = lock(notice.placement)
    if notice.moved_out_on is None:
        raise RuleViolation("END-6", "The move-out is not recorded yet: record it rather than correct it.")
    reason = correction_reason(reason)
    refuse_unchanged(notice, moved_out_on=moved_out_on, belongings_removed_on=belongings_removed_on)
    if moved_out_on < notice.given_on:
        raise RuleViolation("END-2", "The person cannot move out before notice was given.", field="moved_out_on")
    if moved_out_on > today():
        raise RuleViolation("END-2", "Record the move once it has happened.", field="moved_out_on")
    if belongings_removed_on and belongings_removed_on < moved_out_on:
        raise RuleViolation(
            "END-6", "Belongings are removed on or after the day the person moves out.", field="belongings_removed_on"
        )
    if placement.ends_on is not None and moved_out_on > placement.ends_on:
        _check_longer_stay(placement, placement.ends_on + timedelta(days=1), moved_out_on)
    notice.moved_out_on = moved_out_on
    notice.belongings_removed_on = belongings_removed_on
    save_with_history(notice, f"notice.corrected: {reason}", by=by)
    if placement.ends_on != moved_out_on:
        placement.ends_on = moved_out_on
        save_with_history(placement, f"placement.end_corrected: {reason}", by=by)
        request_ending_variation(placement, last_day=moved_out_on, by=by)  # PLA-1
    return notice


@transaction.atomic
def request_admin_payment(*, notice: Notice, reason: str, by) -> AdminPaymentRequest:
    """END-8: an exceptional ending may earn the carer an administrative payment, once management agrees."""
    if notice.reason != NoticeReason.EXCEPTIONAL:
        raise RuleViolation("END-8", "Only an exceptional ending (death, safeguarding removal) can have this payment.")
    if hasattr(notice, "admin_payment"):
        raise RuleViolation("END-8", "This payment has already been asked for.")
    if not reason.strip():
        raise RuleViolation("END-8", "Say what administrative work the carer did.", field="reason")
    notice.admin_payment_requested = True
    save_with_history(notice, "notice.admin_payment_requested", by=by)
    return save_with_history(
        AdminPaymentRequest(notice=notice, reason=reason.strip(), submitted_by=by, submitted_at=timezone.now()),
        "admin_payment.submitted",
        by=by,
    )


@transaction.atomic
def end_arrangement(placement: Placement, *, ends_on: date, by) -> Placement:
    """A short-break or day-support arrangement comes to its planned end."""
    placement = lock(placement)
    if placement.is_live_in:
        raise RuleViolation("END-2", "A live-in placement ends through notice.")
    if ends_on < placement.starts_on:
        raise RuleViolation("END-2", "An arrangement cannot end before it starts.", field="ends_on")
    later = (
        placement.stays.filter(cancelled=False, ends_on__gt=ends_on + timedelta(days=1)).exists()
        or placement.day_sessions.filter(cancelled=False, on__gt=ends_on).exists()
    )
    if later:
        raise RuleViolation("END-2", "Cancel the stays or sessions booked after that date first.", field="ends_on")
    placement.ends_on = ends_on
    placement.ending_reason = EndingReason.END_OF_ARRANGEMENT
    placement = save_with_history(placement, "placement.arrangement_ended", by=by)
    request_ending_variation(placement, last_day=ends_on, by=by)  # PLA-1
    return placement
