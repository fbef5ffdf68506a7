"""A server-rendered SVG bar chart (no JavaScript), always shown with the same figures as a table
(templates/includes/bar_chart.html). One helper for every bar chart: the Scheme overview's weekly overdue
counts and each report's figures. Bars of one or more series side by side in each category.
"""

from dataclasses import dataclass
from decimal import Decimal

# GOV.UK Design System colours: blue, orange, green, purple; grey for the bars before a highlighted last one.
SERIES_COLOURS = ["#1d70b8", "#f47738", "#00703c", "#4c2c92"]
GREY = "#505a5f"


@dataclass(frozen=True)
class Bar:
    series: str
    value: int | Decimal | None  # None: no figure (nothing drawn, "No figure" in the table)
    colour: str
    x: float
    cx: float
    y: float
    height: float


@dataclass(frozen=True)
class Category:
    label: str  # under the bars: "4 Oct", "Live-in"
    row_label: str  # in the table: "4 October 2026"
    bars: list[Bar]
    cx: float  # the middle of its slot, for the label


@dataclass(frozen=True)
class BarChart:
    title: str
    label: str  # the accessible description: what the chart shows, its first and last figures
    label_heading: str  # the table's first column
    series: list[tuple[str, str]]  # (name, colour): the table's other columns and the key
    categories: list[Category]
    width: int
    height: int
    bar_width: float
    left: int
    baseline: float
    top: int
    folded: bool  # the table in a "Show the figures as a table" details
    table_below: bool  # the page shows a table with these figures (and more) straight after the chart


def _round_top(tallest) -> int:
    """A round number at or above the tallest bar, so the scale reads easily."""
    tallest = int(-(-tallest // 1)) if tallest else 0
    step = 5 if tallest <= 50 else 10 ** (len(str(tallest)) - 1)
    return max(5, -(-tallest // step) * step)


def bar_chart(
    title: str,
    rows: list[tuple[str, str, list]],
    *,
    series: list[str],
    label_heading: str,
    description: str = "",
    highlight_last: bool = False,
    folded: bool = False,
    table_below: bool = False,
    width: int = 640,
    height: int = 220,
) -> BarChart:
    """`rows`: (short label, table label, [one value per series]) in order. With `highlight_last` (one series), the
    last bar is blue and the others grey (the latest week against the weeks before). With `table_below`, the page
    itself follows the chart with a table holding its figures, so the include draws no second one."""
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(series))]
    top = _round_top(max((v for _, _, values in rows for v in values if v is not None), default=0))
    left, bottom, head = 40, 30, 20
    slot = (width - left) / max(len(rows), 1)
    group = slot * 0.6
    bar_width = group / len(series)
    baseline = height - bottom
    scale = (baseline - head) / top
    categories = []
    for index, (label, row_label, values) in enumerate(rows):
        start = left + index * slot + (slot - group) / 2
        bars = []
        for number, (name, value) in enumerate(zip(series, values, strict=True)):
            colour = colours[number]
            if highlight_last and index < len(rows) - 1:
                colour = GREY
            bar_height = float(value or 0) * scale
            x = start + number * bar_width
            bars.append(
                Bar(
                    name,
                    value,
                    colour,
                    round(x, 1),
                    round(x + bar_width / 2, 1),
                    round(baseline - bar_height, 1),
                    round(bar_height, 1),
                )
            )
        categories.append(Category(label, row_label, bars, round(left + index * slot + slot / 2, 1)))
    return BarChart(
        title=title,
        label=description or title,
        label_heading=label_heading,
        series=list(zip(series, colours, strict=True)),
        categories=categories,
        width=width,
        height=height,
        bar_width=round(bar_width, 1),
        left=left,
        baseline=baseline,
        top=top,
        folded=folded,
        table_below=table_below,
    )
