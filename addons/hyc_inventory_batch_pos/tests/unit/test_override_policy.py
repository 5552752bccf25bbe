from datetime import datetime, timedelta

import pytest

from odoo.addons.hyc_inventory_batch_pos.lib.override_policy import is_locked_out, is_valid_pin, unauthorised_lots

NOW = datetime(2026, 12, 5, 10, 0, 0)


@pytest.mark.parametrize("pin", ["1234", "00000000", "98765"])
def test_valid_pins(pin):
    assert is_valid_pin(pin)


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", " 1234", "1234\n", "", None, 1234, "١٢٣٤"])
def test_invalid_pins(pin):
    assert not is_valid_pin(pin)


def test_four_failures_do_not_lock():
    failures = [NOW - timedelta(minutes=minutes) for minutes in (1, 2, 3, 4)]
    assert not is_locked_out(failures, NOW)


def test_five_failures_in_the_window_lock():
    failures = [NOW - timedelta(minutes=minutes) for minutes in (1, 2, 3, 4, 14)]
    assert is_locked_out(failures, NOW)


def test_failures_older_than_the_window_do_not_count():
    failures = [NOW - timedelta(minutes=minutes) for minutes in (1, 2, 3, 4, 15)]
    assert not is_locked_out(failures, NOW)
    # 15 minutes later the oldest four have left the window too
    assert not is_locked_out(failures + [NOW], NOW + timedelta(minutes=14))


def test_failures_in_the_future_do_not_count():
    assert not is_locked_out([NOW + timedelta(minutes=1)] * 5, NOW)


def test_custom_limit():
    assert is_locked_out([NOW], NOW, max_failures=1)
    assert not is_locked_out([], NOW, max_failures=1)


def test_unauthorised_lots_keep_order():
    assert unauthorised_lots([5, 3, 9], [3]) == [5, 9]
    assert unauthorised_lots([5, 3], [3, 5, 7]) == []
    assert unauthorised_lots([], [1]) == []
