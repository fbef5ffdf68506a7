"""A report's figures: titled tables of rows, the same for the page, the CSV and the XLSX (reports/exports.py)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sharedlives.charts import BarChart


@dataclass
class Table:
    title: str
    headings: list[str]  # the first names the rows; the others are figures (right-aligned)
    rows: list[list]  # text, int, Decimal or date cells
    note: str = ""  # how it is counted, in a sentence
    chart: BarChart | None = None  # drawn above the table (its figures are the table's)
    none: str = "None in this period."
    figures_from: int = 1  # the columns from this one on are figures

    def heading_cells(self) -> list[tuple[str, bool]]:
        return [(heading, index >= self.figures_from) for index, heading in enumerate(self.headings)]


def share(part: int, whole: int) -> Decimal:
    """`part` as a percentage of `whole`, to one decimal place (0 when there is no whole)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def one_place(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
