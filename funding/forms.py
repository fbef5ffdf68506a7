"""Forms for the funding pages. They collect input; the services (ratecards, banding, schedules, invoices,
overrides) judge it and refuse with a rule ID, which the view puts back on the form.

Money is typed as pounds and pence and read as Decimal, never a float (FEE-8).
"""

import contextlib
from datetime import date, timedelta
from decimal import Decimal

from django import forms

from funding import fees
from funding.models import BAND_CODES, BandingPurpose, Element, RateCard, RateCode, Unit
from sharedlives.dates import financial_year_start, today
from sharedlives.decisions import DecideForm
from sharedlives.forms import GovukDateField, GovukDateInput, GovukForm, correction_reason_field
from sharedlives.models import ApprovalOutcome

# Which elements each rate may have on a card, and the unit a new rate takes (FEE-5). A cell of an existing
# rate line is always offered, whatever this says.
WEEKLY = [fees.CARE, fees.BOARD, fees.RENT]
UNITS = {fees.INITIAL: fees.WEEK, fees.EMERGENCY: fees.NIGHT, fees.RESPITE_NIGHT: fees.NIGHT}
UNITS |= {code.value: fees.WEEK for code in BAND_CODES}
UNITS |= {"full_24h_extra": fees.NIGHT, fees.UPLIFT: fees.PERCENT, fees.ADMIN_PAYMENT: fees.ONE_OFF}
UNITS |= {block: fees.SESSION for block in fees.DAY_BLOCKS}
CELLS = {code: WEEKLY for code, unit in UNITS.items() if unit == fees.WEEK}
CELLS |= {code: [fees.CARE, fees.BOARD] for code, unit in UNITS.items() if unit == fees.NIGHT}
CELLS |= {code: [fees.CARE] for code, unit in UNITS.items() if unit in (fees.SESSION, fees.PERCENT, fees.ONE_OFF)}


def _strip_money(value):
    if isinstance(value, str):
        return value.strip().replace(",", "").removeprefix("£").strip()
    return value


class MoneyField(forms.DecimalField):
    """Pounds and pence: "£1,234.50" reads as Decimal("1234.50"); three decimals are refused (FEE-8)."""

    default_error_messages = {
        "invalid": "Enter an amount in pounds and pence, like 251.47 (FEE-8).",
        "max_decimal_places": "Enter an amount in pounds and pence: no more than 2 decimal places (FEE-8).",
        "max_digits": "Enter an amount under £100,000,000 (FEE-8).",
        "max_whole_digits": "Enter an amount under £100,000,000 (FEE-8).",
        "min_value": "Enter an amount of £0.00 or more (FEE-8).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "data-width": "5"}))
        super().__init__(max_digits=10, decimal_places=2, min_value=Decimal(0), **kwargs)

    def to_python(self, value):
        return super().to_python(_strip_money(value))


class PercentField(forms.DecimalField):
    default_error_messages = {
        "invalid": "Enter a percentage, like 3.5 (FEE-7).",
        "max_decimal_places": "Enter a percentage with no more than 2 decimal places (FEE-7).",
        "max_digits": "Enter a percentage between −50 and 50 (FEE-7).",
        "max_whole_digits": "Enter a percentage between −50 and 50 (FEE-7).",
        "min_value": "Enter a percentage between −50 and 50 (FEE-7).",
        "max_value": "Enter a percentage between −50 and 50 (FEE-7).",
        "required": "Enter the percentage, 0 for no change (FEE-7).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "data-width": "4"}))
        kwargs.setdefault("initial", "0")
        super().__init__(max_digits=5, decimal_places=2, min_value=Decimal(-50), max_value=Decimal(50), **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").replace("−", "-").strip()
        return super().to_python(value)


class RatePercentField(forms.DecimalField):
    """A rate that is a percentage (the additional-person uplift, FEE-6)."""

    default_error_messages = {
        "invalid": "Enter a percentage, like 50 (FEE-8).",
        "max_decimal_places": "Enter a percentage with no more than 2 decimal places (FEE-8).",
        "max_digits": "Enter a percentage under 1,000 (FEE-8).",
        "max_whole_digits": "Enter a percentage under 1,000 (FEE-8).",
        "min_value": "Enter a percentage of 0 or more (FEE-8).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "data-width": "4"}))
        super().__init__(max_digits=5, decimal_places=2, min_value=Decimal(0), **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().to_python(value)


class ConfirmForm(GovukForm):
    """No fields: the button is the answer."""


class ScheduleActionForm(GovukForm):
    """A button on a schedule, with what the person saw when they pressed it (compare-and-set): if a job or
    someone else changed the schedule meanwhile, the service refuses instead of acting on what they did not see."""

    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)
    seen_attempt = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=32767)


# Rate cards ---------------------------------------------------------------------------------------------


def year_choices(on: date | None = None) -> list[tuple[str, str]]:
    """This financial year and the next three, as "2027-04-01" -> "2027/28"."""
    first = financial_year_start(on or today()).year
    return [(f"{year}-04-01", f"{year}/{str(year + 1)[-2:]}") for year in range(first, first + 4)]


class DraftCardForm(GovukForm):
    year_start = forms.TypedChoiceField(
        label="Financial year",
        coerce=date.fromisoformat,
        help_text="A card covers 1 April to 31 March (FEE-1).",
        error_messages={"required": "Choose the financial year (FEE-1)."},
    )
    source = forms.CharField(
        label="Where the figures come from",
        required=False,
        max_length=200,
        help_text="For example, the cabinet report.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year_start"].choices = [("", "Choose a year")] + year_choices()


class CardRatesForm(GovukForm):
    """One amount per rate and element (FEE-5); an empty box is no rate."""

    def __init__(self, *args, card: RateCard, **kwargs):
        super().__init__(*args, **kwargs)
        self.card = card
        self.existing = {(line.code, line.element): line for line in card.lines.all()}
        self.cells: dict[str, tuple[str, str, str]] = {}
        for code in RateCode.values:
            elements = set(CELLS.get(code, [])) | {e for (c, e) in self.existing if c == code}
            for element in Element.values:
                if element not in elements:
                    continue
                line = self.existing.get((code, element))
                unit = line.unit if line else UNITS.get(code, fees.WEEK)
                name = f"{code}__{element}"
                label = f"{RateCode(code).label}: {Element(element).label.lower()}"
                if unit == fees.PERCENT:
                    field = RatePercentField(label=f"{label} (%)", required=False)
                else:
                    field = MoneyField(label=label, required=False)
                field.initial = line.amount if line else None
                self.fields[name] = field
                self.cells[name] = (code, element, unit)

    def rows(self) -> list[dict]:
        """For the template: a row per rate, a cell (bound field or None) per element."""
        rows = []
        for code in RateCode.values:
            names = [f"{code}__{element}" for element in Element.values]
            if not any(name in self.fields for name in names):
                continue
            unit = next(self.cells[name][2] for name in names if name in self.cells)
            rows.append(
                {
                    "label": RateCode(code).label,
                    "unit": Unit(unit).label,
                    "percent": unit == fees.PERCENT,
                    "cells": [self[name] if name in self.fields else None for name in names],
                }
            )
        return rows

    def changes(self) -> list[tuple[str, str, str, str, Decimal]]:
        """(field name, code, element, unit, amount) for every box whose amount differs from the card's."""
        found = []
        for name, (code, element, unit) in self.cells.items():
            amount = self.cleaned_data.get(name)
            line = self.existing.get((code, element))
            if amount is None:
                if line is not None:
                    self.add_error(
                        name, "A rate cannot be taken off a draft here: enter its amount, or ask an administrator."
                    )
                continue
            if line is None or line.amount != amount:
                found.append((name, code, element, unit, amount))
        return found


def _uplift_percent(label: str, what: str) -> PercentField:
    """No 0 filled in: a box left empty is refused, naming it, rather than read as no uplift (FEE-7)."""
    return PercentField(
        label=label,
        initial=None,
        help_text="0 for no change.",
        error_messages={"required": f"Enter the {what} percentage, 0 for no change (FEE-7)."},
    )


class UpliftForm(GovukForm):
    care = _uplift_percent("Care and support (%)", "care and support")
    board = _uplift_percent("Board and lodging (%)", "board and lodging")
    rent = _uplift_percent("Rent (%)", "rent")
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the council's cabinet decision. Left empty, the percentages are recorded.",
    )
    replace_draft = forms.BooleanField(
        label="Replace that draft: it is kept as discarded, and a new draft is made from these percentages",
        required=False,
    )

    def __init__(self, *args, existing_draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        if existing_draft is None:
            del self.fields["replace_draft"]

    def percent_by_element(self) -> dict[str, Decimal]:
        data = self.cleaned_data
        return {fees.CARE: data["care"], fees.BOARD: data["board"], fees.RENT: data["rent"]}


class CorrectForm(GovukForm):
    effective_from = GovukDateField(
        label="The correction takes effect from",
        help_text="Days before it keep the card as published (FEE-1).",
        error_messages={"required": "Enter the date the correction takes effect from (FEE-1)."},
    )
    reason = forms.CharField(
        label="Why the card is corrected",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the card is corrected (FEE-1)."},
    )


class CardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.get_status_display().lower()})"


class CompareForm(GovukForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cards = RateCard.objects.all()
        self.fields["from"] = CardChoiceField(queryset=cards, label="Compare", empty_label="Choose a card")
        self.fields["to"] = CardChoiceField(queryset=cards, label="With", empty_label="Choose a card")


# Banding ------------------------------------------------------------------------------------------------


class BandingForm(GovukForm):
    """The banding tool (BAN-1): a level per domain, the proposed band and, if it differs, why."""

    review_date = GovukDateField(
        kind="past",
        label="Date of the review",
        help_text="The banded fee starts on this date (FEE-3).",
        error_messages={"required": "Enter the date of the review (BAN-1)."},
    )
    purpose = forms.ChoiceField(
        label="Why the banding is done", choices=BandingPurpose.choices, widget=forms.RadioSelect
    )
    proposed_band = forms.ChoiceField(
        label="The band you propose",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the band you propose (BAN-1)."},
    )
    proposal_reason = forms.CharField(
        label="Why you propose this band",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when it differs from the band the tool suggests (BAN-1).",
    )
    # A re-banding is submitted once its money effect has been shown for this band and date (FEE-3).
    effect_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, tool, **kwargs):
        super().__init__(*args, **kwargs)
        self.tool = tool
        self.domains = list(tool.domains.prefetch_related("levels"))
        self.thresholds = list(tool.thresholds.order_by("minimum_score"))
        fields = {name: self.fields[name] for name in ("review_date", "purpose")}
        for domain in self.domains:
            fields[f"domain_{domain.pk}"] = forms.TypedChoiceField(
                label=domain.name,
                coerce=int,
                choices=[(level.pk, level.descriptor) for level in domain.levels.all()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose a level for {domain.name.lower()} (BAN-1).",
                    "invalid_choice": f"Choose a level for {domain.name.lower()} (BAN-1).",
                },
            )
        fields["proposed_band"] = self.fields["proposed_band"]
        fields["proposal_reason"] = self.fields["proposal_reason"]
        fields["effect_seen"] = self.fields["effect_seen"]
        self.fields = fields
        with_thresholds = {t.band for t in self.thresholds}
        bands = [code for index, code in enumerate(BAND_CODES) if index < 4 or code in with_thresholds]
        self.fields["proposed_band"].choices = [(code.value, code.label) for code in bands]

    def domain_groups(self) -> list[dict]:
        """Each domain's radios with their scores, for the template and its live total."""
        groups = []
        for domain in self.domains:
            field = self[f"domain_{domain.pk}"]
            chosen = str(field.value() or "")
            groups.append(
                {
                    "field": field,
                    "options": [
                        {
                            "id": f"{field.auto_id}_{index}",
                            "value": level.pk,
                            "label": level.descriptor,
                            "score": level.score,
                            "checked": chosen == str(level.pk),
                        }
                        for index, level in enumerate(domain.levels.all())
                    ],
                }
            )
        return groups

    def levels(self) -> dict[int, int]:
        return {domain.pk: self.cleaned_data[f"domain_{domain.pk}"] for domain in self.domains}


BANDING_DECISIONS = [
    (ApprovalOutcome.AGREED, "Agree the proposed band"),
    (ApprovalOutcome.CHANGED, "Agree a different band"),
    (ApprovalOutcome.RETURNED, "Return it to the officer to change"),
]


class DecideBandingForm(DecideForm):
    """The shared decision (sharedlives.decisions), with the band agreed instead and, for a re-banding, its start."""

    band = forms.ChoiceField(
        label="The band you agree instead",
        required=False,
        widget=forms.RadioSelect,
        help_text="Only when you agree a different band.",
    )
    effective_from = GovukDateField(
        label="Pay the band from",
        required=False,
        help_text="Leave as it is to pay from the assessment's own date (FEE-3). A re-banding only.",
    )
    effective_reason = forms.CharField(
        label="Why the band starts on that day",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you change the day the band is paid from.",
    )
    field_order = ["outcome", "band", "decision_reason", "effective_from", "effective_reason"]

    def __init__(self, *args, bands: list[str], rebanding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = "Agree, change or return the banding (BAN-3)."
        self.fields["band"].choices = [(code, RateCode(code).label) for code in bands]
        if not rebanding:  # the first band always starts on the 28-day review (FEE-3)
            del self.fields["effective_from"], self.fields["effective_reason"]


class BandSentForm(GovukForm):
    sent_to_area_team_on = GovukDateField(kind="past", label="Sent to the funding area team on", required=False)
    provision_variation_on = GovukDateField(
        kind="past",
        label="Provision variation sent to Brokerage on",
        required=False,
        help_text="After the area team has it.",
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("sent_to_area_team_on") and not data.get("provision_variation_on"):
            raise forms.ValidationError(
                "Enter the date the band was sent to the area team, or the provision variation (BAN-4)."
            )
        return data


# Fees, invoices, overrides, schedules ---------------------------------------------------------------------


class IsoOrBoxesDateInput(GovukDateInput):
    """The GOV.UK date boxes, or one ISO date in the query string (`?start=2026-11-01`), for links."""

    def value_from_datadict(self, data, files, name):
        if data.get(name):
            return str(data[name]).strip()
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def decompress(self, value):
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value)  # "2026-09-07" shows as 7, 9, 2026, as the boxes were typed
        return super().decompress(value)


MAX_RANGE_DAYS = 400


class FeesRangeForm(GovukForm):
    start = GovukDateField(label="From", widget=IsoOrBoxesDateInput)
    end = GovukDateField(label="To", widget=IsoOrBoxesDateInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date.")
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error("end", "Choose dates no more than 400 days apart.")
        return data


def this_month(on: date | None = None) -> tuple[date, date]:
    on = on or today()
    first = on.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


class InvoiceForm(GovukForm):
    period_start = GovukDateField(label="Invoice period from")
    period_end = GovukDateField(label="Invoice period to")
    amount = MoneyField(label="Amount invoiced (£)", error_messages={"required": "Enter the amount invoiced (FEE-8)."})
    received_on = GovukDateField(kind="past", label="Received on")


class OverrideForm(GovukForm):
    element = forms.ChoiceField(
        label="Element", widget=forms.RadioSelect, choices=Element.choices, help_text="The part of the fee (FEE-5)."
    )
    starts_on = GovukDateField(label="From")
    ends_on = GovukDateField(label="To", help_text="The last day the decision covers.")
    pay = forms.BooleanField(
        label="Pay this element on these days", required=False, help_text="Leave unticked to stop it on these days."
    )
    reason = forms.CharField(label="Reason for the decision", max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The decision ends on or after the day it starts.")
        return data


class OverrideCorrectionForm(GovukForm):
    """A decision's dates, or whether it pays, put right; the decision's own reason stays (AUD-1)."""

    starts_on = GovukDateField(label="From")
    ends_on = GovukDateField(label="To", help_text="The last day the decision covers.")
    pay = forms.BooleanField(
        label="Pay this element on these days", required=False, help_text="Leave unticked to stop it on these days."
    )
    reason = correction_reason_field()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The decision ends on or after the day it starts.")
        return data


class ScheduleForm(GovukForm):
    period_start = GovukDateField(label="Period from")
    period_end = GovukDateField(label="Period to")
