"""The business case (RPT-6): what Shared Lives saves against another setting, now and over three years.

Pure arithmetic, no database: the page gathers the inputs (arrangements on a day, unit costs over a period from
funding.unit_costs, the chosen alternative's weekly cost, the user's growth target) and this module works out
every figure with the inputs it came from. Every figure is an ESTIMATE: it assumes a person in Shared Lives would
otherwise be in the alternative setting, at its weekly cost, for 52 weeks a year.

- weekly saving per person, per type = alternative's weekly cost − the type's Shared Lives cost per week;
- yearly saving per person = weekly saving × 52; totals = per person × people of that type today;
- projection, for the type chosen: year n (1, 2, 3) people = today's + growth × n; saving = people × weekly saving × 52.
"""

from dataclasses import dataclass
from decimal import Decimal

from sharedlives.money import format_money

WEEKS_A_YEAR = 52
YEARS = (1, 2, 3)
ESTIMATE = "Estimate"


@dataclass(frozen=True)
class Figure:
    value: Decimal | int | None
    derivation: str  # the sum that makes it, from its inputs, in words and figures
    estimate: bool = True


@dataclass(frozen=True)
class TypeSaving:
    kind: str
    label: str
    people: int
    unit_cost: Decimal | None  # Shared Lives cost per week of this type, over the period
    unit_cost_from: str  # where the unit cost comes from (the period, the amounts and weeks)
    alternative: Decimal

    @property
    def weekly_per_person(self) -> Figure:
        if self.unit_cost is None:
            return Figure(None, "No unit cost: nothing of this type was paid for in the period.")
        saving = self.alternative - self.unit_cost
        text = f"{format_money(self.alternative)} alternative − {format_money(self.unit_cost)} Shared Lives"
        return Figure(saving, f"{text} = {format_money(saving)} a week")

    @property
    def yearly_per_person(self) -> Figure:
        weekly = self.weekly_per_person.value
        if weekly is None:
            return Figure(None, self.weekly_per_person.derivation)
        yearly = weekly * WEEKS_A_YEAR
        return Figure(yearly, f"{format_money(weekly)} × {WEEKS_A_YEAR} weeks = {format_money(yearly)} a year")

    @property
    def weekly_total(self) -> Figure:
        return _times_people(self.weekly_per_person.value, self.people, "a week")

    @property
    def yearly_total(self) -> Figure:
        return _times_people(self.yearly_per_person.value, self.people, "a year")


def _times_people(per_person: Decimal | None, people: int, per: str) -> Figure:
    if per_person is None:
        return Figure(None, "No unit cost for this type.")
    total = per_person * people
    return Figure(total, f"{format_money(per_person)} × {people} people = {format_money(total)} {per}")


@dataclass(frozen=True)
class ProjectionYear:
    year: int
    people: Figure
    saving: Figure


@dataclass(frozen=True)
class BusinessCase:
    savings: list[TypeSaving]
    projected: TypeSaving | None  # the type the projection is for
    growth: int  # people per year, as the user entered it
    projection: list[ProjectionYear]

    @property
    def people(self) -> int:
        return sum(row.people for row in self.savings)

    @property
    def weekly_total(self) -> Figure:
        return _sum([row.weekly_total for row in self.savings], "a week")

    @property
    def yearly_total(self) -> Figure:
        return _sum([row.yearly_total for row in self.savings], "a year")


def _sum(figures: list[Figure], per: str) -> Figure:
    known = [f.value for f in figures if f.value is not None]
    if not known:
        return Figure(None, "No unit cost for any type.")
    total = sum(known, Decimal("0.00"))
    parts = " + ".join(format_money(value) for value in known)
    return Figure(total, f"{parts} = {format_money(total)} {per} (types with a unit cost)")


def project(row: TypeSaving, growth: int) -> list[ProjectionYear]:
    """Three years of growth at `growth` people a year, each year's saving at today's weekly saving."""
    weekly = row.weekly_per_person.value
    years = []
    for year in YEARS:
        people = row.people + growth * year
        people_figure = Figure(people, f"{row.people} today + {growth} a year × {year} = {people}")
        if weekly is None:
            saving = Figure(None, "No unit cost for this type.")
        else:
            amount = people * weekly * WEEKS_A_YEAR
            saving = Figure(
                amount, f"{people} × {format_money(weekly)} × {WEEKS_A_YEAR} weeks = {format_money(amount)}"
            )
        years.append(ProjectionYear(year, people_figure, saving))
    return years


def build(
    *,
    people: dict[str, int],
    unit_costs: dict[str, tuple[Decimal | None, str]],
    labels: dict[str, str],
    alternative: Decimal,
    growth: int,
    projected_kind: str,
) -> BusinessCase:
    """`people` and `unit_costs` (cost per week, where it comes from) per type; `labels` names each type in order."""
    savings = [
        TypeSaving(
            kind=kind,
            label=label,
            people=people.get(kind, 0),
            unit_cost=unit_costs.get(kind, (None, ""))[0],
            unit_cost_from=unit_costs.get(kind, (None, "nothing paid in the period"))[1],
            alternative=alternative,
        )
        for kind, label in labels.items()
    ]
    projected = next((row for row in savings if row.kind == projected_kind), None)
    projection = project(projected, growth) if projected else []
    return BusinessCase(savings=savings, projected=projected, growth=growth, projection=projection)
