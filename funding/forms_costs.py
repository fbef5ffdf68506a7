"""Forms for unit costs and the business case (RPT-5, RPT-6): an alternative setting's cost, and the business
case's choices (read by GET: they change nothing). The period is sharedlives.period's, as every report's."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from funding.cost_models import AlternativeSetting, AlternativeSettingCost
from funding.forms import MoneyField
from placements.models import ArrangementKind
from sharedlives.forms import GovukForm, GovukModelForm


class AlternativeSettingCostForm(GovukModelForm):
    weekly_cost = MoneyField(label="Weekly cost per person", help_text="For example 1250.00.")

    class Meta:
        model = AlternativeSettingCost
        fields = ["setting", "name", "weekly_cost", "source", "as_of", "no_longer_used"]
        labels = {
            "setting": "Setting",
            "name": "Name",
            "source": "Source",
            "as_of": "Date of the figure",
            "no_longer_used": "No longer used (kept, but not offered in the business case)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = AlternativeSetting.choices  # no empty choice: one must be picked
        if not self.instance.pk:
            del self.fields["no_longer_used"]

    def clean_weekly_cost(self):
        value = self.cleaned_data["weekly_cost"]
        if value is not None and value <= 0:
            raise forms.ValidationError("Enter a weekly cost of more than £0.00 (RPT-6).")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("setting") == AlternativeSetting.OTHER and not (cleaned.get("name") or "").strip():
            self.add_error("name", "Enter the name of the setting when it is “Other” (RPT-6).")
        return cleaned


class BusinessCaseForm(GovukForm):
    alternative = forms.ModelChoiceField(
        label="Alternative setting to compare with",
        queryset=AlternativeSettingCost.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the alternative settings listed (RPT-6)."},
    )
    projected_kind = forms.ChoiceField(
        label="Arrangement type to project",
        choices=ArrangementKind.choices,
        initial=ArrangementKind.LIVE_IN,
        error_messages={"invalid_choice": "Choose live-in, short breaks or day support (RPT-6)."},
    )
    growth = forms.IntegerField(
        label="Growth target: more people a year",
        help_text="How many more people you aim to support each year, for example 5.",
        initial=5,
        validators=[
            MinValueValidator(0, "Enter a growth target of 0 or more people a year (RPT-6)."),
            MaxValueValidator(10000, "Enter a growth target of 10,000 people a year or fewer (RPT-6)."),
        ],
        error_messages={"invalid": "Enter the growth target as a whole number of people, like 5 (RPT-6)."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alternative"].queryset = AlternativeSettingCost.objects.filter(no_longer_used=False)
