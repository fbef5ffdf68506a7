"""Forms for contacts, reviews, risk assessments and changes of needs. They collect input; the services in
reviews/services.py judge it and refuse with a rule ID (the view puts the refusal on the form).

Every field a service names in a RuleViolation has the same name here, so the error shows next to it.
"""

from datetime import datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from placements.models import Placement
from reviews.models import ContactMethod, ContactWith, RaisedBy, ReviewKind
from sharedlives.dates import today
from sharedlives.forms import GovukDateField, GovukForm
from sharedlives.roles import managers

YES_NO = [("yes", "Yes"), ("no", "No")]
ACTION_ROWS = 3


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def current_placements(household, on):
    """The household's current placements, for a placement select (one query when rendered)."""
    return (
        Placement.objects.filter(household=household, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("person")
        .order_by("person__last_name", "pk")
    )


class PlacementField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.full_name} ({obj.get_kind_display().lower()})"


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def _yes_no_field(label: str, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        **kwargs,
    )


# Contacts -----------------------------------------------------------------------------------------------


def contact_time(day, at: time | None):
    """When the contact happened: the time given, or now for today, or midday for another day."""
    if at is None:
        if day == today():
            return timezone.now()
        at = time(12, 0)
    return timezone.make_aware(datetime.combine(day, at))


class ContactForm(GovukForm):
    """REV-2, PLA-4: three required fields; everything else has a default."""

    method = forms.ChoiceField(
        label="How",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact happened (REV-2)."},
    )
    summary = forms.CharField(
        label="Summary",
        widget=_text(4),
        help_text="What was discussed, and anything to follow up. This is the case note.",
        error_messages={"required": "Write a short summary of the contact (REV-2)."},
    )
    with_whom = forms.ChoiceField(
        label="With", choices=ContactWith.choices, widget=forms.RadioSelect, required=False, initial=ContactWith.CARER
    )
    placement = PlacementField(
        label="About",
        queryset=Placement.objects.none(),
        required=False,
        empty_label="The household generally",
        help_text="The person supported, when the contact was about one of them.",
    )
    concern_raised = forms.BooleanField(
        label="A concern was raised",
        required=False,
        help_text="Flags the contact to the management team (PLA-4).",
    )
    occurred_on = GovukDateField(
        kind="past",
        label="Date of the contact",
        help_text="For example, 27 3 2026. Today is filled in.",
        error_messages={"required": "Enter the date of the contact."},
    )
    occurred_time = forms.TimeField(
        label="Time",
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"data-width": "5", "autocomplete": "off"}),
        help_text="For example, 14:30. Left blank: now for today, midday for another day.",
        error_messages={"invalid": "Enter a time, for example 14:30."},
    )

    def __init__(self, *args, household, **kwargs):
        self.household = household
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = current_placements(household, today())

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "method": data["method"],
            "summary": data["summary"],
            "with_whom": data.get("with_whom") or ContactWith.CARER,
            "placement": data.get("placement"),
            "concern_raised": data.get("concern_raised", False),
            "occurred_at": contact_time(data["occurred_on"], data.get("occurred_time")),
        }


class EditContactForm(ContactForm):
    """The contact form, filled in with the contact as recorded (AUD-1)."""

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, household=contact.household, **kwargs)
        placements = current_placements(contact.household, today())
        if contact.placement_id:
            placements = (placements | Placement.objects.filter(pk=contact.placement_id)).distinct()
        self.fields["placement"].queryset = placements


def contact_initial(contact) -> dict:
    local = timezone.localtime(contact.occurred_at)
    return {
        "method": contact.method,
        "summary": contact.summary,
        "with_whom": contact.with_whom,
        "placement": contact.placement_id,
        "concern_raised": contact.concern_raised,
        "occurred_on": local.date(),
        "occurred_time": local.time().replace(second=0, microsecond=0),
    }


class RecordedInErrorForm(GovukForm):
    reason = forms.CharField(
        label="Why it was recorded in error",
        widget=_text(3),
        max_length=500,
        help_text="For example, it was logged against the wrong household. The record is kept, struck through.",
        error_messages={"required": "Say why it was recorded in error."},
    )


class QuickContactForm(GovukForm):
    """My work's quick form: which household, how, and what was said. Now, with the carer."""

    household = forms.TypedChoiceField(
        label="Household",
        coerce=int,
        error_messages={"required": "Choose the household (REV-2)."},
    )
    method = forms.ChoiceField(
        label="How",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact happened (REV-2)."},
    )
    summary = forms.CharField(
        label="Summary",
        widget=_text(2),
        error_messages={"required": "Write a short summary of the contact (REV-2)."},
    )

    def __init__(self, *args, households: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", "Choose a household")] + [
            (h["pk"], f"{h['name']} ({h['reference']})") for h in households
        ]


# Reviews ------------------------------------------------------------------------------------------------


class ReviewForm(GovukForm):
    """Every review kind on one page, JS-free: the checks each kind needs are grouped and say which kind."""

    kind = forms.ChoiceField(
        label="Kind of review",
        choices=ReviewKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of review."},
    )
    held_on = GovukDateField(kind="past", label="Held on", help_text="For example, 27 3 2026.")
    in_person = _yes_no_field(
        "Held in person",
        help_text="The carer appraisal and the person's annual review are held in person (REV-4).",
    )
    placement = PlacementField(
        label="Whose placement",
        queryset=Placement.objects.none(),
        required=False,
        empty_label="Not about one person",
        help_text="Needed for the 28-day review and the person's annual review (REV-1).",
    )
    attendees = forms.CharField(
        label="Who took part",
        widget=_text(2),
        error_messages={"required": "Say who took part in the review."},
    )
    persons_views = forms.CharField(
        label="The person's own views",
        widget=_text(3),
        required=False,
        help_text="Needed for the 28-day review and the person's annual review (REV-8).",
    )
    different_reviewing_officer = forms.BooleanField(
        label="Someone other than the person's usual officer led the review",
        required=False,
        help_text="Then name the advocate or named person who supported the person (REV-8).",
    )
    advocate = forms.CharField(label="Advocate or named person", required=False, max_length=120)
    outcomes = forms.CharField(label="Outcomes", widget=_text(3), required=False)
    concerns = forms.CharField(label="Concerns", widget=_text(2), required=False)
    finance_audit_done = forms.BooleanField(
        label="Finance audit done", required=False, help_text="1:1 financial review (REV-3)."
    )
    medication_competency_done = forms.BooleanField(
        label="Medication competency assessment done", required=False, help_text="1:1 medication review (REV-3)."
    )
    property_check_done = forms.BooleanField(
        label="Property health and safety check done",
        required=False,
        help_text="1:1 health and safety review (REV-3).",
    )
    insurance_evidence_seen = forms.BooleanField(
        label="Insurance evidence seen",
        required=False,
        help_text="1:1 health and safety review: noted on the household's current policies (CAR-5).",
    )
    training_needs = forms.CharField(label="Training needs", widget=_text(2), required=False)
    wellbeing = forms.CharField(label="The carer's wellbeing", widget=_text(2), required=False)
    feedback = forms.CharField(label="The carer's feedback on the service", widget=_text(2), required=False)
    respite_planned_nights = forms.IntegerField(
        label="Respite planned for next year (nights)",
        required=False,
        min_value=0,
        max_value=366,
        widget=forms.TextInput(attrs={"data-width": "3", "inputmode": "numeric"}),
        help_text="Needed for the carer appraisal (RES-4).",
        error_messages={"invalid": "Enter the number of nights, for example 21."},
    )
    discussed_with = PersonField(
        label="Discussed with (management team)",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Choose a member of the management team",
        help_text="Needed for a short-notice visit (REV-6).",
    )

    FIELDSETS = [
        ("The review", "", ["kind", "held_on", "in_person", "placement", "attendees"]),
        (
            "The person",
            "For the 28-day review and the person's annual review.",
            ["persons_views", "different_reviewing_officer", "advocate"],
        ),
        ("What came of it", "", ["outcomes", "concerns"]),
        (
            "1:1 reviews",
            "The financial, medication, and health and safety reviews each include their check (REV-3).",
            ["finance_audit_done", "medication_competency_done", "property_check_done", "insurance_evidence_seen"],
        ),
        (
            "Carer appraisal",
            "Only for the carer appraisal.",
            ["training_needs", "wellbeing", "feedback", "respite_planned_nights"],
        ),
        ("Short-notice visit", "Only for a short-notice visit.", ["discussed_with"]),
    ]

    def __init__(self, *args, household, **kwargs):
        self.household = household
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = current_placements(household, today())
        self.fields["discussed_with"].queryset = managers()
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_description"] = forms.CharField(label="What", required=False, max_length=300)
            self.fields[f"action_{n}_owner"] = forms.CharField(
                label="Who", required=False, max_length=120, widget=forms.TextInput(attrs={"data-width": "20"})
            )
            self.fields[f"action_{n}_due_on"] = GovukDateField(label="Due on", required=False)

    def fieldsets(self):
        return [(legend, hint, [self[name] for name in names]) for legend, hint, names in self.FIELDSETS]

    def action_rows(self):
        return [
            (n, [self[f"action_{n}_{part}"] for part in ("description", "owner", "due_on")])
            for n in range(1, ACTION_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        actions = []
        for n in range(1, ACTION_ROWS + 1):
            row = {part: data.get(f"action_{n}_{part}") for part in ("description", "owner", "due_on")}
            if not any(row.values()):
                continue  # blank rows are ignored
            missing = [part for part, value in row.items() if not value]
            for part in missing:
                if not self.has_error(f"action_{n}_{part}"):
                    what = {"description": "what is to be done", "owner": "who does it", "due_on": "when it is due"}
                    self.add_error(f"action_{n}_{part}", f"Action {n}: say {what[part]}.")
            if not missing:
                actions.append(row)
        data["actions"] = actions
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        for n in range(1, ACTION_ROWS + 1):
            for part in ("description", "owner", "due_on"):
                data.pop(f"action_{n}_{part}", None)
        return data


class CompleteActionForm(GovukForm):
    action = forms.IntegerField(widget=forms.HiddenInput)


# Risk assessments and changes of needs ------------------------------------------------------------------


class RiskAssessmentForm(GovukForm):
    done_on = GovukDateField(kind="past", label="Assessed on")
    next_review_on = GovukDateField(
        label="Next review due on",
        help_text="Risk assessments are reviewed on recorded timescales (REV-7).",
        error_messages={"required": "Enter when the risk assessment is next reviewed (REV-7)."},
    )
    summary = forms.CharField(label="Summary", widget=_text(4), required=False)


class ChangeOfNeedsForm(GovukForm):
    raised_on = GovukDateField(
        kind="past",
        label="Raised on",
        help_text="The in-person meeting with the carer is due within five working days (CHG-1).",
    )
    raised_by = forms.ChoiceField(label="Raised by", choices=RaisedBy.choices, widget=forms.RadioSelect)
    description = forms.CharField(label="What has changed", widget=_text(5))


class ChangeMeetingForm(GovukForm):
    held_on = GovukDateField(
        kind="past",
        label="Met the carer in person on",
        help_text="With the person too, if appropriate (CHG-1).",
    )
    notes = forms.CharField(label="Notes", widget=_text(5), required=False)


class ChangeDiscussionForm(GovukForm):
    discussed_on = GovukDateField(
        kind="past", label="Discussed on", help_text="In person, within one working day of meeting the carer (CHG-2)."
    )
    manager = PersonField(
        label="Member of the management team",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a member of the management team",
        error_messages={"required": "Choose the member of the management team (CHG-2)."},
    )
    agreed_actions = forms.CharField(
        label="Actions agreed",
        widget=_text(5),
        error_messages={"required": "Record the actions agreed (CHG-2)."},
    )
    referred_care_technology = forms.BooleanField(label="Referred to care technology", required=False)
    referred_pbs = forms.BooleanField(label="Referred to positive behaviour support", required=False)
    referred_health = forms.BooleanField(label="Referred to health services", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers()


class FundingRequestForm(GovukForm):
    what_for = forms.CharField(label="What the additional funding is for", widget=_text(4))
    other_support_explored = forms.CharField(
        label="Other sources of support already explored",
        widget=_text(4),
        help_text="Care technology, positive behaviour support, health services (CHG-3).",
        error_messages={"required": "Say which other sources of support were explored (CHG-3)."},
    )


class CloseChangeForm(GovukForm):
    closed_on = GovukDateField(kind="past", label="Closed on")


class EditReviewForm(GovukForm):
    """What an edit of a review may change (reviews.services.REVIEW_EDITABLE); its kind and checks stay."""

    held_on = GovukDateField(kind="past", label="Held on", help_text="For example, 27 3 2026.")
    in_person = _yes_no_field(
        "Held in person", help_text="The carer appraisal and the person's annual review are held in person (REV-4)."
    )
    attendees = forms.CharField(label="Who took part", widget=_text(2))
    persons_views = forms.CharField(label="The person's own views", widget=_text(3), required=False)
    advocate = forms.CharField(label="Advocate or named person", required=False, max_length=120)
    outcomes = forms.CharField(label="Outcomes", widget=_text(3), required=False)
    concerns = forms.CharField(label="Concerns", widget=_text(2), required=False)
