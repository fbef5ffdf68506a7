"""Forms for unit costs and the business case (RPT-5, RPT-6): the period chosen, an alternative setting's cost, and
the business case's choices. The period and the business case are read by GET: they change nothing."""

from datetime import date, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from funding.cost_models import AlternativeSetting, AlternativeSettingCost
from funding.forms import MoneyField
from placements.models import ArrangementKind
from sharedlives.dates import today
from sharedlives.forms import GovukDateField, GovukForm, GovukModelForm

LONGEST_PERIOD_DAYS = 366 * 10  # a decade: longer is a typing mistake, not a question anyone asks


def default_period(on: date | None = None) -> tuple[date, date]:
    """The 12 months ending today: from the same day a year ago plus one, to today."""
    last = on or today()
    try:
        first = last.replace(year=last.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February: a year ago has no such day
        first = last.replace(year=last.year - 1, day=28) + timedelta(days=1)
    return first, last


class PeriodForm(GovukForm):
    start = GovukDateField(kind="past", label="From", help_text="For example, 1 4 2025.")
    end = GovukDateField(kind="planned", label="To (inclusive)", help_text="For example, 31 3 2026.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be on or after its start (RPT-5).")
        elif start and end and (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("end", "Choose a period of ten years or less (RPT-5).")
        return cleaned


def period_form(data) -> tuple[PeriodForm, tuple[date, date] | None]:
    """The chooser bound to the query string when it asks for a period, else the default 12 months."""
    first, last = default_period()
    asked = any(key.startswith(("start", "end")) for key in data)
    form = PeriodForm(data if asked else None, initial={"start": first, "end": last})
    if not asked:
        return form, (first, last)
    return form, (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_valid() else None


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
