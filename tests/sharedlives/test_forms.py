"""Every Django form renders GOV.UK form groups with an error summary; rule refusals land on the form."""

from datetime import date

from django import forms

from sharedlives.errors import RuleViolation
from sharedlives.forms import GovukDateField, GovukForm


class ExampleForm(GovukForm):
    name = forms.CharField(label="Household name", help_text="As the carers write it")
    started = GovukDateField(label="Approved on")
    kind = forms.ChoiceField(
        label="Offers", choices=[("live_in", "Live-in"), ("short", "Short breaks")], widget=forms.RadioSelect
    )
    emergency = forms.BooleanField(label="Emergency approved", required=False)


def test_a_valid_date_from_three_boxes():
    form = ExampleForm(
        {"name": "Oak", "started_day": "3", "started_month": "4", "started_year": "2026", "kind": "live_in"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == date(2026, 4, 3)


def test_an_impossible_date_is_a_clear_error_not_a_crash():
    form = ExampleForm({"name": "Oak", "started_day": "31", "started_month": "2", "started_year": "2026", "kind": "x"})
    assert not form.is_valid()
    assert form.errors["started"] == ["Enter a real date, for example 27 3 2026."]
    html = str(form)
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_started_0"' in html and 'id="id_started_0"' in html
    assert 'href="#id_kind_0"' in html
    assert "govuk-form-group--error" in html
    assert 'class="govuk-hint"' in html


def test_rule_violation_shows_under_its_field_and_in_the_summary():
    form = ExampleForm(
        {"name": "Oak", "started_day": "1", "started_month": "4", "started_year": "2026", "kind": "live_in"}
    )
    assert form.is_valid()
    form.add_rule_violation(RuleViolation("CAR-1", "Oak already supports three people", field="kind"))
    assert form.errors["kind"] == ["Oak already supports three people (CAR-1)"]
    form.add_rule_violation(RuleViolation("REF-2", "No agreed funding decision"))
    assert "No agreed funding decision (REF-2)" in str(form)


def test_rule_ids_are_checked():
    import pytest

    with pytest.raises(ValueError):
        RuleViolation("car1", "nope")
