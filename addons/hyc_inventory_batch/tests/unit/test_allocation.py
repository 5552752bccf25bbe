"""Hand-computed splits of an expense over lines (pure Python, no database)."""

from decimal import Decimal

import pytest

from odoo.addons.hyc_inventory_batch.lib.allocation import (
    AllocationError,
    allocate,
    round_to,
    split,
    split_sold_share,
)

D = Decimal
# three receipt lines of lamb: 10 kg at 50.00, 20 kg at 40.00, 30 kg at 70.00 → 500 + 800 + 2,100
LINES = [
    {"amount": 500, "quantity": 10, "weight": 10.0, "volume": 0.5},
    {"amount": 800, "quantity": 20, "weight": 25.0, "volume": 0.5},
    {"amount": 2100, "quantity": 30, "weight": 15.0, "volume": 1.0},
]


def test_by_amount_1000_over_three_lines():
    # 1000 × 500/3400 = 147.0588 → 147.06; × 800/3400 = 235.294 → 235.29; × 2100/3400 = 617.647 → 617.65
    # 147.06 + 235.29 + 617.65 = 1000.00, no residue
    assert allocate(D("1000.00"), "by_amount", LINES) == [D("147.06"), D("235.29"), D("617.65")]


def test_by_quantity_1000_over_three_lines():
    # 10/60, 20/60, 30/60 → 166.666 → 166.67, 333.333 → 333.33, 500.00; sum 1000.00
    assert allocate(D("1000.00"), "by_quantity", LINES) == [D("166.67"), D("333.33"), D("500.00")]


def test_by_weight_1000_over_three_lines():
    # 10/50, 25/50, 15/50 → 200.00, 500.00, 300.00
    assert allocate(1000, "by_weight", LINES) == [D("200.00"), D("500.00"), D("300.00")]


def test_by_volume_and_equal():
    # 0.5/2, 0.5/2, 1/2 → 250, 250, 500
    assert allocate(1000, "by_volume", LINES) == [D("250.00"), D("250.00"), D("500.00")]
    # 1000 / 3 = 333.33 each = 999.99; residue 0.01 to the first of the tied lines
    assert allocate(1000, "equal", LINES) == [D("333.34"), D("333.33"), D("333.33")]


def test_residue_goes_to_the_largest_line():
    # 1000 over 3 × 333.33 of amount: each 333.333.. → 333.33, total 999.99, +0.01 on the largest
    lines = [{"amount": "333.33"}, {"amount": "333.33"}, {"amount": "333.34"}]
    shares = allocate(D("1000.00"), "by_amount", lines)
    assert shares == [D("333.33"), D("333.33"), D("333.34")]
    # with three equal lines of 333.33 the first (tie) takes the residue
    shares = allocate(D("1000.00"), "by_amount", [{"amount": "333.33"}] * 3)
    assert shares == [D("333.34"), D("333.33"), D("333.33")]
    assert sum(shares) == D("1000.00")
    # 100.00 over 3 lines of 1, 1, 5 by quantity: 14.29, 14.29, 71.43 = 100.01 → largest gets −0.01
    shares = allocate(100, "by_quantity", [{"quantity": 1}, {"quantity": 1}, {"quantity": 5}])
    assert shares == [D("14.29"), D("14.29"), D("71.42")]
    assert sum(shares) == D("100.00")


def test_currency_rounding_other_than_cents():
    # JPY-like rounding of 1: 1000 / 3 → 333, 333, 334
    assert split(1000, [1, 1, 1], rounding=1) == [D("334"), D("333"), D("333")]
    assert round_to("2.675", "0.05") == D("2.70")


def test_error_on_zero_total_weight():
    with pytest.raises(AllocationError, match="total weight of the lines is zero"):
        allocate(1000, "by_weight", [{"weight": 0}, {"weight": 0.0}])


def test_error_on_negative_amount_and_negative_basis():
    with pytest.raises(AllocationError, match="cannot be negative"):
        allocate(-10, "by_quantity", LINES)
    with pytest.raises(AllocationError, match="negative weight"):
        allocate(10, "by_weight", [{"weight": -1}, {"weight": 3}])


def test_error_on_no_lines_and_unknown_method():
    with pytest.raises(AllocationError, match="no line"):
        allocate(10, "by_amount", [])
    with pytest.raises(AllocationError, match="Unknown split method"):
        allocate(10, "by_colour", LINES)


def test_zero_amount_gives_zero_shares():
    assert allocate(0, "by_amount", LINES) == [D("0.00")] * 3


def test_sold_share_after_40_percent_sold():
    # 300.00 of freight on a 100 kg lot of which 40 kg were sold: 180.00 stays in stock, 120.00 to COGS
    assert split_sold_share(D("300.00"), 100, 60) == (D("180.00"), D("120.00"))
    # nothing sold / all sold
    assert split_sold_share(D("300.00"), 100, 100) == (D("300.00"), D("0.00"))
    assert split_sold_share(D("300.00"), 100, 0) == (D("0.00"), D("300.00"))
    # 100.00 over a third remaining: 33.33 stock + 66.67 sold
    assert split_sold_share(100, 3, 1) == (D("33.33"), D("66.67"))
    with pytest.raises(AllocationError):
        split_sold_share(10, 0, 0)
