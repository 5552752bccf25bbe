from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.hyc_membership.lib.fifo import (
    InsufficientBalance,
    Lot,
    available,
    consume,
    expired,
    expiring_within,
    expiry_date,
)


def test_expiry_policies():
    assert expiry_date(date(2025, 3, 15), "end_of_next_year") == date(2026, 12, 31)
    assert expiry_date(date(2025, 12, 31), "end_of_next_year") == date(2026, 12, 31)
    assert expiry_date(date(2025, 1, 31), "months", 1) == date(2025, 2, 28)
    assert expiry_date(date(2024, 1, 31), "months", 1) == date(2024, 2, 29)
    assert expiry_date(date(2025, 1, 31), "none") is None
    with pytest.raises(ValueError):
        expiry_date(date(2025, 1, 31), "weekly")


def _lots():
    # earned 2024-05 (expires 2025-12-31), 2025-02 and 2025-08 (both 2026-12-31)
    return [Lot(3, date(2025, 8, 1), date(2026, 12, 31), Decimal(300)),
            Lot(1, date(2024, 5, 10), date(2025, 12, 31), Decimal(100)),
            Lot(2, date(2025, 2, 1), date(2026, 12, 31), Decimal(200))]


def test_spending_consumes_the_oldest_first():
    assert consume(_lots(), 250, date(2025, 10, 1)) == [(1, Decimal(100)), (2, Decimal(150))]
    assert consume(_lots(), 50, date(2025, 10, 1)) == [(1, Decimal(50))]


def test_expired_lots_cannot_be_spent_and_are_reported():
    today = date(2026, 1, 1)  # lot 1 expired the day before
    assert available(_lots(), today) == Decimal(500)
    assert consume(_lots(), 250, today) == [(2, Decimal(200)), (3, Decimal(50))]
    assert expired(_lots(), today) == [(1, Decimal(100))]
    assert expired(_lots(), date(2025, 12, 31)) == []  # still valid on its expiry day
    with pytest.raises(InsufficientBalance):
        consume(_lots(), 501, today)


def test_full_fifo_scenario_by_hand():
    """Earn 100 (2024-05), 200 (2025-02); spend 150 on 2025-06 → lot1 0, lot2 150;
    on 2026-01-01 nothing of lot1 expires; earn 300 (2025-08); spend 200 on 2026-03 →
    lot2 0, lot3 250; on 2027-01-01 lot3's 250 expires."""
    lots = {lot.id: lot for lot in _lots() if lot.id != 3}
    for lot_id, take in consume(list(lots.values()), 150, date(2025, 6, 1)):
        lots[lot_id].remaining -= take
    assert (lots[1].remaining, lots[2].remaining) == (0, 150)
    assert expired(list(lots.values()), date(2026, 1, 1)) == []
    lots[3] = Lot(3, date(2025, 8, 1), date(2026, 12, 31), Decimal(300))
    for lot_id, take in consume(list(lots.values()), 200, date(2026, 3, 1)):
        lots[lot_id].remaining -= take
    assert (lots[2].remaining, lots[3].remaining) == (0, 250)
    assert expiring_within(list(lots.values()), date(2026, 12, 1), 30) == Decimal(250)
    assert expiring_within(list(lots.values()), date(2026, 11, 30), 30) == Decimal(0)
    assert expired(list(lots.values()), date(2027, 1, 1)) == [(3, Decimal(250))]
