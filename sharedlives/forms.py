"""GOV.UK rendering for every Django form, a GOV.UK date input, and turning RuleViolations into form errors.

With FORM_RENDERER set to GovukFormRenderer, `{{ form }}` gives an error summary linking to each field,
then GOV.UK form groups with labels, hints and inline errors (templates/govuk/forms/). No per-form markup.
"""

import datetime
import re

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

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


DEFAULT_REQUIRED = str(forms.Field.default_error_messages["required"])  # Django's "This field is required."
CHOOSING = (forms.ChoiceField, forms.BooleanField)  # radios, selects, checkboxes: ModelChoiceField included
CHOOSING_WIDGETS = (forms.RadioSelect, forms.Select, forms.CheckboxInput, forms.CheckboxSelectMultiple)


def required_message(field: forms.Field, name: str) -> str:
    """What a required field says when left empty, named from its label (GOV.UK error messages): "Enter the
    date of birth", "Select the Shared Lives officer"; a question is quoted: "Enter an answer to “Why…?”"."""
    label = str(field.label or pretty_name(name)).strip().rstrip(":").strip()
    label = re.sub(r"\s*\(%\)$", " percentage", label)
    choosing = isinstance(field, CHOOSING) or isinstance(field.widget, CHOOSING_WIDGETS)
    verb = "Select" if choosing else "Enter"
    if label.endswith("?"):
        return f"{verb} an answer to “{label}”"
    words = label.split()
    proper = len(words) > 1 and words[1][:1].isupper()  # "Shared Lives officer" keeps its capitals
    if len(label) > 1 and not label[1].isupper() and not proper:  # "Date of birth" → "date of birth"; "DBS" stays
        label = label[0].lower() + label[1:]
    return f"{verb} {label}"


def name_required_errors(form) -> None:
    """Every required field left empty says which one in the error summary, never a bare "This field is
    required."; a field's own message (for example one citing its rule) is kept."""
    for name, field in form.fields.items():
        if str(field.error_messages.get("required", "")) == DEFAULT_REQUIRED:
            field.error_messages["required"] = required_message(field, name)


class RuleAwareFormMixin:
    """`form.add_rule_violation(error)` puts a service's refusal on the form, under its field if it names one.
    Required fields name themselves when left empty (name_required_errors). A field given `needed_with = "other"`
    is asked for whenever `other` is filled in, so it is not labelled "(optional)"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_required_errors(self)

    def full_clean(self):
        name_required_errors(self)  # fields a subclass added after __init__ too
        super().full_clean()

    def _post_clean(self):
        super()._post_clean()
        for name, field in self.fields.items():
            other = getattr(field, "needed_with", None)
            if other and self.cleaned_data.get(other) and not self.cleaned_data.get(name) and not self.has_error(name):
                self.add_error(name, field.error_messages["required"])

    def add_rule_violation(self, error: RuleViolation) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error))


def needed_with(field: forms.Field, other: str) -> forms.Field:
    """`field`, asked for whenever the form's `other` field is filled in (not labelled "(optional)")."""
    field.needed_with = other
    return field


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
        name_required_errors(self)


def correction_reason_field() -> forms.CharField:
    """The reason every correction form asks for; the record's history keeps it with the change (AUD-1)."""
    return forms.CharField(
        label="Why you are correcting it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="For example, the date was mistyped. It is kept in the record's history with the change.",
        error_messages={"required": "Say why you are correcting it (AUD-1)."},
    )
