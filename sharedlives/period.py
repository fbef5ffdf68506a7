"""The period a report covers, chosen by GET (`from` and `to`, GOV.UK date inputs): by default the 12 months
ending today. One chooser for every report: the Reports area's, the unit costs and the business case. The report is "on" the period's last day (counts on a date) and "over" it (counts in the period)."""

from dataclasses import dataclass
from datetime import date, timedelta

from sharedlives.dates import long_date, today, years_after
from sharedlives.forms import GovukDateField, GovukForm

MOST_YEARS = 5


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def months(self) -> list[date]:
        """The first day of each calendar month the period touches, in order."""
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return months

    def query(self) -> str:
        """The period as the report's query string, for links between reports and to the downloads."""
        return "&".join(
            f"{name}_{part}={value}"
            for name, day in (("from", self.start), ("to", self.end))
            for part, value in (("day", day.day), ("month", day.month), ("year", day.year))
        )


def default_period(on: date | None = None) -> Period:
    """The 12 months ending `on` (today): from the day after the same day a year before."""
    on = on or today()
    return Period(years_after(on, -1) + timedelta(days=1), on)


class PeriodForm(GovukForm):
    """From and to, both required once either is given; to after from, at most 5 years apart."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["from"] = GovukDateField(label="From", kind="planned", help_text="For example, 1 4 2025")
        self.fields["to"] = GovukDateField(label="To", kind="planned", help_text="For example, 31 3 2026")
        self.fields["from"].error_messages["required"] = "Enter the date the report starts from"
        self.fields["to"].error_messages["required"] = "Enter the date the report runs to"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end:
            if end <= start:
                self.add_error("to", "The date the report runs to must be after the date it starts from")
            elif end > years_after(start, MOST_YEARS):
                self.add_error(
                    "to", f"A report covers at most {MOST_YEARS} years: choose a later start or an earlier end"
                )
        return cleaned


def chosen_period(params) -> tuple[PeriodForm, Period | None]:
    """The form (bound when any date box was filled in) and its period; None when the dates given are wrong."""
    given = any(key.startswith(("from_", "to_")) and value for key, value in params.items())
    if not given:
        period = default_period()
        return PeriodForm(initial={"from": period.start, "to": period.end}), period
    form = PeriodForm(params)
    if not form.is_valid():
        return form, None
    return form, Period(form.cleaned_data["from"], form.cleaned_data["to"])
