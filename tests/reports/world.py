"""The small fixed world every report is checked against, built through the real services, and the period the
tests use: 1 April to 31 October 2026 (7 months; "on" the date means on 31 October 2026).

Households (offers, approved places, rooms; officer):
  H1 Winchester, approved 6 Jan 2025, live-in + short breaks + day support, 3 places, 2 rooms, TWO carers; Olivia Hughes
  H2 Andover,    approved 6 Jan 2025, live-in + short breaks + day support, 2 places, 1 room, one carer; Omar Said
  H3 Winchester, approved 1 Jun 2026 (recruited in the period), live-in only, 1 place, 1 room; Olivia Hughes; never used
  H4 Andover,    approved 6 Jan 2025, short breaks only, 1 place, 1 room; Omar Said; LEFT on 30 Sep 2026

Arrangements (type, household, primary need, dates, band):
  P1 live-in     H1  learning disability  2 Feb 2026 -> open     Band 2 from 2 Mar 2026, Band 3 from 1 Jul 2026
  P2 live-in     H1  mental ill health    4 May 2026 -> 2 Aug 2026 (ended by the internal move)   Band 1 from 1 Jun 2026
  P3 live-in     H2  (P2's person)        3 Aug 2026 -> open (moved from P2, keeps Band 1: no new banding)
  P4 short break H2  physical disability  26 Jan 2026 -> 15 Sep 2026 (came to its planned end)
  P5 day support H2  sensory impairment   26 Jan 2026 -> 31 Mar 2026 (ended the day before the period)
  P6 short break H4  older age            26 Jan 2026 -> 31 Mar 2026 (ended before H4 left)
"""

from dataclasses import dataclass
from datetime import date

from carers import services as carer_services
from carers.models import CarerHousehold, CarerRole
from funding import banding
from funding.example_card import publish_example_cards
from funding.models import BandingTool
from placements import services
from placements.models import ArrangementKind, Placement, SupportNeed
from sharedlives.period import Period
from tests.carers.factories import CarerFactory, approved_household
from tests.factories import UserFactory
from tests.placements.factories import PersonFactory, agreed_match, started_placement

PERIOD = Period(date(2026, 4, 1), date(2026, 10, 31))
QUERY = "from_day=1&from_month=4&from_year=2026&to_day=31&to_month=10&to_year=2026"


@dataclass
class World:
    h1: CarerHousehold
    h2: CarerHousehold
    h3: CarerHousehold
    h4: CarerHousehold
    p1: Placement
    p2: Placement
    p3: Placement
    p4: Placement


def _levels(score_each: int) -> dict[int, int]:
    tool = BandingTool.objects.get(active=True)
    return {d.pk: d.levels.get(score=score_each).pk for d in tool.domains.all()}


def _band(placement, band: str, on: date, *, officer, manager, purpose="initial_review"):
    assessment = banding.submit_banding(
        placement=placement,
        review_date=on,
        levels=_levels(1),
        proposed_band=band,
        proposal_reason="Agreed at the review",
        purpose=purpose,
        by=officer,
    )
    banding.decide_banding(assessment, by=manager, outcome="agreed")


def _person(need):
    return PersonFactory(primary_support_need=need)


def build(officer, second_officer, manager) -> World:
    publish_example_cards(drafted_by=UserFactory(), published_by=UserFactory())
    both = dict(offers_live_in=True, offers_short_breaks=True, offers_day_support=True)
    h1 = approved_household(officer=officer, area="Winchester", approved_places=3, rooms_available=2, **both)
    CarerFactory(household=h1, role=CarerRole.JOINT)  # the household's second carer, with their checks
    h2 = approved_household(officer=second_officer, area="Andover", approved_places=2, rooms_available=1, **both)
    h3 = approved_household(officer=officer, area="Winchester", approved_on=date(2026, 6, 1), approved_places=1)
    h4 = approved_household(
        officer=second_officer, area="Andover", approved_places=1, offers_live_in=False, offers_short_breaks=True
    )

    p1 = started_placement(household=h1, starts_on=date(2026, 2, 2), person=_person(SupportNeed.LEARNING_DISABILITY))
    _band(p1, "band_2", date(2026, 3, 2), officer=officer, manager=manager)
    _band(p1, "band_3", date(2026, 7, 1), officer=officer, manager=manager, purpose="change_of_needs")

    p2 = started_placement(household=h1, starts_on=date(2026, 5, 4), person=_person(SupportNeed.MENTAL_HEALTH))
    _band(p2, "band_1", date(2026, 6, 1), officer=officer, manager=manager)
    move = agreed_match(household=h2, person=p2.person)
    p3 = services.start_placement(
        referral=move.referral,
        match=move,
        starts_on=date(2026, 8, 3),
        moved_from=p2,
        move_reason="other",
        by=move.referral.referrals_officer,
    )
    p2.refresh_from_db()

    short = dict(kind=ArrangementKind.SHORT_BREAK, starts_on=date(2026, 1, 26))
    p4 = started_placement(household=h2, person=_person(SupportNeed.PHYSICAL), **short)
    services.end_arrangement(p4, ends_on=date(2026, 9, 15), by=officer)
    p5 = started_placement(
        household=h2, kind=ArrangementKind.DAY_SUPPORT, starts_on=date(2026, 1, 26), person=_person(SupportNeed.SENSORY)
    )
    services.end_arrangement(p5, ends_on=date(2026, 3, 31), by=officer)
    p6 = started_placement(household=h4, person=_person(SupportNeed.OLDER_AGE), **short)
    services.end_arrangement(p6, ends_on=date(2026, 3, 31), by=second_officer)
    carer_services.record_leaving(h4, left_on=date(2026, 9, 30), reason="retiring", by=second_officer)
    for placement in (p1, p3, p4):
        placement.refresh_from_db()
    return World(h1, h2, h3, h4, p1, p2, p3, p4)
