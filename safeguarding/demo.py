"""Demo safeguarding concerns and incidents for a local `make run` (seed_demo), through safeguarding/services.py.

Idempotent: nothing is added once any concern exists. Dates are relative to today:
- an open concern: an allegation against one of Olivia's households (raised yesterday by Olivia, so on hold, SAFE-4,
  and waiting for the management team's review, SG-5);
- a closed concern about one of Omar's households: reviewed, referred to the council, outcome and lessons, closed;
- three incidents: a fall with a hospital admission (family told, reviewed, a follow-up action open), a minor
  burn closed, and the person taken ill with a follow-up action overdue.
"""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from placements.models import Placement
from safeguarding import services
from safeguarding.models import SafeguardingConcern
from sharedlives.dates import today
from sharedlives.workdays import add_working_days


def _placement_of(officer, on, *, exclude=()):
    return (
        Placement.objects.filter(
            household__allocated_officer=officer, household__status="approved", starts_on__lte=on - timedelta(days=90)
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .exclude(household__in=exclude)
        .select_related("person", "household")
        .order_by("household__reference", "pk")
        .first()
    )


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def build_demo(*, users) -> str:
    if SafeguardingConcern.objects.exists():
        return "safeguarding: already there"
    now = today()
    olivia, omar, maya, martin = users["officer"], users["officer2"], users["manager"], users["manager2"]
    held = _placement_of(olivia, now)
    other = _placement_of(omar, now)
    if held is None or other is None:
        return "safeguarding: no placements to attach records to"

    services.raise_concern(
        person=held.person,
        placement=held,
        raised_on=now - timedelta(days=1),
        category="psychological",
        description="At the day centre the person said the carer's adult son shouts at them and calls them names "
        "when the carer is out.",
        immediate_actions="Spoke to the person privately; they chose to stay with their sister tonight. The carer "
        "was told a concern has been raised, not its detail.",
        allegation_against_household=True,
        alleged_other="The carer's adult son (visits most weekends)",
        by=olivia,
    )

    raised = now - timedelta(days=70)
    closed = services.raise_concern(
        person=other.person,
        placement=other,
        raised_on=raised,
        category="financial",
        description="The person's bank statement shows two cash withdrawals they do not remember making.",
        immediate_actions="Card cancelled with the person; finance record checked with the carer.",
        by=omar,
    )
    reviewed_on = add_working_days(raised, 1)
    services.review_concern(
        closed, notes="Refer to the council; ask the bank for the ATM footage.", by=maya, reviewed_on=reviewed_on
    )
    services.record_council_referral(closed, referred_on=reviewed_on, reference="HCC-SG-20418", by=omar)
    services.record_outcome(
        closed,
        outcome="The bank found the withdrawals were made by a stranger who had copied the card at a shop; police "
        "informed; no concern about the household.",
        lessons_learned="Carers remind people to cover their PIN; added to the carers' newsletter.",
        by=omar,
    )
    services.close_concern(closed, by=martin, closed_on=raised + timedelta(days=40))

    admitted = services.record_incident(
        person=other.person,
        placement=other,
        occurred_at=_at(now - timedelta(days=12), 19),
        location="The stairs at home",
        people_involved="The person; the carer found them",
        what_happened="Fell on the stairs on the way to bed; could not put weight on the left ankle.",
        injury="Suspected broken ankle",
        medical_attention=True,
        medical_attention_details="Ambulance called; taken to Royal Hampshire County Hospital.",
        hospital_admission=True,
        family_informed_on=now - timedelta(days=12),
        family_informed_who="The person's sister, by phone",
        by=omar,
    )
    services.review_incident(admitted, notes="Occupational therapy assessment before the person comes home.", by=maya)
    services.add_incident_action(
        admitted,
        action="Ask for an occupational therapy home assessment (stair rail)",
        owner=omar,
        due_on=now + timedelta(days=5),
        by=maya,
    )

    burn = services.record_incident(
        person=held.person,
        placement=held,
        occurred_at=_at(now - timedelta(days=45), 12),
        location="The kitchen",
        people_involved="The person and the carer",
        what_happened="Touched the kettle while making tea; a small red mark on the hand.",
        injury="Minor burn",
        medical_attention=False,
        by=olivia,
    )
    action = services.add_incident_action(
        burn,
        action="Kettle tipper fitted; support plan updated",
        owner=olivia,
        due_on=now - timedelta(days=38),
        by=olivia,
    )
    services.complete_incident_action(action, by=olivia, done_on=now - timedelta(days=40))
    services.review_incident(burn, notes="Proportionate response.", by=maya, reviewed_on=now - timedelta(days=39))
    services.close_incident(burn, by=maya, closed_on=now - timedelta(days=38))

    ill = services.record_incident(
        person=held.person,
        placement=held,
        occurred_at=_at(now - timedelta(days=6), 8),
        location="Home",
        people_involved="The person",
        what_happened="Vomiting and a high temperature at breakfast; GP out-of-hours advice followed.",
        medical_attention=True,
        medical_attention_details="Out-of-hours GP by phone.",
        taken_ill=True,
        family_informed_on=now - timedelta(days=6),
        family_informed_who="The person's mother",
        by=olivia,
    )
    services.add_incident_action(
        ill,
        action="Check the medication chart with the pharmacist",
        owner=olivia,
        due_on=now - timedelta(days=2),
        by=olivia,
    )
    return "safeguarding: 2 concerns (1 open with the household on hold), 3 incidents"
