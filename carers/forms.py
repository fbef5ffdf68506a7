"""Forms for the carer household pages. They collect input; the services in carers/services.py judge it.

Model forms skip the model's constraints (`validate_constraints`): the service refuses with a rule ID and
names the field, and its save runs every constraint again.
"""

from django import forms

from carers import lookups
from carers.models import (
    BreakCover,
    Carer,
    CarerAgreement,
    CarerHousehold,
    CarerRole,
    HoldReason,
    HouseholdMember,
    InsurancePolicy,
    LeavingReason,
    SupportCarer,
    TrainingCourse,
)
from carers.services import OVERRIDE_DAYS, OVERRIDE_MAX_DAYS
from sharedlives.forms import GovukDateField, GovukForm, GovukModelForm, correction_reason_field
from sharedlives.lookup import RecordField


class ServiceModelForm(GovukModelForm):
    def validate_constraints(self):
        """The service checks the rules (with their IDs) and saves with every constraint checked."""


class OfficerField(RecordField):
    """One of hundreds of officers, typed (sharedlives/lookup.py); an officer's pk from an older page still works."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Their name, e.g. Jane Smith, or choose from the suggestions as you type.")
        kwargs.setdefault("error_messages", {"required": "Enter the officer's name."})
        super().__init__(kind=lookups.OFFICERS, lookup="placements:lookup_officers", accept_pk=True, **kwargs)


class HouseholdForm(ServiceModelForm):
    class Meta:
        model = CarerHousehold
        fields = [
            "name",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "area",
            "phone",
            "email",
            "offers_live_in",
            "offers_short_breaks",
            "offers_day_support",
            "approved_places",
            "rooms_available",
            "skills_experience",
            "interests",
            "languages",
            "faith_culture",
            "has_pets",
            "pets",
            "smoking_household",
            "accessibility",
            "emergency_approved",
            "emergency_trained_on",
        ]
        labels = {
            "offers_live_in": "Offers live-in",
            "offers_short_breaks": "Offers short breaks",
            "offers_day_support": "Offers day support",
        }
        widgets = {
            "postcode": forms.TextInput(attrs={"data-width": "10", "autocomplete": "postal-code"}),
            "approved_places": forms.TextInput(attrs={"data-width": "2", "inputmode": "numeric"}),
            "rooms_available": forms.TextInput(attrs={"data-width": "2", "inputmode": "numeric"}),
            "skills_experience": forms.Textarea(attrs={"rows": 3}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }


class ApproveForm(GovukForm):
    approved_on = GovukDateField(
        kind="past", label="Approved on", help_text="The date the panel approved the household."
    )
    officer = OfficerField(
        label="Allocated Shared Lives officer",
        error_messages={"required": "Choose the Shared Lives officer the household is allocated to (CAR-3)."},
    )


class AllocateForm(GovukForm):
    officer = OfficerField(
        label="Shared Lives officer",
        error_messages={"required": "Choose the Shared Lives officer the household is allocated to (CAR-3)."},
    )


class ConfirmForm(GovukForm):
    """A button and nothing else: the page says what will happen."""


class ResumeForm(GovukForm):
    reason = forms.CharField(
        label="Why the hold is lifted",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed to lift a safeguarding hold, which only the management team can do (SAFE-4).",
    )


class HoldForm(GovukForm):
    hold_reason = forms.ChoiceField(
        label="Why is the household on hold?",
        choices=HoldReason.choices,
        initial=HoldReason.OTHER,
        required=False,
        widget=forms.RadioSelect,
        help_text="A safeguarding hold also stops new arrangements and break cover until it ends (SAFE-4).",
    )
    reason = forms.CharField(
        label="What it is about",
        required=False,
        max_length=200,
        help_text="For example, a family illness. Needed for a safeguarding hold.",
    )


class ChecksOverrideForm(GovukForm):
    reason = forms.CharField(
        label="Why arrangements may go ahead while checks are missing",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is missing, why it is safe meanwhile, and when it will be recorded.",
    )
    starts_on = GovukDateField(label="First day it covers")
    days = forms.IntegerField(
        label="How many days",
        min_value=1,
        max_value=OVERRIDE_MAX_DAYS,
        initial=OVERRIDE_DAYS,
        help_text=f"Usually {OVERRIDE_DAYS}; at most {OVERRIDE_MAX_DAYS}. It ends on its own.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )


class LeavingForm(GovukForm):
    left_on = GovukDateField(label="Left on")
    reason = forms.ChoiceField(label="Reason for leaving", choices=LeavingReason.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class LeavingDateCorrectionForm(GovukForm):
    left_on = GovukDateField(label="Left on")
    reason = correction_reason_field()


class CarerForm(ServiceModelForm):
    class Meta:
        model = Carer
        fields = ["role", "first_name", "last_name", "date_of_birth", "phone", "email"]
        widgets = {"role": forms.RadioSelect}


class MemberForm(ServiceModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["first_name", "last_name", "date_of_birth"]


class SupportCarerForm(ServiceModelForm):
    class Meta:
        model = SupportCarer
        fields = ["first_name", "last_name", "relationship", "phone", "scheme_agreement_on"]


class InsuranceForm(ServiceModelForm):
    class Meta:
        model = InsurancePolicy
        fields = ["kind", "insurer", "policy_number", "starts_on", "expires_on", "evidence_seen_on"]
        labels = {"kind": "Kind of insurance", "evidence_seen_on": "Evidence seen on"}
        widgets = {"kind": forms.RadioSelect}


class AgreementForm(ServiceModelForm):
    class Meta:
        model = CarerAgreement
        fields = ["version", "signed_on"]


class HouseholdRecordForm(GovukForm):
    """A form about one household's people: `household` limits the choices."""

    def __init__(self, *args, household: CarerHousehold, **kwargs):
        self.household = household
        super().__init__(*args, **kwargs)


class TrainingForm(HouseholdRecordForm):
    carer = forms.ModelChoiceField(label="Carer", queryset=Carer.objects.none(), empty_label="Choose a carer")
    course = forms.ModelChoiceField(
        label="Course", queryset=TrainingCourse.objects.filter(active=True), empty_label="Choose a course"
    )
    completed_on = GovukDateField(kind="past", label="Completed on")
    expires_on = GovukDateField(
        kind="expiry", label="Expires on", required=False, help_text="Leave empty to use the course's renewal period."
    )
    notes = forms.CharField(label="Notes", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carer"].queryset = self.household.carers.order_by("last_name", "first_name")


class DbsForm(HouseholdRecordForm):
    person = forms.ChoiceField(label="Whose check is it?")
    certificate_number = forms.CharField(label="Certificate number", max_length=20)
    issued_on = GovukDateField(kind="past", label="Issued on")
    renewal_due_on = GovukDateField(
        kind="expiry",
        label="Renewal due on",
        help_text="When the scheme next checks it: an update service check or a renewal.",
    )
    on_update_service = forms.BooleanField(label="On the DBS update service", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {f"carer-{c.pk}": ("carer", c) for c in self.household.carers.all()}
        self.people |= {f"support-{s.pk}": ("support_carer", s) for s in self.household.support_carers.all()}
        self.people |= {f"member-{m.pk}": ("member", m) for m in self.household.members.all()}
        suffix = {"carer": "", "support_carer": " (support carer)", "member": " (household member)"}
        self.fields["person"].choices = [("", "Choose a person")] + [
            (key, f"{person.full_name}{suffix[kind]}") for key, (kind, person) in self.people.items()
        ]

    def clean(self):
        """`person` ("carer-12", "support-34" or "member-56") becomes the service's carer= or support_carer=."""
        cleaned = super().clean()
        kind, person = self.people.get(cleaned.pop("person", ""), (None, None))
        cleaned["carer"] = person if kind == "carer" else None
        cleaned["support_carer"] = person if kind == "support_carer" else None
        cleaned["member"] = person if kind == "member" else None
        return cleaned


class BreakForm(HouseholdRecordForm):
    starts_on = GovukDateField(label="First night of the break")
    ends_on = GovukDateField(label="Back on", help_text="The day the carer is back: the last night is the one before.")
    cover = forms.ChoiceField(label="Who covers the break?", choices=BreakCover.choices, widget=forms.RadioSelect)
    cover_household = RecordField(
        label="Short-break household",
        required=False,
        kind=lookups.HOUSEHOLDS,
        lookup="placements:lookup_households",
        accept_pk=True,
        help_text="Only when another Shared Lives household covers the break: its name or reference, e.g. SL-0012.",
    )
    cover_support_carer = forms.ModelChoiceField(
        label="Support carer",
        required=False,
        queryset=SupportCarer.objects.none(),
        empty_label="Choose a support carer",
        help_text="Only when a support carer covers the break.",
    )
    cover_provider = forms.CharField(label="Other provider", required=False, max_length=120)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    extra_reason = forms.CharField(
        label="Reason for extra respite",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only needed when the break goes over the household's respite allocation.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover_household"].kind = lookups.short_break_households(excluding=self.household)
        self.fields["cover_support_carer"].queryset = self.household.support_carers.all()


def initial_role(household: CarerHousehold) -> dict:
    """A second carer is a joint carer: the household already has its main carer."""
    has_main = household.carers.filter(role=CarerRole.MAIN).exists()
    return {"role": CarerRole.JOINT if has_main else CarerRole.MAIN}
