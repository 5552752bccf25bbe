"""Points lots with expiry by earning date, consumed oldest first.

Each earning is a lot: earned date, expiry date, remaining points. Spending takes from
the oldest lot still valid (earned first, then the one expiring first, then the lowest
id); a lot is valid through its expiry date and expires the day after.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .dates import add_months


class InsufficientBalance(ValueError):
    """Asked for more than the valid lots hold."""


@dataclass
class Lot:
    id: int
    earned: date
    expiry: date | None
    remaining: Decimal


def expiry_date(earned: date, policy: str, months: int = 12) -> date | None:
    """When points earned on `earned` expire under `policy`:
    - "none": never;
    - "end_of_next_year": 31 December of the year after the earning year;
    - "months": `months` calendar months after earning."""
    if policy == "none":
        return None
    if policy == "end_of_next_year":
        return date(earned.year + 1, 12, 31)
    if policy == "months":
        return add_months(earned, months)
    raise ValueError(f"unknown expiry policy {policy!r}")


def is_valid(lot: Lot, today: date) -> bool:
    return lot.remaining > 0 and (lot.expiry is None or lot.expiry >= today)


def _order(lot: Lot):
    return (lot.earned, lot.expiry or date.max, lot.id)


def available(lots, today: date) -> Decimal:
    return sum((Decimal(str(lot.remaining)) for lot in lots if is_valid(lot, today)), Decimal(0))


def consume(lots, amount, today: date):
    """[(lot id, taken)] taking `amount` from the valid lots, oldest first. Does not
    change the lots. Raises InsufficientBalance when they do not hold enough."""
    amount = Decimal(str(amount))
    if amount <= 0:
        raise ValueError("amount to consume must be positive")
    if available(lots, today) < amount:
        raise InsufficientBalance(f"{amount} requested, {available(lots, today)} available")
    taken = []
    left = amount
    for lot in sorted((lot for lot in lots if is_valid(lot, today)), key=_order):
        if left <= 0:
            break
        take = min(Decimal(str(lot.remaining)), left)
        taken.append((lot.id, take))
        left -= take
    return taken


def expired(lots, today: date):
    """[(lot id, remaining)] of the lots whose points have expired by `today`."""
    return [(lot.id, Decimal(str(lot.remaining))) for lot in sorted(lots, key=_order)
            if lot.remaining > 0 and lot.expiry is not None and lot.expiry < today]


def expiring_within(lots, today: date, days: int):
    """Points still valid today that expire within the next `days` days (for reminders)."""
    horizon = today + timedelta(days=days)
    return sum((Decimal(str(lot.remaining)) for lot in lots
                if is_valid(lot, today) and lot.expiry is not None and lot.expiry <= horizon), Decimal(0))
