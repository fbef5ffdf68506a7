"""GOV.UK rendering for every Django form, a GOV.UK date input, and turning RuleViolations into form errors.

With FORM_RENDERER set to GovukFormRenderer, `{{ form }}` gives an error summary linking to each field,
then GOV.UK form groups with labels, hints and inline errors (templates/govuk/forms/). No per-form markup.
"""

import datetime
import re

from django import forms
from django.forms.renderers import TemplatesSetting

from sharedlives.dates import DATE_KINDS, DateKind, date_problem
from sharedlives.errors import RuleViolation


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    formset_template_name = "govuk/forms/formset.html"
    field_template_name = "govuk/forms/field.html"


DIGITS = re.compile(r"[0-9]{1,4}")  # ASCII only: "²" and "１" count as digits to str.isdigit()


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input), given to the field as one ISO date string."""

    template_name = "govuk/forms/date_input.html"

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__(
            {"day": forms.TextInput(box), "month": forms.TextInput(box), "year": forms.TextInput(box)}, attrs
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = (str(part or "").strip() for part in super().value_from_datadict(data, files, name))
        if not (day or month or year):
            return ""
        if not (DIGITS.fullmatch(day) and DIGITS.fullmatch(month) and DIGITS.fullmatch(year) and len(year) == 4):
            return f"{day}/{month}/{year}"  # not a date: the field reports it
        return f"{year}-{int(month):02d}-{int(day):02d}"

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_  # MultiWidget numbers its boxes: _0 is the day


class GovukDateField(forms.DateField):
    """The GOV.UK date input, allowing only dates sensible for its kind today (sharedlives.dates):
    PAST for what has happened, PLANNED (up to 5 years ahead) by default, EXPIRY (10 years), BIRTH."""

    widget = GovukDateInput
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a real date, for example 27 3 2026."}

    def __init__(self, *, kind: str | DateKind = "planned", **kwargs):
        self.kind = DATE_KINDS[kind] if isinstance(kind, str) else kind
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and (problem := date_problem(value, self.kind)):
            raise forms.ValidationError(problem, code="out_of_range")


class GovukDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class RuleAwareFormMixin:
    """`form.add_rule_violation(error)` puts a service's refusal on the form, under its field if it names one."""

    def add_rule_violation(self, error: RuleViolation) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error))


class GovukForm(RuleAwareFormMixin, forms.Form):
    pass


class GovukModelForm(RuleAwareFormMixin, forms.ModelForm):
    """A ModelForm whose date fields use the GOV.UK date input."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field) is forms.DateField:  # a model date not yet bounded: the default, PLANNED
                replacement = GovukDateField(
                    required=field.required,
                    label=field.label,
                    help_text=field.help_text,
                    initial=field.initial,
                )
                replacement.validators = field.validators
                self.fields[name] = replacement


def correction_reason_field() -> forms.CharField:
    """The reason every correction form asks for; the record's history keeps it with the change (AUD-1)."""
    return forms.CharField(
        label="Why you are correcting it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="For example, the date was mistyped. It is kept in the record's history with the change.",
        error_messages={"required": "Say why you are correcting it (AUD-1)."},
    )
