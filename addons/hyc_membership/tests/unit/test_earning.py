from datetime import date
from decimal import Decimal

from odoo.addons.hyc_membership.lib.earning import EarnRules, Line, day_multiplier, eligible_amount, points_for_order

RULES = EarnRules(points_per_cny=1, category_multipliers={"tea": 2}, member_weekday=4,
                  member_day_multiplier=2, birthday_multiplier=3)
THURSDAY = date(2026, 12, 3)
FRIDAY = date(2026, 12, 4)


def test_points_per_cny_after_discount_rounded_down():
    # 99.90 paid after a 10.00 discount on 109.90: 99 points
    assert points_for_order([Line("99.90", "snack")], RULES, THURSDAY) == 99


def test_topups_and_gift_cards_earn_nothing():
    lines = [Line(50, "snack"), Line(300, None, "topup"), Line(200, None, "giftcard")]
    assert eligible_amount(lines) == Decimal(50)
    assert points_for_order(lines, RULES, THURSDAY) == 50


def test_category_multiplier_applies_to_its_lines_only():
    # tea 30 x2 = 60, snack 25.5 x1 = 25.5 → 85.5 → 85
    assert points_for_order([Line(30, "tea"), Line("25.5", "snack")], RULES, THURSDAY) == 85


def test_member_day_doubles_on_friday_only():
    assert points_for_order([Line(100, "snack")], RULES, FRIDAY) == 200
    assert points_for_order([Line(100, "snack")], RULES, THURSDAY) == 100


def test_birthday_month_and_member_day_do_not_stack_higher_wins():
    birthday = date(1990, 12, 25)
    assert day_multiplier(RULES, FRIDAY, birthday) == 3
    assert day_multiplier(RULES, FRIDAY, date(1990, 5, 1)) == 2
    assert day_multiplier(RULES, THURSDAY, birthday) == 3
    # tea 10 x2 = 20 + snack 5 = 25, birthday x3 = 75, gold level x1.5 = 112.5 → 112
    assert points_for_order([Line(10, "tea"), Line(5, "snack")], RULES, THURSDAY, birthday, "1.5") == 112


def test_refund_takes_back_what_the_sale_gave():
    sale = points_for_order([Line("88.8", "tea")], RULES, FRIDAY)
    refund = points_for_order([Line("-88.8", "tea")], RULES, FRIDAY)
    assert (sale, refund) == (355, -355)  # 88.8 x2 x2 = 355.2


def test_refund_takes_back_the_refunded_share_rounded_down():
    from odoo.addons.hyc_membership.lib.earning import refund_points
    # 85 points earned on 85.50; refunding 30.00 takes back floor(85 x 30 / 85.5) = 29
    assert refund_points(85, "85.50", "30.00") == 29
    # a second refund of the other 55.50: everything refunded, the last 56 come back
    assert refund_points(85, "85.50", "85.50", already_taken=29) == 56


def test_partial_refunds_add_up_to_the_earned_points():
    from odoo.addons.hyc_membership.lib.earning import refund_points
    taken = 0
    for total in ("10", "20", "30", "40", "50"):
        taken += refund_points(99, "50", total, taken)
    assert taken == 99


def test_refund_of_a_sale_that_earned_nothing_takes_nothing():
    from odoo.addons.hyc_membership.lib.earning import refund_points
    assert refund_points(0, "0.50", "0.50") == 0
    assert refund_points(10, "10", "0") == 0
    assert refund_points(10, "10", "15", already_taken=10) == 0
