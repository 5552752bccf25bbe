from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.hyc_membership.lib.stored_value import InsufficientBalance, Tier, bonus_for, refund, split_spend

TIERS = [Tier(300, 30), Tier(500, 60), Tier(1000, 150, date(2026, 12, 1), date(2026, 12, 31))]


def test_bonus_of_the_highest_tier_reached():
    day = date(2026, 11, 11)
    assert bonus_for(299, TIERS, day) == 0
    assert bonus_for(300, TIERS, day) == 30
    assert bonus_for(499, TIERS, day) == 30
    assert bonus_for(500, TIERS, day) == 60
    assert bonus_for(1000, TIERS, day) == 60        # the December tier is not valid yet
    assert bonus_for(1000, TIERS, date(2026, 12, 12)) == 150
    assert bonus_for(1000, TIERS, date(2027, 1, 1)) == 60


def test_spending_takes_paid_and_bonus_in_proportion():
    # pay 300 get 30: spend 110 → 100 paid + 10 bonus; 220 left = 200 + 20
    assert split_spend(300, 30, 110) == (Decimal(100), Decimal(10))
    # 10 of 200+20 → 9.09 paid + 0.91 bonus
    assert split_spend(200, 20, 10) == (Decimal("9.09"), Decimal("0.91"))
    # the last spend takes exactly what is left
    assert split_spend("190.91", "19.09", "210.00") == (Decimal("190.91"), Decimal("19.09"))
    with pytest.raises(InsufficientBalance):
        split_spend(200, 20, "220.01")


def test_refund_returns_the_unspent_paid_part_only():
    assert refund(200, 20) == (Decimal(200), Decimal(20))
    assert refund(200, 20, 50) == (Decimal(50), Decimal(5))
    with pytest.raises(InsufficientBalance):
        refund(200, 20, 201)
