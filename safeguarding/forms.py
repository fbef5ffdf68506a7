"""Forms for safeguarding concerns and incidents. They collect input; safeguarding/services.py judges it and refuses
with a rule ID (the view puts the refusal on the form). Field names match the services' RuleViolation fields."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from carers.lookups import STAFF
from carers.models import Carer, HouseholdMember
from placements.models import Placement
from safeguarding.models import ConcernCategory
from sharedlives.dates import today
from sharedlives.forms import GovukDateField, GovukForm
from sharedlives.lookup import RecordField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _yes_no(label: str, initial: str = "no", **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial=initial,
        **kwargs,
    )


class PlacementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        ended = f", ended {obj.ends_on:%-d %b %Y}" if obj.ends_on else ""
        return f"With {obj.household.name} ({obj.get_kind_display().lower()}{ended})"


class PersonInHousehold(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.first_name} {obj.last_name} ({obj.household.name})"


def placement_choice(label: str, empty_label: str, **kwargs) -> PlacementChoice:
    """Which of the person's placements (so which household) a record is about, if any: the form's __init__ gives
    the choices, person_placements(person)."""
    return PlacementChoice(
        label=label, queryset=Placement.objects.none(), required=False, empty_label=empty_label, **kwargs
    )


def person_placements(person):
    return Placement.objects.filter(person=person).select_related("household").order_by("-starts_on", "-pk")


def moment(day, at: time | None):
    return timezone.make_aware(datetime.combine(day, at or time(12, 0)))


class ConcernForm(GovukForm):
    """SG-1: the concern, who is alleged, and what was done at once; the hold offered in the same flow (SAFE-4)."""

    placement = placement_choice(
        "Which household is it about",
        "Not about a Shared Lives household",
        help_text="The person's placements, latest first.",
    )
    allegation_against_household = _yes_no(
        "Is it an allegation against someone in the household?",
        help_text="An allegation puts the household on hold: it takes no new arrangements or break cover until the "
        "management team lifts the hold (SAFE-4). Existing arrangements continue.",
    )
    alleged_carer = PersonInHousehold(label="Carer alleged", queryset=Carer.objects.none(), required=False)
    alleged_member = PersonInHousehold(
        label="Household member alleged", queryset=HouseholdMember.objects.none(), required=False
    )
    alleged_other = forms.CharField(label="Someone else alleged", max_length=200, required=False)
    put_on_hold = forms.BooleanField(
        label="Put the household on hold now",
        required=False,
        help_text="For a concern that is not an allegation, when the household should take no new arrangements "
        "while it is looked into (SAFE-4).",
    )
    raised_on = GovukDateField(kind="past", label="Date the concern was raised")
    category = forms.ChoiceField(
        label="Care Act category",
        choices=ConcernCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the Care Act category (SG-1)."},
    )
    description = forms.CharField(
        label="What the concern is",
        widget=_text(5),
        help_text="What was seen, heard or told, and by whom. Use the person's own words where you can.",
        error_messages={"required": "Describe the concern (SG-1)."},
    )
    immediate_actions = forms.CharField(
        label="What was done at once to keep the person safe",
        widget=_text(4),
        help_text="The person's wellbeing comes first; the response must not itself be abusive (SG-1).",
        error_messages={"required": "Say what was done to keep the person safe (SG-1)."},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        placements = person_placements(person)
        self.fields["placement"].queryset = placements
        households = placements.values("household")
        self.fields["alleged_carer"].queryset = Carer.objects.filter(household__in=households).select_related(
            "household"
        )
        self.fields["alleged_member"].queryset = HouseholdMember.objects.filter(
            household__in=households
        ).select_related("household")

    def clean(self):
        data = super().clean()
        placement = data.get("placement")
        for field in ("alleged_carer", "alleged_member"):
            alleged = data.get(field)
            if alleged is not None and (placement is None or alleged.household_id != placement.household_id):
                self.add_error(field, "Choose someone in the household the concern is about.")
        if data.get("allegation_against_household") and placement is None:
            self.add_error("placement", "Choose the household the allegation is about (SAFE-4).")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "placement": data.get("placement"),
            "allegation_against_household": data["allegation_against_household"],
            "alleged_carer": data.get("alleged_carer"),
            "alleged_member": data.get("alleged_member"),
            "alleged_other": data.get("alleged_other", ""),
            "put_on_hold": data.get("put_on_hold", False),
            "raised_on": data["raised_on"],
            "category": data["category"],
            "description": data["description"],
            "immediate_actions": data["immediate_actions"],
        }


class EditConcernForm(GovukForm):
    category = ConcernForm.base_fields["category"]
    description = ConcernForm.base_fields["description"]
    immediate_actions = ConcernForm.base_fields["immediate_actions"]
    alleged_other = ConcernForm.base_fields["alleged_other"]


class ReviewForm(GovukForm):
    notes = forms.CharField(
        label="The management team's review",
        widget=_text(4),
        help_text="What was decided: the next steps, whether to refer to the council, whether the person is safe.",
        error_messages={"required": "Write what the management team decided (SG-5)."},
    )


class ReferralForm(GovukForm):
    referred_on = GovukDateField(kind="past", label="Date referred to the council's safeguarding team", required=False)
    reference = forms.CharField(label="The council's reference", max_length=60, required=False)
    no_referral_reason = forms.CharField(
        label="Or: why it is not referred",
        widget=_text(3),
        required=False,
        help_text="The management team only, when the concern does not meet the council's threshold.",
    )


class OutcomeForm(GovukForm):
    outcome = forms.CharField(
        label="Outcome of the enquiry",
        widget=_text(4),
        error_messages={"required": "Write the outcome of the enquiry (SG-1)."},
    )
    lessons_learned = forms.CharField(label="Lessons learned", widget=_text(3), required=False)


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", widget=_text(3), max_length=1000)

    def __init__(self, *args, label: str = "Reason", help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text
        self.fields["reason"].error_messages["required"] = f"Enter: {label.lower()}."


class ConfirmForm(GovukForm):
    """A confirmation page's form: the seen status guards against a change made meanwhile."""

    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)


class EndingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.placement.household.name}: notice given {obj.given_on:%-d %b %Y} ({obj.get_reason_display()})"


class EndingForm(GovukForm):
    ending = EndingChoice(label="The placement ending", queryset=None, empty_label=None)

    def __init__(self, *args, endings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ending"].queryset = endings


# Incidents (SG-2) ----------------------------------------------------------------------------------------------


class IncidentForm(GovukForm):
    placement = placement_choice("Which household was the person with", "Not with a Shared Lives household")
    occurred_on = GovukDateField(kind="past", label="Date of the incident")
    occurred_time = forms.TimeField(
        label="Time",
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"data-width": "5", "autocomplete": "off"}),
        help_text="For example, 14:30. Left blank: midday.",
        error_messages={"invalid": "Enter a time, for example 14:30."},
    )
    location = forms.CharField(label="Where it happened", max_length=200)
    people_involved = forms.CharField(label="Who was involved", widget=_text(2))
    what_happened = forms.CharField(label="What happened", widget=_text(5))
    injury = forms.CharField(
        label="Injury", widget=_text(2), required=False, help_text="Leave blank if no one was hurt."
    )
    medical_attention = _yes_no("Was medical attention needed?")
    medical_attention_details = forms.CharField(label="Medical attention given", widget=_text(2), required=False)
    hospital_admission = _yes_no("Was the person admitted to hospital?")
    taken_ill = _yes_no("Was the person taken ill?")
    family_informed_on = GovukDateField(
        kind="past",
        label="Date the family or representative was told",
        required=False,
        help_text="Required when the person was taken ill or into hospital (SG-2). Leave blank if not yet: it "
        "shows as overdue until recorded.",
    )
    family_informed_who = forms.CharField(label="Who was told", max_length=200, required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = person_placements(person)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["occurred_at"] = moment(data.pop("occurred_on"), data.pop("occurred_time", None))
        return data


class EditIncidentForm(IncidentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["placement"]


def incident_initial(incident) -> dict:
    local = timezone.localtime(incident.occurred_at)
    initial = {name: getattr(incident, name) for name in EditIncidentForm.base_fields if hasattr(incident, name)}
    yes_no = ("medical_attention", "hospital_admission", "taken_ill")
    initial |= {name: "yes" if getattr(incident, name) else "no" for name in yes_no}
    return initial | {"occurred_on": local.date(), "occurred_time": local.time().replace(second=0, microsecond=0)}


class IncidentActionForm(GovukForm):
    action = forms.CharField(label="What is to be done", widget=_text(2))
    # Typed (sharedlives/lookup.py): hundreds of officers and managers are too many for a select.
    owner = RecordField(
        label="Who does it",
        kind=STAFF,
        lookup="placements:lookup_staff",
        accept_pk=True,
        help_text="An officer or a member of the management team: their name, or choose from the suggestions.",
    )
    due_on = GovukDateField(kind="planned", label="Due by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].initial = today()


class CompleteActionForm(GovukForm):
    action = forms.IntegerField(widget=forms.HiddenInput)
