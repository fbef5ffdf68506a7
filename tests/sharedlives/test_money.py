"""Money is exact (FEE-8): Decimal only, one rounding rule, floats refused."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from sharedlives.money import format_money, round_money


def test_rounds_to_the_penny_half_up__FEE_8():
    assert round_money(Decimal("53.195")) == Decimal("53.20")
    assert round_money(Decimal("53.194999")) == Decimal("53.19")
    assert round_money(Decimal("-0.005")) == Decimal("-0.01")
    assert round_money(Decimal("372.37") * 3 / 7) == Decimal("159.59")


def test_refuses_floats__FEE_8():
    with pytest.raises(TypeError):
        round_money(0.1)
    with pytest.raises(TypeError):
        format_money(12.5)


def test_money_filter_formats_and_refuses_floats__FEE_8():
    template = Template("{{ amount|money }}")
    assert template.render(Context({"amount": Decimal("1234.5")})) == "£1,234.50"
    assert template.render(Context({"amount": Decimal("-12")})) == "−£12.00"
    with pytest.raises(TypeError):
        template.render(Context({"amount": 1234.5}))


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=6))
def test_rounding_moves_an_amount_by_at_most_half_a_penny__FEE_8(amount):
    assert abs(round_money(amount) - amount) <= Decimal("0.005")
