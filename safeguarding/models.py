"""Safeguarding concerns, incidents, complaints and CQC notifications (SG-1 … SG-6): the records an inspector
reads first.

Every record is written by any officer, reviewed and closed by the management team (never by whoever raised it,
AUD-2, SG-5), keeps its full history and is never deleted: a record made by mistake is marked "recorded in error"
with a reason. Who may read a record's content is `safeguarding/access.py` (SG-6). Writes live in
`safeguarding/services.py`; deadlines are read by the compliance engine in reviews (SG-5).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sharedlives.fields import BoundedDateField

USER = settings.AUTH_USER_MODEL


class RecordStatus(models.TextChoices):
    """Where a record is in its life: raised, reviewed by the management team, closed (SG-5)."""

    OPEN = "open", "Open"
    REVIEWED = "reviewed", "Reviewed by the management team"
    CLOSED = "closed", "Closed"


class SafeguardingRecord(models.Model):
    """What every safeguarding record shares: its status, the management review and closing (by someone other than
    whoever raised it, AUD-2), and "recorded in error" instead of deletion."""

    # The field naming who raised or recorded the record (SG-5: they do not close it; SG-6: they may read it).
    AUTHOR_FIELD = "recorded_by"

    status = models.CharField(max_length=20, choices=RecordStatus.choices, default=RecordStatus.OPEN)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_on = BoundedDateField(null=True, blank=True, kind="past")
    review_notes = models.TextField("management review", blank=True)
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    closed_on = BoundedDateField(null=True, blank=True, kind="past")
    recorded_in_error = models.BooleanField(default=False)
    recorded_in_error_reason = models.TextField("why it was recorded in error", blank=True)
    recorded_in_error_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_in_error_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def author(self):
        return getattr(self, self.AUTHOR_FIELD)

    @property
    def author_id(self):
        return getattr(self, f"{self.AUTHOR_FIELD}_id")

    @property
    def is_open(self) -> bool:
        return self.status != RecordStatus.CLOSED and not self.recorded_in_error

    @classmethod
    def shared_constraints(cls, prefix: str) -> list[models.BaseConstraint]:
        """One row's rules every record keeps: reviewed says who, closed says who and when, in error says why."""
        return [
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True) | Q(reviewed_by__isnull=False),
                name=f"{prefix}_reviewed_says_who",
                violation_error_message="A management review says who reviewed it (SG-5).",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_by__isnull=False, closed_on__isnull=False),
                name=f"{prefix}_closed_says_who_and_when",
                violation_error_message="A closed record says who closed it and when (SG-5).",
            ),
            models.CheckConstraint(
                condition=Q(recorded_in_error=False)
                | (~Q(recorded_in_error_reason="") & Q(recorded_in_error_by__isnull=False)),
                name=f"{prefix}_in_error_says_who_and_why",
                violation_error_message="A record marked as recorded in error says who marked it and why.",
            ),
        ]


class ConcernCategory(models.TextChoices):
    """The Care Act 2014 categories of abuse and neglect (SG-1)."""

    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    PSYCHOLOGICAL = "psychological", "Psychological or emotional abuse"
    FINANCIAL = "financial", "Financial or material abuse"
    NEGLECT = "neglect", "Neglect and acts of omission"
    DISCRIMINATORY = "discriminatory", "Discriminatory abuse"
    ORGANISATIONAL = "organisational", "Organisational abuse"
    DOMESTIC = "domestic", "Domestic abuse"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"
    SELF_NEGLECT = "self_neglect", "Self-neglect"


class SafeguardingConcern(SafeguardingRecord):
    """A safeguarding concern about a person (SG-1): who is alleged, the Care Act category, what was done at once to
    keep the person safe, the referral to the council's safeguarding team, the enquiry's outcome and lessons.

    An allegation against a household puts it on hold for new arrangements (SAFE-4) until the management team
    lifts the hold with a reason; the hold itself is the household's (carers.services.put_on_hold)."""

    AUTHOR_FIELD = "raised_by"

    person = models.ForeignKey("placements.Person", on_delete=models.PROTECT, related_name="safeguarding_concerns")
    household = models.ForeignKey(
        "carers.CarerHousehold",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safeguarding_concerns",
        help_text="The household the concern is about, if any.",
    )
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="safeguarding_concerns"
    )
    allegation_against_household = models.BooleanField(
        "an allegation against the household",
        default=False,
        help_text="The concern is about someone in the household: it takes no new arrangements (SAFE-4).",
    )
    alleged_carer = models.ForeignKey(
        "carers.Carer", on_delete=models.PROTECT, null=True, blank=True, related_name="safeguarding_concerns"
    )
    alleged_member = models.ForeignKey(
        "carers.HouseholdMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safeguarding_concerns",
    )
    alleged_other = models.CharField("someone else alleged", max_length=200, blank=True)
    raised_on = BoundedDateField(kind="past")
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    category = models.CharField("Care Act category", max_length=20, choices=ConcernCategory.choices)
    description = models.TextField("what the concern is")
    immediate_actions = models.TextField(
        "what was done at once to keep the person safe",
        help_text="The person's wellbeing comes first; the response must not itself be abusive (SG-1).",
    )
    council_referred_on = BoundedDateField(
        "referred to the council's safeguarding team on", null=True, blank=True, kind="past"
    )
    council_reference = models.CharField("council's reference", max_length=60, blank=True)
    no_referral_reason = models.TextField(
        "why it was not referred to the council",
        blank=True,
        help_text="The management team's reason when the concern does not meet the council's threshold.",
    )
    outcome = models.TextField("outcome of the enquiry", blank=True)
    lessons_learned = models.TextField(blank=True)
    hold_placed_on = BoundedDateField("household put on hold on", null=True, blank=True, kind="past")
    hold_lifted_on = BoundedDateField("hold lifted on", null=True, blank=True, kind="past")
    hold_lifted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    hold_lift_reason = models.TextField("why the hold was lifted", blank=True)
    ending = models.ForeignKey(
        "placements.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safeguarding_concerns",
        help_text="The placement ending this concern led to (a safeguarding removal, END-8).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "raised_on"], name="concern_status_raised"),
            models.Index(fields=["household", "status"], name="concern_household_status"),
        ]
        permissions = [
            ("review_safeguardingconcern", "Review, refer and close a safeguarding concern; lift its hold"),
            ("view_safeguarding_summary", "See that safeguarding records exist, without their content"),
        ]
        constraints = [
            *SafeguardingRecord.shared_constraints("concern"),
            models.CheckConstraint(
                condition=Q(allegation_against_household=False) | Q(household__isnull=False),
                name="concern_allegation_names_household",
                violation_error_message="An allegation against a household names the household (SAFE-4).",
            ),
            models.CheckConstraint(
                condition=Q(council_referred_on__isnull=True) | Q(council_referred_on__gte=models.F("raised_on")),
                name="concern_referred_after_raised",
                violation_error_message="The council referral cannot be before the concern was raised.",
            ),
            models.CheckConstraint(
                condition=Q(hold_lifted_on__isnull=True) | (Q(hold_lifted_by__isnull=False) & ~Q(hold_lift_reason="")),
                name="concern_hold_lift_says_who_and_why",
                violation_error_message="Lifting the hold says who lifted it and why (SAFE-4).",
            ),
        ]

    def __str__(self) -> str:
        return f"Safeguarding concern ({self.get_category_display().lower()}), raised {self.raised_on:%-d %b %Y}"

    def clean(self):
        household_id = self.household_id
        for field in ("alleged_carer", "alleged_member"):
            alleged = getattr(self, field, None)
            if alleged is not None and household_id is not None and alleged.household_id != household_id:
                raise ValidationError({field: "Choose someone in the household the concern is about."})


class Incident(SafeguardingRecord):
    """An incident or accident (SG-2): when and where, who was involved, what happened, injury, medical attention and
    hospital admission; the family or representative is told when the person is taken ill or into hospital."""

    person = models.ForeignKey("placements.Person", on_delete=models.PROTECT, related_name="incidents")
    household = models.ForeignKey(
        "carers.CarerHousehold", on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    occurred_at = models.DateTimeField("date and time")
    location = models.CharField("where", max_length=200)
    people_involved = models.TextField("who was involved")
    what_happened = models.TextField()
    injury = models.TextField("injury", blank=True, help_text="Leave blank if no one was hurt.")
    medical_attention = models.BooleanField("medical attention was needed", default=False)
    medical_attention_details = models.TextField(blank=True)
    hospital_admission = models.BooleanField("admitted to hospital", default=False)
    taken_ill = models.BooleanField("the person was taken ill", default=False)
    family_informed_on = BoundedDateField(
        "family or representative informed on",
        null=True,
        blank=True,
        kind="past",
        help_text="The family is told when the person is taken ill or into hospital (SG-2).",
    )
    family_informed_who = models.CharField("who was told", max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "occurred_at"], name="incident_status_occurred"),
            models.Index(fields=["household", "status"], name="incident_household_status"),
        ]
        permissions = [("review_incident", "Review and close an incident")]
        constraints = [*SafeguardingRecord.shared_constraints("incident")]

    def __str__(self) -> str:
        return f"Incident at {self.location}, {self.occurred_at:%-d %b %Y}"

    @property
    def family_must_be_told(self) -> bool:
        """SG-2: taken ill or into hospital."""
        return self.hospital_admission or self.taken_ill


class IncidentAction(models.Model):
    """A follow-up action from an incident, with its owner and due date (SG-2, SG-5)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due_on = BoundedDateField(kind="planned")
    done_on = BoundedDateField(null=True, blank=True, kind="past")
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_in_error = models.BooleanField(default=False)
    recorded_in_error_reason = models.TextField("why it was recorded in error", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on"], name="incident_action_open", condition=Q(done_on__isnull=True))]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_by__isnull=False),
                name="incident_action_done_says_who",
                violation_error_message="A done action says who did it.",
            ),
            models.CheckConstraint(
                condition=Q(recorded_in_error=False) | ~Q(recorded_in_error_reason=""),
                name="incident_action_in_error_says_why",
                violation_error_message="Say why the action was recorded in error.",
            ),
        ]

    def __str__(self) -> str:
        return self.action[:60]


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    CONCERN = "concern", "Concern"
    COMPLIMENT = "compliment", "Compliment"


class ComplaintFrom(models.TextChoices):
    PERSON = "person", "The person supported"
    FAMILY = "family", "Family or representative"
    CARER = "carer", "A carer"
    PROFESSIONAL = "professional", "A professional"
    ANONYMOUS = "anonymous", "Anonymous"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY = "partly", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class EscalatedTo(models.TextChoices):
    NONE = "none", "Not escalated"
    COUNCIL = "council", "The council's complaints procedure"
    OMBUDSMAN = "ombudsman", "The Local Government and Social Care Ombudsman"


class Complaint(SafeguardingRecord):
    """A complaint, concern or compliment (SG-3): acknowledged and answered within the scheme's working-day limits
    (SchemePolicy.complaint_acknowledgement_days, complaint_response_days); compliments are evidence for the CQC."""

    kind = models.CharField(max_length=20, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT)
    from_whom = models.CharField("from", max_length=20, choices=ComplaintFrom.choices)
    from_name = models.CharField("name of who it is from", max_length=200, blank=True)
    about = models.TextField("what it is about")
    person = models.ForeignKey(
        "placements.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    household = models.ForeignKey(
        "carers.CarerHousehold", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    received_on = BoundedDateField(kind="past")
    acknowledged_on = BoundedDateField(null=True, blank=True, kind="past")
    responded_on = BoundedDateField(null=True, blank=True, kind="past")
    response = models.TextField("response given", blank=True)
    outcome = models.CharField(max_length=20, choices=ComplaintOutcome.choices, blank=True)
    learning = models.TextField(blank=True)
    escalated_to = models.CharField(max_length=20, choices=EscalatedTo.choices, default=EscalatedTo.NONE)
    escalated_on = BoundedDateField(null=True, blank=True, kind="past")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["status", "received_on"], name="complaint_status_received")]
        permissions = [
            ("review_complaint", "Review, answer and close a complaint"),
            ("view_quality", "See the Quality and safety page and its exports (SG-6)"),
        ]
        constraints = [
            *SafeguardingRecord.shared_constraints("complaint"),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gte=models.F("received_on")),
                name="complaint_acknowledged_after_received",
                violation_error_message="A complaint cannot be acknowledged before it was received.",
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=models.F("received_on")),
                name="complaint_responded_after_received",
                violation_error_message="A complaint cannot be answered before it was received.",
            ),
            models.CheckConstraint(
                condition=Q(escalated_to="none") | Q(escalated_on__isnull=False),
                name="complaint_escalation_has_date",
                violation_error_message="An escalated complaint says when it was escalated.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} received {self.received_on:%-d %b %Y}"


class NotificationKind(models.TextChoices):
    """What a registered manager must notify to the CQC (SG-4)."""

    DEATH = "death", "Death of a person using the service"
    SERIOUS_INJURY = "serious_injury", "Serious injury"
    ABUSE = "abuse", "Abuse or an allegation of abuse"
    POLICE = "police", "Incident reported to or investigated by the police"
    STOPPING_SAFE_RUNNING = "stopping_safe_running", "Event that stops the service running safely"


class StatutoryNotification(SafeguardingRecord):
    """A notification to the CQC (SG-4): due without delay (the next working day), with what was sent and when."""

    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    event_on = BoundedDateField("the event happened or became known on", kind="past")
    due_on = BoundedDateField(kind="planned")
    sent_on = BoundedDateField(null=True, blank=True, kind="past")
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    what_was_sent = models.TextField(blank=True)
    cqc_reference = models.CharField("CQC reference", max_length=60, blank=True)
    person = models.ForeignKey(
        "placements.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="statutory_notifications"
    )
    concern = models.ForeignKey(
        SafeguardingConcern, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    ending = models.ForeignKey(
        "placements.Notice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statutory_notifications",
        help_text="The placement ending (e.g. the person died) the notification is about.",
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-due_on", "-pk"]
        indexes = [models.Index(fields=["due_on"], name="notification_unsent", condition=Q(sent_on__isnull=True))]
        permissions = [("send_statutorynotification", "Record a CQC notification as sent")]
        constraints = [
            *SafeguardingRecord.shared_constraints("notification"),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | (Q(sent_by__isnull=False) & ~Q(what_was_sent="")),
                name="notification_sent_says_who_and_what",
                violation_error_message="A sent notification says who sent it and what was sent (SG-4).",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("event_on")),
                name="notification_due_after_event",
                violation_error_message="A notification cannot be due before the event.",
            ),
        ]

    def __str__(self) -> str:
        return f"CQC notification: {self.get_kind_display().lower()}, due {self.due_on:%-d %b %Y}"
