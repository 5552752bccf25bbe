"""Days left and near-expiry windows (pure Python)."""

from datetime import date, datetime

import pytest

from odoo.addons.hyc_inventory_batch.lib.expiry import days_left, is_expired, is_near_expiry

TODAY = date(2026, 12, 4)


def test_days_left_counts_calendar_days():
    assert days_left(date(2026, 12, 11), TODAY) == 7
    assert days_left(datetime(2026, 12, 11, 23, 59), TODAY) == 7
    assert days_left(datetime(2026, 12, 4, 0, 1), TODAY) == 0
    assert days_left(date(2026, 12, 1), TODAY) == -3


def test_expired_from_the_expiration_day():
    assert not is_expired(date(2026, 12, 5), TODAY)
    assert is_expired(date(2026, 12, 4), TODAY)
    assert is_expired(date(2026, 11, 30), TODAY)


def test_near_expiry_window_per_category():
    # chilled lamb: alert 3 days before
    assert is_near_expiry(date(2026, 12, 7), TODAY, 3)
    assert not is_near_expiry(date(2026, 12, 8), TODAY, 3)
    # frozen beef: alert 30 days before
    assert is_near_expiry(date(2027, 1, 3), TODAY, 30)
    assert not is_near_expiry(date(2027, 1, 4), TODAY, 30)
    with pytest.raises(ValueError):
        is_near_expiry(TODAY, TODAY, -1)
    with pytest.raises(TypeError):
        days_left("2026-12-04", TODAY)
