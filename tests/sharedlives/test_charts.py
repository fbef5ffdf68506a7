"""The one bar chart helper (sharedlives/charts.py): scaled to a round top, a bar per series, no bar for no figure."""

from decimal import Decimal

from sharedlives.charts import GREY, SERIES_COLOURS, bar_chart


def test_bars_are_scaled_to_a_round_number_above_the_tallest():
    chart = bar_chart(
        "Starts", [("Jan", "January", [7]), ("Feb", "February", [None])], series=["Started"], label_heading="Month"
    )
    assert chart.top == 10  # 7 rounds up to the next 5
    first, second = (category.bars[0] for category in chart.categories)
    assert first.height == round(7 * (chart.baseline - 20) / 10, 1) and first.y == round(
        chart.baseline - first.height, 1
    )
    assert second.value is None and second.height == 0
    assert chart.label == "Starts"  # no description: the title is the accessible name


def test_series_sit_side_by_side_in_gov_uk_colours_and_the_last_bar_can_stand_out():
    chart = bar_chart("Two", [("A", "A", [1, Decimal("2.5")])], series=["One", "Two"], label_heading="Kind")
    one, two = chart.categories[0].bars
    assert (one.colour, two.colour) == tuple(SERIES_COLOURS[:2]) and two.x == round(one.x + chart.bar_width, 1)
    weeks = bar_chart(
        "Weeks", [("1", "1", [3]), ("2", "2", [4])], series=["Overdue"], label_heading="Week", highlight_last=True
    )
    assert [c.bars[0].colour for c in weeks.categories] == [GREY, SERIES_COLOURS[0]]
    assert bar_chart("Big", [("A", "A", [1234])], series=["n"], label_heading="k").top == 2000
