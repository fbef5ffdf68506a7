"""Forms for carers' tax (TAX-1): HMRC's figures per tax year, and which year's statements to produce."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from funding.forms import MoneyField
from funding.models import QualifyingCareReliefYear
from sharedlives.forms import GovukForm, GovukModelForm

UNCONFIRMED = (
    "Copy the figures from HMRC (helpsheet HS236, Business Income Manual BIM52765, or the yearly indexation "
    "order on legislation.gov.uk) and name the page in Source. If HMRC has not yet published a year's figures, "
    "do not guess: leave the year out until it has (docs/tax.md)."
)


class ReliefYearForm(GovukModelForm):
    fixed_amount = MoneyField(label="Fixed amount per residence for the year", help_text="For example 19690.00.")
    weekly_amount_adult = MoneyField(label="Weekly amount for each adult cared for", help_text="For example 495.00.")

    class Meta:
        model = QualifyingCareReliefYear
        fields = ["tax_year", "fixed_amount", "weekly_amount_adult", "source"]
        labels = {"tax_year": "Tax year (the year it starts in)", "source": "Source"}
        help_texts = {"source": UNCONFIRMED}
        error_messages = {
            "tax_year": {"unique": "This tax year already has its figures: change them instead (TAX-1)."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["tax_year"]
        year.error_messages["invalid"] = "Enter the year the tax year starts in, like 2025."
        message = "Enter a year from 2000 to 2100, the year the tax year starts in (TAX-1)."
        year.validators += [MinValueValidator(2000, message), MaxValueValidator(2100, message)]
        if self.instance.pk:
            self.fields["tax_year"].disabled = True  # a correction changes the amounts, not which year they are


class RunForm(GovukForm):
    tax_year = forms.TypedChoiceField(label="Tax year", coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tax_year"].choices = [
            (relief.tax_year, relief.label) for relief in QualifyingCareReliefYear.objects.order_by("-tax_year")
        ]
