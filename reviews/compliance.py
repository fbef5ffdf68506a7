"""The compliance engine: every obligation, its due date, its status and the rule behind it. Pure: no Django.

reviews/queries.py gathers the facts with a fixed number of aggregate queries; this module turns them into
Obligations. Each rule's reading is in the docstring of the function that applies it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from sharedlives.workdays import add_working_days

DUE_SOON_DAYS = 14
OVERDUE, DUE_SOON, UPCOMING = "overdue", "due_soon", "upcoming"
STATUS_LABELS = {OVERDUE: "Overdue", DUE_SOON: "Due soon", UPCOMING: "Upcoming"}


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@lru_cache(maxsize=65536)
def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month = 28 Feb). Cached: dates repeat."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
    return date(year, month, min(day.day, last))


def status_of(due_on: date, today: date) -> str:
    if due_on < today:
        return OVERDUE
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return DUE_SOON
    return UPCOMING


@dataclass(slots=True, kw_only=True)
class Obligation:
    rule: str
    kind: str  # what is due, the same for every household: "Monthly contact", "DBS check"
    what: str  # the same, with whose it is where that matters: "DBS check (Sam Ng)"
    due_on: date
    status: str
    household_id: int
    household_name: str
    officer_id: int | None
    placement_id: int | None = None
    person_name: str = ""
    action: str = ""  # the URL name of the form that clears it
    action_kwargs: tuple[tuple[str, int], ...] = ()
    action_query: str = ""
    responsible: str = "officer"  # or "management"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True, kw_only=True)
class CompliancePolicy:
    """The scheme's numbers the engine reads (sharedlives.SchemePolicy); Hampshire's practice by default."""

    monitoring_any_in_person: bool = True  # REV-5: any review or visit in person counts as the monitoring visit
    monitoring_months: int = 3  # REV-5
    yearly_review_months: int = 12  # REV-5: each arrangement's yearly review
    probation_contact_days: int = 14  # CAR-2: more intensive support while on probation
    initial_review_days: int = 28  # REV-1
    complaint_acknowledgement_days: int = 3  # SG-3
    complaint_response_days: int = 20  # SG-3


HAMPSHIRE = CompliancePolicy()


@dataclass(kw_only=True)
class HouseholdFacts:
    household_id: int
    name: str
    officer_id: int | None
    approved_on: date
    probation_ends_on: date | None = None
    last_review: dict[str, date] = field(default_factory=dict)  # kind -> latest held_on
    in_person_visits: tuple[date, ...] = ()  # newest first, at least the latest two
    probation_review_on: date | None = None
    last_contact: date | None = None  # the latest contact of any kind with the household or its people


@dataclass(kw_only=True)
class PlacementFacts:
    placement_id: int
    household_id: int
    household_name: str
    officer_id: int | None
    person_name: str
    kind: str
    starts_on: date
    last_contact: date | None = None
    initial_review_on: date | None = None
    banding_submitted_on: date | None = None
    banding_agreed: bool = False
    last_annual_review: date | None = None
    risk_review_due_on: date | None = None
    checklist_incomplete: bool = False
    housing_benefit_applied_on: date | None = None  # an application still waiting
    # BAN-4: the latest agreed band, and where it has been sent so far
    band_assessment_id: int | None = None
    band_agreed_on: date | None = None
    band_sent_to_area_team_on: date | None = None
    band_variation_on: date | None = None


@dataclass(kw_only=True)
class ChangeFacts:
    change_id: int
    placement_id: int
    household_id: int
    household_name: str
    officer_id: int | None
    person_name: str
    raised_on: date
    meeting_held_on: date | None
    management_discussed_on: date | None


@dataclass(kw_only=True)
class ExpiryFacts:
    household_id: int
    household_name: str
    officer_id: int | None
    rule: str
    what: str  # "First aid"
    who: str  # "Grace Okafor"
    expires_on: date
    action: str
    query: str = ""


@dataclass(kw_only=True)
class PendingBanding:
    placement_id: int
    household_id: int
    household_name: str
    officer_id: int | None
    person_name: str
    submitted_on: date
    assessment_id: int


BAND_SENT_WITHIN_WORKING_DAYS = 5  # BAN-4 sets no timescale; a working week to send each step on
PROVISION_SEND_WITHIN_WORKING_DAYS = 5  # PLA-1 sets no timescale either: a working week, or before it takes effect


@dataclass(kw_only=True)
class ProvisionToSend:
    """A request to Brokerage raised by a decision and not yet recorded sent (PLA-1)."""

    request_id: int
    placement_id: int
    household_id: int
    household_name: str
    officer_id: int | None
    person_name: str
    kind_label: str  # "New provision", "Provision variation"
    cause: str  # placements.ProvisionCause: "start", "band_change", "ending", ...
    raised_on: date
    effective_from: date


def household_obligations(
    h: HouseholdFacts, today: date, *, policy: CompliancePolicy = HAMPSHIRE, keep_upcoming: bool = True
) -> list[Obligation]:
    """REV-5 a monitoring visit every three months (policy: in Hampshire any review or visit in person is one);
    REV-3 each 1:1 review yearly; REV-4 two face-to-face visits a year; CAR-2 a contact every fortnight while on
    probation (policy), and the end-of-probation review. A household never reviewed counts from its approval date."""
    out = []
    kwargs = (("household_pk", h.household_id),)
    soon = today + timedelta(days=DUE_SOON_DAYS)

    def add(rule, what, due, action, query=""):
        if due > soon and not keep_upcoming:
            return  # most obligations are not due yet: a scheme-wide list need not build them
        out.append(
            Obligation(
                rule=rule,
                kind=what,
                what=what,
                due_on=due,
                status=status_of(due, today),
                household_id=h.household_id,
                household_name=h.name,
                officer_id=h.officer_id,
                action=action,
                action_kwargs=kwargs,
                action_query=query,
            )
        )

    visits = sorted(h.in_person_visits, reverse=True)
    monitoring = [h.approved_on, h.last_review.get("monitoring", h.approved_on)]
    if policy.monitoring_any_in_person:
        monitoring += visits[:1]
    add(
        "REV-5",
        "Monitoring visit",
        add_months(max(monitoring), policy.monitoring_months),
        "reviews:record_review",
        "kind=monitoring",
    )
    for kind, what in [
        ("financial", "1:1 financial review"),
        ("medication", "1:1 medication review"),
        ("health_safety", "1:1 health and safety review"),
        ("appraisal", "Carer appraisal"),
    ]:
        last = h.last_review.get(kind, h.approved_on)
        add("REV-3", what, add_months(last, 12), "reviews:record_review", f"kind={kind}")
    second_latest = visits[1] if len(visits) >= 2 else h.approved_on
    add(
        "REV-4",
        "Face-to-face visit (two a year)",
        add_months(second_latest, 12),
        "reviews:record_review",
        "kind=monitoring",
    )
    on_probation = h.probation_ends_on is not None and h.approved_on <= today < h.probation_ends_on
    if on_probation:
        due = max(h.last_contact or h.approved_on, h.approved_on) + timedelta(days=policy.probation_contact_days)
        if due < h.probation_ends_on:
            every = f"every {policy.probation_contact_days} days"
            add("CAR-2", f"Contact while on probation ({every})", due, "reviews:log_contact")
    if h.probation_ends_on and (h.probation_review_on is None or h.probation_review_on < h.approved_on):
        add("CAR-2", "End of probation review", h.probation_ends_on, "reviews:record_review", "kind=probation")
    return out


def placement_obligations(
    p: PlacementFacts,
    today: date,
    *,
    policy: CompliancePolicy = HAMPSHIRE,
    hb_waiting_days: int = 28,
    keep_upcoming: bool = True,
) -> list[Obligation]:
    """REV-2, PLA-4, REV-1, BAN-2, BAN-4, the yearly review (REV-5), REV-7, PLA-3, HB-4 for one current
    placement."""
    out = []
    key = (("placement_pk", p.placement_id),)

    soon = today + timedelta(days=DUE_SOON_DAYS)

    def add(rule, what, due, action, query="", kwargs=key, responsible="officer"):
        if due > soon and not keep_upcoming:
            return
        out.append(
            _record_obligation(
                p,
                today,
                rule=rule,
                what=what,
                due=due,
                action=action,
                action_kwargs=kwargs,
                action_query=query,
                responsible=responsible,
            )
        )

    day_28 = p.starts_on + timedelta(days=policy.initial_review_days - 1)
    contact_kwargs = (("household_pk", p.household_id),)
    if today <= p.starts_on + timedelta(days=27):
        # PLA-4: in the first 28 days, a contact each week (phone or email), counted from the start.
        since = max(p.last_contact or p.starts_on, p.starts_on)
        add(
            "PLA-4",
            "Contact in the first 28 days (weekly)",
            since + timedelta(days=7),
            "reviews:log_contact",
            f"placement={p.placement_id}",
            contact_kwargs,
        )
    else:
        # REV-2: at least one contact a month; a month after the last one (or after the start).
        since = p.last_contact or p.starts_on
        add(
            "REV-2",
            "Monthly contact",
            add_months(since, 1),
            "reviews:log_contact",
            f"placement={p.placement_id}",
            contact_kwargs,
        )
    if p.kind == "live_in":
        if p.initial_review_on is None:
            add(
                "REV-1",
                "28-day review",
                day_28,
                "reviews:record_review",
                f"kind=initial&placement={p.placement_id}",
                contact_kwargs,
            )
        elif p.banding_submitted_on is None and not p.banding_agreed:
            add("BAN-2", "Submit the banding", add_working_days(p.initial_review_on, 3), "funding:submit_banding")
        if p.checklist_incomplete:
            add("PLA-3", "Moving-day checklist", p.starts_on + timedelta(days=7), "placements:moving_day")
        if p.housing_benefit_applied_on:
            add(
                "HB-4",
                "Housing benefit decision awaited",
                p.housing_benefit_applied_on + timedelta(days=hb_waiting_days),
                "placements:placement_detail",
            )
        if p.band_agreed_on and not p.band_sent_to_area_team_on:
            # BAN-4: the agreed band goes to the funding area team, then a provision variation to Brokerage.
            due = add_working_days(p.band_agreed_on, BAND_SENT_WITHIN_WORKING_DAYS)
            add(
                "BAN-4",
                "Send the agreed band to the funding area team",
                due,
                "funding:record_band_sent",
                kwargs=(("assessment_pk", p.band_assessment_id),),
            )
        elif p.band_sent_to_area_team_on and not p.band_variation_on:
            due = add_working_days(p.band_sent_to_area_team_on, BAND_SENT_WITHIN_WORKING_DAYS)
            add(
                "BAN-4",
                "Send the provision variation for the agreed band",
                due,
                "funding:record_band_sent",
                kwargs=(("assessment_pk", p.band_assessment_id),),
            )
    # REV-5: every arrangement, live-in, short breaks or day support, has its yearly review (Coventry's annual review).
    last_yearly = p.last_annual_review or p.starts_on
    add(
        "REV-5",
        "Person's annual review",
        add_months(last_yearly, policy.yearly_review_months),
        "reviews:record_review",
        f"kind=annual&placement={p.placement_id}",
        contact_kwargs,
    )
    if p.risk_review_due_on:
        add("REV-7", "Risk assessment review", p.risk_review_due_on, "reviews:record_risk_assessment")
    return out


def change_obligations(c: ChangeFacts, today: date) -> list[Obligation]:
    """CHG-1: meet the carer in person within five working days; CHG-2: discuss with management within one
    working day of the meeting."""
    if c.meeting_held_on is None:
        rule, what, due, action = (
            "CHG-1",
            "Change of needs: meet the carer",
            add_working_days(c.raised_on, 5),
            "meeting",
        )
    elif c.management_discussed_on is None:
        due = add_working_days(c.meeting_held_on, 1)
        rule, what, action = "CHG-2", "Change of needs: discuss with management", "discussion"
    else:
        return []
    return [
        Obligation(
            rule=rule,
            kind=what,
            what=what,
            due_on=due,
            status=status_of(due, today),
            household_id=c.household_id,
            household_name=c.household_name,
            officer_id=c.officer_id,
            placement_id=c.placement_id,
            person_name=c.person_name,
            action=f"reviews:change_{action}",
            action_kwargs=(("change_pk", c.change_id),),
        )
    ]


def banding_decision_obligation(b: PendingBanding, today: date) -> Obligation:
    """BAN-3: the management team decides within five working days of submission."""
    due = add_working_days(b.submitted_on, 5)
    return Obligation(
        rule="BAN-3",
        kind="Decide the banding",
        what="Decide the banding",
        due_on=due,
        status=status_of(due, today),
        household_id=b.household_id,
        household_name=b.household_name,
        officer_id=b.officer_id,
        placement_id=b.placement_id,
        person_name=b.person_name,
        action="funding:decide_banding",
        action_kwargs=(("assessment_pk", b.assessment_id),),
        responsible="management",
    )


def provision_obligation(r: ProvisionToSend, today: date) -> Obligation | None:
    """PLA-1: a start or an ending raises its provision request; the officer sends it to Brokerage within a working
    week of the decision, or before it takes effect if that is sooner (never before the decision). A band change's
    variation is BAN-4's second step ("Send the provision variation for the agreed band"), so it is not doubled."""
    if r.cause == "band_change":
        return None
    due = max(r.raised_on, min(r.effective_from, add_working_days(r.raised_on, PROVISION_SEND_WITHIN_WORKING_DAYS)))
    what = f"Send the {r.kind_label.lower()} to Brokerage"
    return Obligation(
        rule="PLA-1",
        kind=what,
        what=what,
        due_on=due,
        status=status_of(due, today),
        household_id=r.household_id,
        household_name=r.household_name,
        officer_id=r.officer_id,
        placement_id=r.placement_id,
        person_name=r.person_name,
        action="placements:record_provision_sent",
        action_kwargs=(("placement_pk", r.placement_id), ("provision_pk", r.request_id)),
    )


def expiry_obligation(e: ExpiryFacts, today: date) -> Obligation:
    """CAR-5, CAR-6, CAR-7: renew before the expiry date."""
    return Obligation(
        rule=e.rule,
        kind=e.what,
        what=f"{e.what} ({e.who})",
        due_on=e.expires_on,
        status=status_of(e.expires_on, today),
        household_id=e.household_id,
        household_name=e.household_name,
        officer_id=e.officer_id,
        action=e.action,
        action_kwargs=(("household_pk", e.household_id),),
    )


@dataclass(kw_only=True)
class MissingFacts:
    """SAFE-3: a required item never recorded (carers.checks, carers.requirements.Gap of kind "missing")."""

    household_id: int
    household_name: str
    officer_id: int | None
    approved_on: date
    rule: str
    what: str  # "Signed carer agreement"
    who: str  # "Grace Okafor" or "The household"
    action: str
    query: str = ""


def missing_obligation(m: MissingFacts, today: date) -> Obligation:
    """SAFE-3, SAFE-1: a missing item was due when the household was approved (or today, if later): overdue from
    the day after. Its action is the form that records it, with the person (and course) chosen already."""
    kwargs = (("household_pk", m.household_id),)
    query = m.query
    if m.action == "carers:support_carer_edit":  # a support carer's scheme agreement (CAR-6): their own page
        kwargs += (("support_carer_pk", int(query.split("=")[1])),)
        query = ""
    due = min(m.approved_on, today)
    return Obligation(
        rule=m.rule,
        kind=m.what,
        what=m.what if m.who == "The household" else f"{m.what} ({m.who})",
        due_on=due,
        status=status_of(due, today),
        household_id=m.household_id,
        household_name=m.household_name,
        officer_id=m.officer_id,
        action=m.action,
        action_kwargs=kwargs,
        action_query=query,
    )


# Safeguarding concerns and incidents (SG-1, SG-2, SG-5) -------------------------------------------------------

CONCERN_REVIEW_WORKING_DAYS = 1  # SG-5: the management team reviews a concern within one working day
CONCERN_REFERRAL_WORKING_DAYS = 1  # SG-1: the council referral (or the reason for none) the working day after


@dataclass(kw_only=True)
class ConcernFacts:
    """An open safeguarding concern about a household (safeguarding.SafeguardingConcern). No content: SG-6."""

    concern_id: int
    household_id: int
    household_name: str
    officer_id: int | None
    person_name: str
    placement_id: int | None
    raised_on: date
    reviewed_on: date | None
    referral_recorded: bool  # referred to the council, or the management team's reason for not referring


def _record_obligation(
    f, today: date, *, rule, what, due, action, action_kwargs, action_query="", responsible="officer"
) -> Obligation:
    """An obligation about a placement or a safeguarding record: its household, officer, placement and person from
    its facts `f`."""
    return Obligation(
        rule=rule,
        kind=what,
        what=what,
        due_on=due,
        status=status_of(due, today),
        household_id=f.household_id,
        household_name=f.household_name,
        officer_id=f.officer_id,
        placement_id=f.placement_id,
        person_name=f.person_name,
        action=action,
        action_kwargs=action_kwargs,
        action_query=action_query,
        responsible=responsible,
    )


def concern_obligations(c: ConcernFacts, today: date) -> list[Obligation]:
    """SG-5: the management team reviews the concern within one working day of it being raised (due the next
    working day, overdue the day after). SG-1: the council referral, or the management team's reason for not
    referring, is recorded within one working day of the review (of the raising, while it is not reviewed)."""
    out = []

    def add(rule, what, due, action, responsible):
        kwargs = (("concern_pk", c.concern_id),)
        out.append(
            _record_obligation(
                c, today, rule=rule, what=what, due=due, action=action, action_kwargs=kwargs, responsible=responsible
            )
        )

    if c.reviewed_on is None:
        due = add_working_days(c.raised_on, CONCERN_REVIEW_WORKING_DAYS)
        add("SG-5", "Safeguarding concern: management review", due, "safeguarding:concern_review", "management")
    if not c.referral_recorded:
        due = add_working_days(c.reviewed_on or c.raised_on, CONCERN_REFERRAL_WORKING_DAYS)
        add("SG-1", "Safeguarding concern: council referral", due, "safeguarding:concern_referral", "officer")
    return out


@dataclass(kw_only=True)
class IncidentFacts:
    """An open incident about a household (safeguarding.Incident), with its follow-up actions not yet done."""

    incident_id: int
    household_id: int
    household_name: str
    officer_id: int | None
    person_name: str
    placement_id: int | None
    occurred_on: date
    family_must_be_told: bool  # taken ill or into hospital
    family_informed_on: date | None
    open_actions_due: tuple[date, ...] = ()


def incident_obligations(i: IncidentFacts, today: date) -> list[Obligation]:
    """SG-2: the family or representative is told when the person is taken ill or into hospital: on the day of the
    incident, overdue from the day after. Each follow-up action is due on its own date, overdue from the day after."""
    out = []

    def add(what, due, action):
        kwargs = (("incident_pk", i.incident_id),)
        out.append(_record_obligation(i, today, rule="SG-2", what=what, due=due, action=action, action_kwargs=kwargs))

    if i.family_must_be_told and i.family_informed_on is None:
        add("Incident: tell the family", i.occurred_on, "safeguarding:incident_edit")
    for due in sorted(i.open_actions_due):
        add("Incident: follow-up action", due, "safeguarding:incident_detail")
    return out


# Complaints (SG-3) and CQC notifications (SG-4) --------------------------------------------------------------


@dataclass(kw_only=True)
class ComplaintFacts:
    """An open complaint or concern (not a compliment) about a household, not yet acknowledged or answered."""

    complaint_id: int
    household_id: int
    household_name: str
    officer_id: int | None
    person_name: str
    placement_id: int | None
    kind_label: str  # "Complaint", "Concern"
    received_on: date
    acknowledged_on: date | None
    responded_on: date | None


def complaint_obligations(c: ComplaintFacts, today: date, policy: CompliancePolicy = HAMPSHIRE) -> list[Obligation]:
    """SG-3: acknowledged within the policy's working days of receipt (3 by default) and answered within its number
    (20): due on that working day, overdue from the day after (as safeguarding/deadlines.py, which the pages use)."""
    out = []

    def add(what, due, action):
        out.append(
            Obligation(
                rule="SG-3",
                kind=what,
                what=what,
                due_on=due,
                status=status_of(due, today),
                household_id=c.household_id,
                household_name=c.household_name,
                officer_id=c.officer_id,
                placement_id=c.placement_id,
                person_name=c.person_name,
                action=action,
                action_kwargs=(("complaint_pk", c.complaint_id),),
            )
        )

    if c.acknowledged_on is None:
        due = add_working_days(c.received_on, policy.complaint_acknowledgement_days)
        add(f"{c.kind_label}: acknowledgement", due, "safeguarding:complaint_acknowledge")
    if c.responded_on is None:
        due = add_working_days(c.received_on, policy.complaint_response_days)
        add(f"{c.kind_label}: response", due, "safeguarding:complaint_respond")
    return out


@dataclass(kw_only=True)
class NotificationFacts:
    """A CQC notification not yet sent, about a household (through its concern, incident or ending)."""

    notification_id: int
    household_id: int
    household_name: str
    officer_id: int | None
    person_name: str
    kind_label: str
    due_on: date  # the next working day after the event (SG-4)


def notification_obligation(n: NotificationFacts, today: date) -> Obligation:
    """SG-4: sent without delay, the next working day after the event is known; overdue from the day after. The
    registered manager (the management team) sends it."""
    what = f"CQC notification: {n.kind_label.lower()}"
    return Obligation(
        rule="SG-4",
        kind="CQC notification",
        what=what,
        due_on=n.due_on,
        status=status_of(n.due_on, today),
        household_id=n.household_id,
        household_name=n.household_name,
        officer_id=n.officer_id,
        person_name=n.person_name,
        action="safeguarding:notification_sent",
        action_kwargs=(("notification_pk", n.notification_id),),
        responsible="management",
    )


def outstanding(obligations: Iterable[Obligation], *, include_upcoming: bool = False) -> list[Obligation]:
    """Overdue first (oldest first), then due soon; upcoming only when asked."""
    wanted = {OVERDUE, DUE_SOON} | ({UPCOMING} if include_upcoming else set())
    order = {OVERDUE: 0, DUE_SOON: 1, UPCOMING: 2}
    return sorted(
        (o for o in obligations if o.status in wanted), key=lambda o: (order[o.status], o.due_on, o.household_name)
    )
