"""Points earned by a purchase.

Points are earned per CNY actually paid for goods (after discounts). Stored-value
top-ups and gift cards earn nothing (the customer earns when the money is spent on
goods, not twice). A product category may multiply its lines' points; member day (a
weekday, e.g. every Friday) and the member's birthday month multiply the whole order
(the higher of the two applies, they do not stack); the member level multiplies last.
The order's points are rounded down to whole points.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal

EXCLUDED_KINDS = frozenset({"topup", "giftcard"})


@dataclass(frozen=True)
class Line:
    amount: Decimal | float | int        # paid for the line after discounts, tax included
    category: str | int | None = None
    kind: str = "product"                 # product | topup | giftcard


@dataclass(frozen=True)
class EarnRules:
    points_per_cny: Decimal | float = 1
    category_multipliers: dict = field(default_factory=dict)
    member_weekday: int | None = None     # Monday = 0 … Friday = 4, None = no member day
    member_day_multiplier: Decimal | float = 1
    birthday_multiplier: Decimal | float = 1


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def day_multiplier(rules: EarnRules, on: date, birthday: date | None) -> Decimal:
    """The order-wide multiplier of the day: member day or birthday month, the higher."""
    best = Decimal(1)
    if rules.member_weekday is not None and on.weekday() == rules.member_weekday:
        best = max(best, _dec(rules.member_day_multiplier))
    if birthday and birthday.month == on.month:
        best = max(best, _dec(rules.birthday_multiplier))
    return best


def eligible_amount(lines) -> Decimal:
    """What the points are earned on: goods only, after discounts."""
    return sum((_dec(line.amount) for line in lines if line.kind not in EXCLUDED_KINDS), Decimal(0))


def points_for_order(lines, rules: EarnRules, on: date, birthday: date | None = None,
                     level_multiplier=1) -> int:
    """Whole points earned by the order's `lines` on day `on` (rounded down). A refund
    (negative amounts) gives the negative figure, rounded toward zero, so a full
    refund takes back exactly what the sale gave."""
    base = Decimal(0)
    for line in lines:
        if line.kind in EXCLUDED_KINDS:
            continue
        multiplier = _dec(rules.category_multipliers.get(line.category, 1))
        base += _dec(line.amount) * _dec(rules.points_per_cny) * multiplier
    total = base * day_multiplier(rules, on, birthday) * _dec(level_multiplier)
    sign = -1 if total < 0 else 1
    return sign * int(abs(total).to_integral_value(rounding=ROUND_FLOOR))


def refund_points(earned, eligible, refunded_total, already_taken=0) -> int:
    """Points a refund takes back from the `earned` points of a sale of `eligible` CNY.
    `refunded_total` is everything refunded of that sale so far, this refund included;
    `already_taken` what earlier refunds took back. The sale's share refunded so far,
    rounded down, minus what was already taken: partial refunds add up to exactly the
    earned points once the whole sale is refunded."""
    earned, eligible = _dec(earned), _dec(eligible)
    refunded_total, already_taken = _dec(refunded_total), _dec(already_taken)
    if earned <= 0 or eligible <= 0 or refunded_total <= 0:
        return 0
    if refunded_total >= eligible:
        due = earned
    else:
        due = (earned * refunded_total / eligible).to_integral_value(rounding=ROUND_FLOOR)
    return int(max(due - already_taken, Decimal(0)))
