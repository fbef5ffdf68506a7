"""The one gate every new arrangement passes (SAFE-2, SAFE-4): approving a household, starting a placement, a
short-break stay, a day session, break cover, a proposed match and an overnight introduction.

`require_safe()` refuses, in plain words, when the household is under a safeguarding hold (SAFE-4), or when a required
item (carers.checks.household_gaps, SAFE-1) is missing or expired on any day the arrangement covers, unless the
management team agreed an override whose window covers those days (SAFE-2, AUD-2).

The gap function is looked up on `carers.checks` at each call, so tests substitute a plain function
(`monkeypatch.setattr(carers.checks, "household_gaps", fake)`). Queries: the gap function's fixed number, plus one
for the overrides when something is missing.
"""

from datetime import date

from django.urls import NoReverseMatch, reverse

from carers import checks
from carers.models import ChecksOverride, HoldReason, HouseholdStatus
from sharedlives.dates import long_date
from sharedlives.errors import RuleViolation
from sharedlives.models import ApprovalOutcome


def under_safeguarding_hold(household) -> bool:
    return household.status == HouseholdStatus.ON_HOLD and household.hold_reason == HoldReason.SAFEGUARDING


def override_covering(household, start: date, end: date) -> ChecksOverride | None:
    """An agreed override in force on every day from start to end inclusive (SAFE-2, AUD-2): one query."""
    return (
        ChecksOverride.objects.filter(
            household=household, outcome=ApprovalOutcome.AGREED, starts_on__lte=start, ends_on__gte=end
        )
        .order_by("-ends_on")
        .first()
    )


def _sentence(action: str) -> str:
    return action[:1].upper() + action[1:]


def _gap_words(gap) -> str:
    state = "expired" if gap.kind == "expired" else "missing"
    return f"{gap.who}: {gap.item[:1].lower() + gap.item[1:]}, {state} from {long_date(gap.lacking_from)} ({gap.rule})"


def _links(household, gaps) -> list[tuple[str, str]]:
    links = {}
    for gap in gaps:
        try:
            url = reverse(gap.record, kwargs={"household_pk": household.pk})
        except NoReverseMatch:
            continue
        links.setdefault(
            url,
            f"Record {gap.item[:1].lower() + gap.item[1:]} for {gap.who.lower() if gap.who == 'The household' else gap.who}",
        )
    return [(words, url) for url, words in links.items()]


def require_safe(
    household, *, start: date, end: date | None, action: str, by=None, people: set[str] | None = None
) -> None:
    """Refuse `action` (words: "this stay") for `household` unless it is safe on every day it covers.

    `end` None: an open-ended arrangement (a live-in or day-support placement, an approval, a match), checked on its
    start day; otherwise every day from start to end inclusive. `people`: only gaps of these people count (a support
    carer covering the household's own break answers for themselves, CAR-6; the household's hold is not theirs). `by` is the acting user (kept for the audit of callers).
    """
    if people is None and under_safeguarding_hold(household):
        raise RuleViolation(
            "SAFE-4",
            f"{_sentence(action)} cannot go ahead: {household.name} is on hold while a safeguarding concern is open. "
            "It takes no new arrangements or break cover until the hold ends; existing arrangements continue.",
        )
    last = end or start
    gaps = checks.household_gaps(household, start, last)
    gaps = [gap for gap in gaps if gap.kind != "expiring" and (people is None or gap.who in people)]
    if not gaps:
        return
    first_lacking = max(start, min(gap.lacking_from for gap in gaps))
    if override_covering(household, first_lacking, last) is not None:
        return
    gaps = sorted(gaps, key=lambda gap: (gap.lacking_from, gap.who, gap.item))
    raise RuleViolation(
        "SAFE-2",
        f"{_sentence(action)} cannot go ahead: {'; '.join(_gap_words(gap) for gap in gaps)}. Record what is missing, "
        "or ask the management team for a time-limited override.",
        links=_links(household, gaps),
    )
