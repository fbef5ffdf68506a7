"""Forms for the referral and placement pages. They collect input; placements/services.py judges it.

Model forms skip the model's constraints and unique checks: the service refuses with a rule ID and names
the field, and its save runs every constraint again.
"""

from django import forms
from django.contrib.auth import get_user_model

from carers.forms import OfficerField
from carers.models import CarerHousehold
from placements.lookups import PEOPLE
from placements.models import (
    ArrangementKind,
    DayBlock,
    EndingReason,
    FundingOutcome,
    IntroductionKind,
    Match,
    MatchStatus,
    MoveReason,
    NoticeGivenBy,
    NoticeReason,
    Person,
    Placement,
    ProvisionKind,
    Referral,
)
from sharedlives.forms import GovukDateField, GovukForm, GovukModelForm, correction_reason_field, needed_with
from sharedlives.lookup import RecordField
from sharedlives.roles import MANAGEMENT_TEAM


class ServiceModelForm(GovukModelForm):
    def validate_constraints(self):
        """The service checks the rules (with their IDs) and saves with every constraint checked."""

    def validate_unique(self):
        """The service refuses a duplicate case-system reference with its rule ID (REF-1)."""


def _user_label(user) -> str:
    return user.get_full_name() or user.get_username()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _user_label(obj)


def management_team():
    return get_user_model().objects.filter(groups__name=MANAGEMENT_TEAM, is_active=True).order_by("first_name")


class ConfirmForm(GovukForm):
    """A button and nothing else: the page says what will happen."""


# People ------------------------------------------------------------------------------------------------


class PersonForm(ServiceModelForm):
    class Meta:
        model = Person
        fields = [
            "cdir_reference",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "primary_support_need",
            "likes",
            "dislikes",
            "interests",
            "languages",
            "faith_culture",
            "preferred_area",
            "pets",
            "can_live_with_smokers",
            "accessibility_needs",
            "advocate_name",
            "advocate_contact",
            "funding_area_team",
        ]
        labels = {"cdir_reference": "Case-system (CDir) reference", "can_live_with_smokers": "Can live with smokers"}
        widgets = {
            "cdir_reference": forms.TextInput(attrs={"data-width": "10"}),
            "pets": forms.RadioSelect,
            "likes": forms.Textarea(attrs={"rows": 3}),
            "dislikes": forms.Textarea(attrs={"rows": 3}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_support_need"].choices = [("", "Choose a support need")] + list(
            self.fields["primary_support_need"].choices
        )[1:]


# Referrals ---------------------------------------------------------------------------------------------


class ReferralForm(GovukForm):
    # One of 10,000 people, typed (sharedlives/lookup.py). No pk typed: a case-system reference may be all digits.
    person = RecordField(
        label="Person",
        kind=PEOPLE,
        lookup="placements:lookup_people",
        help_text="Their name or case-system (CDir) reference: every referral carries the reference (REF-1).",
        error_messages={"required": "Enter the person's name or case-system reference (REF-1)."},
    )
    kind = forms.ChoiceField(label="Type of arrangement", choices=ArrangementKind.choices, widget=forms.RadioSelect)
    emergency = forms.BooleanField(
        label="Emergency referral",
        required=False,
        help_text="Discussed in person with the management team before matching (REF-5).",
    )
    received_on = GovukDateField(kind="past", label="Received on")
    referrer_name = forms.CharField(label="Referrer's name", max_length=120)
    referrer_team = forms.CharField(label="Referrer's team", max_length=120)
    wanted_from = GovukDateField(label="Wanted from", required=False, help_text="When the arrangement needs to start.")
    day_service_days_per_week = forms.IntegerField(
        label="Commissioned day-service days a week",
        required=False,
        min_value=0,
        max_value=7,
        widget=forms.TextInput(attrs={"data-width": "2", "inputmode": "numeric"}),
    )
    targeted_need = forms.CharField(
        label="Targeted need",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when day services go beyond three days a week (REF-8).",
    )


class ReferralDocumentsForm(ServiceModelForm):
    class Meta:
        model = Referral
        fields = [
            "assessment_received_on",
            "care_plan_received_on",
            "risk_assessment_received_on",
            "risk_review_due_on",
            "wanted_from",
            "day_service_days_per_week",
            "targeted_need",
        ]
        labels = {
            "assessment_received_on": "Care-management assessment received on",
            "care_plan_received_on": "Care plan received on",
            "risk_assessment_received_on": "Risk assessment received on",
            "risk_review_due_on": "Risk assessment next review due on",
            "day_service_days_per_week": "Commissioned day-service days a week",
        }
        help_texts = {"targeted_need": "Needed when day services go beyond three days a week (REF-8)."}
        widgets = {
            "day_service_days_per_week": forms.TextInput(attrs={"data-width": "2", "inputmode": "numeric"}),
            "targeted_need": forms.Textarea(attrs={"rows": 3}),
        }


class FundingDecisionForm(GovukForm):
    panel = forms.CharField(label="Panel", max_length=80, initial="SPOG")
    decided_on = GovukDateField(kind="past", label="Decided on")
    outcome = forms.ChoiceField(label="Outcome", choices=FundingOutcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EmergencyDiscussionForm(GovukForm):
    manager = UserChoiceField(
        label="Discussed with",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a member of the management team",
    )
    discussed_on = GovukDateField(kind="past", label="Discussed on")
    outcome = forms.CharField(label="Outcome of the discussion", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = management_team()


class WaitingListForm(GovukForm):
    since = GovukDateField(kind="past", label="On the waiting list from")


class StillNeededForm(GovukForm):
    checked_on = GovukDateField(kind="past", label="Checked on")
    checked_with = forms.CharField(label="Checked with", max_length=120, help_text="Who in the case team, by name.")
    still_needed = forms.TypedChoiceField(
        label="Is the placement still needed?",
        choices=[("yes", "Yes: matching starts again"), ("no", "No: close the referral")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class CloseReferralForm(GovukForm):
    reason = forms.CharField(label="Why is the referral closed?", max_length=200)


class HandOverForm(GovukForm):
    officer = OfficerField(label="Shared Lives officer")
    on = GovukDateField(kind="past", label="Handed over on")


# Matching ----------------------------------------------------------------------------------------------


class ProposeMatchForm(GovukForm):
    household = forms.ModelChoiceField(queryset=CarerHousehold.objects.all(), widget=forms.HiddenInput)
    why = forms.CharField(required=False, widget=forms.HiddenInput)


class MatchAgreementForm(GovukForm):
    person_agreed_on = GovukDateField(kind="past", label="The person agreed on", required=False)
    person_agreed_by = needed_with(
        forms.CharField(
            label="Who agreed for the person",
            required=False,
            max_length=120,
            help_text="Needed with the date the person agreed: the person, or their advocate or representative, "
            "by name (MAT-2).",
            error_messages={"required": "Enter who agreed for the person: the person, or their advocate (MAT-2)."},
        ),
        "person_agreed_on",
    )
    carer_agreed_on = GovukDateField(kind="past", label="The carer agreed on", required=False)


class IntroductionForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of introduction", choices=IntroductionKind.choices, widget=forms.RadioSelect)
    on = GovukDateField(label="Date")
    nights = forms.IntegerField(
        label="Nights",
        required=False,
        min_value=0,
        max_value=30,
        help_text="Overnight stays only.",
        widget=forms.TextInput(attrs={"data-width": "2", "inputmode": "numeric"}),
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    extra_reason = forms.CharField(
        label="Reason for more overnight stays",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only needed beyond the usual two overnight stays",
    )

    def clean_nights(self):
        return self.cleaned_data.get("nights") or 0


class WithdrawMatchForm(GovukForm):
    reason = forms.CharField(label="Why is the match withdrawn?", max_length=200)


# Starting a placement ----------------------------------------------------------------------------------


class MatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        agreed = "agreed by both" if obj.status == MatchStatus.AGREED else "not yet agreed by both"
        return f"{obj.household.name} ({obj.household.reference}), {agreed}"


class PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()} with {obj.household.name} from {obj.starts_on.day} {obj.starts_on:%B %Y}"


class StartPlacementForm(GovukForm):
    match = MatchChoiceField(label="Household", queryset=Match.objects.none(), empty_label="Choose the agreed match")
    starts_on = GovukDateField(label="Starts on")
    person_known_to_carer = forms.BooleanField(
        label="The person is known to the carer",
        required=False,
        help_text="Known before: the respite rate applies instead of the emergency rate (FEE-4).",
    )
    placement_agreement_signed_on = GovukDateField(kind="past", label="Placement agreement signed on", required=False)
    licence_agreement_signed_on = GovukDateField(kind="past", label="Licence agreement signed on", required=False)
    respite_allocation_nights = forms.IntegerField(
        label="Respite allocation (nights a year)",
        required=False,
        min_value=0,
        max_value=366,
        help_text="The person's short-break nights a year; introduction trial nights count (RES-2, MAT-3).",
        widget=forms.TextInput(attrs={"data-width": "3", "inputmode": "numeric"}),
    )
    moved_from = PlacementChoiceField(
        label="Moving from",
        required=False,
        queryset=Placement.objects.none(),
        empty_label="Not an internal move",
        help_text="Only for a move from another Shared Lives household (PLA-5, PLA-6).",
    )
    move_reason = forms.ChoiceField(
        label="Why the person is moving",
        required=False,
        choices=[("", "Choose a reason")] + MoveReason.choices,
    )

    provision_sent_on = GovukDateField(
        kind="past",
        label="New-provision request already sent to Brokerage on",
        required=False,
        help_text="Leave empty if it is still to be sent: it then waits on your My work until you record it (PLA-1).",
    )
    provision_reference = forms.CharField(
        label="Brokerage reference", required=False, max_length=40, help_text="If the request was already sent."
    )

    def __init__(self, *args, referral: Referral, current_placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["match"].queryset = (
            referral.matches.exclude(status=MatchStatus.WITHDRAWN).select_related("household").order_by("pk")
        )
        if referral.kind == ArrangementKind.SHORT_BREAK:
            del self.fields["provision_sent_on"]  # each stay has its own request (RES-2, PLA-1)
            del self.fields["provision_reference"]
        else:
            del self.fields["respite_allocation_nights"]
        if current_placements:
            self.fields["moved_from"].queryset = Placement.objects.filter(
                pk__in=[p.pk for p in current_placements]
            ).select_related("household")
        else:
            del self.fields["moved_from"]
            del self.fields["move_reason"]


# Placement records -------------------------------------------------------------------------------------


class MovingDayForm(GovukForm):
    placement_agreement_signed_on = GovukDateField(kind="past", label="Placement agreement signed on", required=False)
    licence_agreement_signed_on = GovukDateField(kind="past", label="Licence agreement signed on", required=False)
    housing_benefit_applied_on = GovukDateField(
        kind="past",
        label="Housing benefit or Universal Credit application made on",
        required=False,
        help_text="Opens a housing benefit claim (HB-1).",
    )
    all_about_me_shared_on = GovukDateField(
        kind="past", label="All About Me and support plan shared on", required=False
    )
    case_note_flagged_on = GovukDateField(
        kind="past", label="Summary case note flagged to management on", required=False
    )


class StayForm(GovukForm):
    starts_on = GovukDateField(label="First night")
    ends_on = GovukDateField(label="Goes home on", help_text="The last night is the one before.")


class DaySessionForm(GovukForm):
    on = GovukDateField(label="Date")
    block = forms.ChoiceField(label="Block of time", choices=DayBlock.choices, widget=forms.RadioSelect)
    people_supported_together = forms.TypedChoiceField(
        label="People the carer supports at the same time",
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        help_text="More than one adds the uplift (FEE-6).",
    )


class ProvisionRequestForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of request", choices=ProvisionKind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason", max_length=200)
    effective_from = GovukDateField(label="Effective from")
    submitted_on = GovukDateField(kind="past", label="Submitted to Brokerage on")
    reference = forms.CharField(label="Brokerage reference", required=False, max_length=40)
    anomaly = forms.CharField(
        label="Anomaly",
        required=False,
        max_length=200,
        help_text="For example, the person self-funds the accommodation charge.",
    )
    anomaly_discussed_with = UserChoiceField(
        label="Anomaly discussed with",
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label="Choose a member of the management team",
        help_text="An anomaly is discussed with the management team first (PLA-2).",
    )
    anomaly_discussed_on = GovukDateField(kind="past", label="Anomaly discussed on", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anomaly_discussed_with"].queryset = management_team()


class ProvisionSentForm(GovukForm):
    sent_on = GovukDateField(kind="past", label="Sent to Brokerage on")
    reference = forms.CharField(label="Brokerage reference", required=False, max_length=40)


class AuthoriseForm(GovukForm):
    on = GovukDateField(kind="past", label="Authorised on")


class NoticeForm(GovukForm):
    given_by = forms.ChoiceField(label="Who gave notice?", choices=NoticeGivenBy.choices, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label="Reason", choices=NoticeReason.choices, widget=forms.RadioSelect)
    given_on = GovukDateField(kind="past", label="Notice given on")
    exceptional_ending = forms.ChoiceField(
        label="Exceptional ending",
        required=False,
        choices=[("", "Not an exceptional ending"), (EndingReason.DIED, EndingReason.DIED.label)]
        + [(EndingReason.SAFEGUARDING, EndingReason.SAFEGUARDING.label)],
        help_text="Only for an exceptional ending (END-8).",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MoveOutForm(GovukForm):
    moved_out_on = GovukDateField(label="The person moved out on")
    belongings_removed_on = GovukDateField(
        label="Belongings removed on", required=False, help_text="Rent continues until this date (END-6)."
    )
    alternative_found = forms.BooleanField(
        label="Another placement was found",
        required=False,
        help_text="Only for a carer's change-of-needs notice: funding stops when the person moves (END-3).",
    )
    rent_decision = forms.CharField(
        label="Management decision on rent",
        required=False,
        max_length=200,
        help_text="Needed when the carer is unable to care (END-7).",
    )


class WithdrawNoticeForm(GovukForm):
    reason = forms.CharField(
        label="Why is the notice withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="For example, the person has decided to stay. The notice is kept in the placement's history.",
        error_messages={"required": "Say why the notice is withdrawn (END-2)."},
    )


class BelongingsForm(GovukForm):
    removed_on = GovukDateField(kind="past", label="Belongings removed on")


class NoticeDatesCorrectionForm(GovukForm):
    """The move-out and belongings-removed dates put right (END-1, END-6), with the same boxes as recording them."""

    moved_out_on = GovukDateField(label="The person moved out on", help_text="The placement's last day.")
    belongings_removed_on = GovukDateField(
        label="Belongings removed on",
        required=False,
        help_text="Rent continues until this date (END-6). Leave it empty if they have not been removed yet.",
    )
    reason = correction_reason_field()


class AdminPaymentForm(GovukForm):
    reason = forms.CharField(
        label="What administrative work did the carer do?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The management team decides the payment (END-8).",
    )


class EndArrangementForm(GovukForm):
    ends_on = GovukDateField(label="Last day of the arrangement")


class HousingBenefitApplicationForm(GovukForm):
    applied_on = GovukDateField(kind="past", label="Application made on")


class HousingBenefitAwardForm(GovukForm):
    confirmed_on = GovukDateField(kind="past", label="Award confirmed on")
    award_starts_on = GovukDateField(
        label="Award starts on", help_text="Earlier than the confirmation: backdated, and recovered in full (HB-3)."
    )
    weekly_amount = forms.DecimalField(
        label="Weekly amount (£)",
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"data-width": "5", "inputmode": "decimal"}),
    )


class HousingBenefitCorrectionForm(GovukForm):
    """A claim's dates put right (HB-1, HB-2); the award's only on a claim that was awarded."""

    applied_on = GovukDateField(kind="past", label="Application made on")
    award_confirmed_on = GovukDateField(kind="past", label="Award confirmed on", help_text="Rent stops the day before.")
    award_starts_on = GovukDateField(
        label="Award starts on", help_text="Earlier than the confirmation: backdated, and recovered in full (HB-3)."
    )
    weekly_amount = forms.DecimalField(
        label="Weekly amount (£)",
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"data-width": "5", "inputmode": "decimal"}),
    )
    reason = correction_reason_field()

    def __init__(self, *args, awarded: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not awarded:
            for name in ("award_confirmed_on", "award_starts_on", "weekly_amount"):
                del self.fields[name]


class HousingBenefitRefusedForm(GovukForm):
    refused_on = GovukDateField(kind="past", label="Refused on")
