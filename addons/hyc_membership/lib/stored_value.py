"""Stored value (储值): top-up bonus tiers, paid and bonus parts kept apart.

A top-up of `paid` CNY earns the bonus of the highest tier it reaches that is valid on
the day (pay 300 get 30, pay 500 get 60). The balance has a paid part (a liability: the
customer's money) and a bonus part (a promise, recognised as a discount when spent).
Spending takes from both in proportion to what is left of each, so the bonus is
recognised as the money is used; a refund returns only the unspent paid part, and the
bonus that went with it is forfeited in the same proportion.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


class InsufficientBalance(ValueError):
    """Asked for more than the balance holds."""


@dataclass(frozen=True)
class Tier:
    min_paid: Decimal | float | int
    bonus: Decimal | float | int
    date_from: date | None = None
    date_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.date_from is None or self.date_from <= day) and (self.date_to is None or day <= self.date_to)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _cents(value: Decimal, step: Decimal = CENT) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_HALF_UP) * step


def bonus_for(paid, tiers, day: date) -> Decimal:
    """Bonus of the highest valid tier the top-up reaches (0 when none)."""
    paid = _dec(paid)
    best = None
    for tier in tiers:
        if tier.valid_on(day) and _dec(tier.min_paid) <= paid and (best is None or _dec(tier.min_paid) > _dec(best.min_paid)):
            best = tier
    return _dec(best.bonus) if best else Decimal(0)


def split_spend(paid_left, bonus_left, amount, step=CENT):
    """(paid part, bonus part) of spending `amount` from a balance of `paid_left` paid
    and `bonus_left` bonus, in proportion, rounded to `step`; the last spend takes
    exactly what is left."""
    paid_left, bonus_left, amount, step = _dec(paid_left), _dec(bonus_left), _dec(amount), _dec(step)
    total = paid_left + bonus_left
    if amount <= 0:
        raise ValueError("amount to spend must be positive")
    if amount > total:
        raise InsufficientBalance(f"{amount} requested, {total} available")
    if amount == total:
        return paid_left, bonus_left
    paid = _cents(amount * paid_left / total, step)
    paid = min(paid, paid_left)
    bonus = amount - paid
    if bonus > bonus_left:
        bonus = bonus_left
        paid = amount - bonus
    return paid, bonus


def refund(paid_left, bonus_left, amount=None, step=CENT):
    """(paid refunded, bonus forfeited) when refunding `amount` (default: all) of the
    unspent paid part; the bonus goes in the same proportion."""
    paid_left, bonus_left, step = _dec(paid_left), _dec(bonus_left), _dec(step)
    amount = paid_left if amount is None else _dec(amount)
    if amount <= 0:
        raise ValueError("amount to refund must be positive")
    if amount > paid_left:
        raise InsufficientBalance(f"{amount} requested, {paid_left} paid left")
    if amount == paid_left:
        return amount, bonus_left
    return amount, min(bonus_left, _cents(bonus_left * amount / paid_left, step))
