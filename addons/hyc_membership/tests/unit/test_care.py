from datetime import date, datetime

import pytest

from odoo.addons.hyc_membership.lib import care


def test_active_since_is_the_start_of_the_day_n_days_before():
    assert care.active_since(date(2027, 12, 1), 90) == datetime(2027, 9, 2, 0, 0)
    assert care.active_since(date(2028, 3, 1), 1) == datetime(2028, 2, 29, 0, 0)


def test_active_since_needs_positive_days():
    with pytest.raises(ValueError):
        care.active_since(date(2027, 12, 1), 0)


def test_cooldown_allows_one_coupon_per_period():
    assert care.may_receive(None, date(2027, 12, 1), 90)
    # 2027-12-01 + 90 days = 2028-02-29 (a leap year)
    assert not care.may_receive(date(2027, 12, 1), date(2028, 2, 28), 90)
    assert care.may_receive(date(2027, 12, 1), date(2028, 2, 29), 90)
    assert not care.may_receive(date(2027, 12, 1), date(2027, 12, 1), 90)
    assert care.may_receive(date(2027, 12, 1), date(2027, 12, 1), 0)
