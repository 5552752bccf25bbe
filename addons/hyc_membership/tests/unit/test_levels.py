from datetime import date
from decimal import Decimal

from odoo.addons.hyc_membership.lib.dates import add_months
from odoo.addons.hyc_membership.lib.levels import Level, counted_value, evaluate, growth_for, level_for, rolling_value

LEVELS = [Level("normal", 0), Level("silver", 1000, "1.2"), Level("gold", 5000, "1.5"), Level("diamond", 20000, 2)]


def test_add_months_clamps():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_rolling_twelve_month_window():
    entries = [(date(2026, 3, 5), 100), (date(2026, 3, 6), 200), (date(2027, 3, 5), 50), (date(2027, 3, 6), 1000)]
    assert rolling_value(entries, date(2027, 3, 5)) == Decimal(250)


def test_level_for_thresholds():
    assert level_for(999, LEVELS).code == "normal"
    assert level_for(1000, LEVELS).code == "silver"
    assert level_for(19999.99, LEVELS).code == "gold"
    assert level_for(20000, LEVELS).code == "diamond"


def test_upgrade_at_once_with_a_new_review_date():
    decision = evaluate("silver", 5200, LEVELS, date(2026, 6, 10), date(2026, 12, 31))
    assert (decision.level, decision.change, decision.review_date) == ("gold", "up", date(2027, 6, 10))


def test_downgrade_only_at_the_review_date():
    before = evaluate("gold", 800, LEVELS, date(2027, 6, 9), date(2027, 6, 10))
    assert (before.level, before.change, before.review_date) == ("gold", None, date(2027, 6, 10))
    at = evaluate("gold", 800, LEVELS, date(2027, 6, 10), date(2027, 6, 10))
    assert (at.level, at.change, at.review_date) == ("normal", "down", date(2028, 6, 10))


def test_kept_level_at_review_moves_the_review_on():
    kept = evaluate("silver", 1500, LEVELS, date(2027, 6, 10), date(2027, 6, 10))
    assert (kept.level, kept.change, kept.review_date) == ("silver", None, date(2028, 6, 10))


def test_new_member_gets_the_level_reached():
    assert evaluate(None, 10, LEVELS, date(2026, 1, 1), None) == evaluate(None, 0, LEVELS, date(2026, 1, 1), None)
    assert evaluate(None, 1200, LEVELS, date(2026, 1, 1), None).change == "up"


def test_growth_value_never_expires_by_default():
    entries = [(date(2020, 1, 1), 600), (date(2026, 5, 1), 400), (date(2026, 5, 2), 100)]
    assert counted_value(entries, date(2026, 5, 1)) == Decimal(1000)       # not yet the 2 May line
    assert counted_value(entries, date(2026, 5, 2)) == Decimal(1100)


def test_growth_value_in_a_rolling_window_of_months():
    entries = [(date(2025, 6, 30), 600), (date(2025, 7, 1), 400)]
    assert counted_value(entries, date(2026, 6, 30), months=12) == Decimal(400)
    assert counted_value(entries, date(2026, 6, 29), months=12) == Decimal(1000)


def test_growth_for_a_purchase_and_its_refund():
    assert growth_for(600, 1) == Decimal("600.00")
    assert growth_for("85.5", "1.5") == Decimal("128.25")
    assert growth_for("33.33", "0.5") == Decimal("16.67")
    assert growth_for("-33.33", "0.5") == Decimal("-16.67")             # a full refund takes back as much


def test_growth_thresholds_upgrade_like_spend():
    # 普通 0 / 银卡 1,000 growth: 600 from purchases then a 400 check-in bonus
    decision = evaluate("normal", counted_value([(date(2026, 5, 1), 600), (date(2026, 5, 3), 400)], date(2026, 5, 3)),
                        LEVELS, date(2026, 5, 3), date(2027, 1, 1))
    assert (decision.level, decision.change, decision.review_date) == ("silver", "up", date(2027, 5, 3))
