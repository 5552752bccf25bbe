import pytest

from odoo.addons.hyc_project_budget.lib import budget_control as bc


def test_fits_within_available_is_allowed():
    d = bc.decide(100000, 30000, 20000, 50000, "block", 0)
    assert d.status == bc.ALLOW
    assert d.available == 50000.0
    assert d.excess == 0.0
    assert d.remaining == 0.0
    assert d.allowed


def test_one_cent_over_with_block_policy_is_blocked():
    d = bc.decide(100000, 30000, 20000, 50000.01, "block", 0)
    assert d.status == bc.BLOCK
    assert d.excess == 0.01
    assert d.remaining == -0.01
    assert not d.allowed


def test_warn_policy_warns_instead_of_blocking():
    d = bc.decide(100000, 60000, 30000, 25000, "warn", 0)
    assert d.status == bc.WARN
    assert d.available == 10000.0
    assert d.excess == 15000.0
    assert d.remaining == -15000.0


def test_none_policy_never_controls():
    d = bc.decide(100, 100, 100, 1000, "none", 0)
    assert d.status == bc.ALLOW
    assert d.available == -100.0
    assert d.excess == 1100.0


def test_tolerance_lets_a_blocking_budget_be_exceeded_by_budget_times_pct_with_a_warning():
    # budget 200,000, tolerance 5 % = 10,000; available 8,000
    inside = bc.decide(200000, 150000, 42000, 18000, "block", 5)
    assert inside.tolerance == 10000.0
    assert inside.available == 8000.0
    assert inside.excess == 10000.0
    assert inside.status == bc.WARN
    beyond = bc.decide(200000, 150000, 42000, 18000.01, "block", 5)
    assert beyond.status == bc.BLOCK
    assert beyond.excess == 10000.01


def test_fractional_tolerance_rounds_to_the_cent():
    d = bc.decide(33333.33, 0, 0, 33333.33, "block", 2.5)
    assert d.tolerance == 833.33  # 33,333.33 x 2.5 % = 833.33325
    assert d.status == bc.ALLOW


def test_negative_or_zero_amount_is_always_allowed_even_when_already_over():
    d = bc.decide(1000, 900, 500, -200, "block", 0)
    assert d.status == bc.ALLOW
    assert d.available == -400.0
    assert d.remaining == -200.0
    assert bc.decide(1000, 900, 500, 0, "block", 0).status == bc.ALLOW


def test_already_over_budget_blocks_any_new_amount():
    d = bc.decide(1000, 900, 500, 0.01, "block", 0)
    assert d.status == bc.BLOCK
    assert d.excess == 400.01


def test_bad_policy_or_tolerance_is_rejected():
    with pytest.raises(ValueError):
        bc.decide(1, 0, 0, 1, "maybe", 0)
    with pytest.raises(ValueError):
        bc.decide(1, 0, 0, 1, "block", -1)


def test_figures_are_rounded_half_up_to_the_currency_digits():
    d = bc.decide(100.005, 0.004, 0, 0.015, "block", 0)
    assert d.budget == 100.01
    assert d.committed == 0.0
    assert d.amount == 0.02


def test_message_figures_are_formatted_with_symbol_and_thousands():
    d = bc.decide(100000, 60000, 30000, 25000, "warn", 0)
    figures = bc.message_figures(d)
    assert figures == {
        "budget": "¥100,000.00",
        "committed": "¥60,000.00",
        "actual": "¥30,000.00",
        "available": "¥10,000.00",
        "amount": "¥25,000.00",
        "tolerance": "¥0.00",
        "excess": "¥15,000.00",
        "remaining": "-¥15,000.00",
    }
    assert bc.format_amount(1234567.891, "$") == "$1,234,567.89"


def test_open_amount_is_the_unbilled_share_of_the_subtotal():
    assert bc.open_amount(10000, 10, 0) == 10000.0
    assert bc.open_amount(10000, 10, 4) == 6000.0
    assert bc.open_amount(10000, 10, 10) == 0.0
    assert bc.open_amount(10000, 10, 12) == 0.0  # over-billed never goes negative
    assert bc.open_amount(10000, 10, -2) == 10000.0  # a refund beyond billing never inflates it
    assert bc.open_amount(10000, 10, 4, share=0.6) == 3600.0
    assert bc.open_amount(10000, 3, 1) == 6666.67
    assert bc.open_amount(500, 0, 0) == 0.0


def test_open_amounts_split_a_line_over_its_projects():
    assert bc.open_amounts(10000, 10, 0, {"A": 0.6, "B": 0.4}) == {"A": 6000.0, "B": 4000.0}
    assert bc.open_amounts(10000, 10, 4, {"A": 0.6, "B": 0.4}) == {"A": 3600.0, "B": 2400.0}
    assert bc.open_amounts(10000.01, 1, 0, {"A": 0.6, "B": 0.4}) == {"A": 6000.01, "B": 4000.0}
    assert bc.open_amounts(10000, 10, 10, {"A": 0.6, "B": 0.4}) == {"A": 0.0, "B": 0.0}
    assert bc.open_amounts(10000, 10, 0, {}) == {}


def test_distribution_share_and_accounts():
    dist = {"7": 60.0, "7,12": 15.0, "9": 25.0}
    assert bc.distribution_share(dist, 7) == 0.75
    assert bc.distribution_share(dist, 9) == 0.25
    assert bc.distribution_share(dist, 12) == 0.15
    assert bc.distribution_share(dist, 99) == 0.0
    assert bc.distribution_share(None, 7) == 0.0
    assert bc.distribution_account_ids(dist) == [7, 12, 9]
    assert bc.distribution_account_ids({}) == []


def test_approval_needed_only_strictly_over_the_threshold():
    amounts = {"MAT": 50000.01, "LAB": 50000.0, "SUB": 10.0}
    thresholds = {"MAT": 50000.0, "LAB": 50000.0, "SUB": 0.0}
    assert bc.over_approval_thresholds(amounts, thresholds) == ["MAT"]


def test_no_threshold_means_no_approval():
    assert bc.over_approval_thresholds({"MAT": 1e9}, {}) == []
    assert bc.over_approval_thresholds({"MAT": 1e9}, {"MAT": None}) == []


def test_several_categories_over_are_all_named_sorted():
    assert bc.over_approval_thresholds({2: 300.0, 1: 200.0}, {1: 100.0, 2: 100.0}) == [1, 2]


def test_half_cent_rounding_decides_at_the_currency_precision():
    # 50,000.004 is 50,000.00 in the currency: not over
    assert bc.over_approval_thresholds({"MAT": 50000.004}, {"MAT": 50000.0}) == []
    assert bc.over_approval_thresholds({"MAT": 50000.005}, {"MAT": 50000.0}) == ["MAT"]
