"""Member levels (普通/银卡/金卡/钻石) on rolling 12-month spend or growth value.

The level basis is the program's: the spend counted in the last 12 months, or the
growth value (成长值): earned by purchases (growth per CNY counted) and by what the
program awards (check-ins, …), never spent by redeeming points, taken back by
refunds in proportion; it never expires, or only the last N months count.

A member reaching a higher level's threshold is upgraded at once and gets a new review
date a year on; a member whose value fell below the level is only downgraded at the
review date (to the level the value then reaches), so a quiet month does not cost the
card. At a review where nothing changes the review date moves on a year.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .dates import add_months


@dataclass(frozen=True)
class Level:
    code: str
    threshold: Decimal | float | int      # value needed, the lowest level has 0
    multiplier: Decimal | float | int = 1


@dataclass(frozen=True)
class Decision:
    level: str
    change: str | None                    # "up", "down" or None
    review_date: date


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def rolling_value(entries, as_of: date, months: int = 12) -> Decimal:
    """Sum of (day, amount) entries in the window of `months` months ending on `as_of`:
    from the day after `as_of` minus `months` months through `as_of` (on 5 Mar 2027 a
    purchase of 6 Mar 2026 counts, one of 5 Mar 2026 no longer does)."""
    start = add_months(as_of, -months)
    return sum((_dec(amount) for day, amount in entries if start < day <= as_of), Decimal(0))


def counted_value(entries, as_of: date, months: int = 0) -> Decimal:
    """Growth value on `as_of`: the (day, amount) entries up to that day, all of them
    when `months` is 0 (growth that never expires), else the rolling window of
    `months` months (as rolling_value)."""
    if months:
        return rolling_value(entries, as_of, months)
    return sum((_dec(amount) for day, amount in entries if day <= as_of), Decimal(0))


def growth_for(spend, per_cny) -> Decimal:
    """Growth value of a purchase counting `spend` CNY (negative for a refund, so a
    refund takes back exactly its share), to the cent."""
    growth = _dec(spend) * _dec(per_cny)
    return growth.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def level_for(value, levels) -> Level:
    """The highest level whose threshold `value` reaches."""
    value = _dec(value)
    ranked = sorted(levels, key=lambda lvl: _dec(lvl.threshold))
    reached = [lvl for lvl in ranked if _dec(lvl.threshold) <= value]
    return reached[-1] if reached else ranked[0]


def evaluate(current: str | None, value, levels, today: date, review_date: date | None,
             period_months: int = 12) -> Decision:
    ranked = sorted(levels, key=lambda lvl: _dec(lvl.threshold))
    rank = {lvl.code: index for index, lvl in enumerate(ranked)}
    target = level_for(value, levels)
    next_review = add_months(today, period_months)
    if current is None or current not in rank:
        return Decision(target.code, "up" if rank[target.code] > 0 else None, next_review)
    if rank[target.code] > rank[current]:
        return Decision(target.code, "up", next_review)
    due = review_date is None or today >= review_date
    if rank[target.code] < rank[current]:
        if due:
            return Decision(target.code, "down", next_review)
        return Decision(current, None, review_date)
    return Decision(current, None, next_review if due else review_date)
