"""Care coupons (MEM-7): who counts as inactive, and the cool-down between coupons."""

from datetime import date, datetime, time, timedelta


def active_since(today: date, inactive_days: int) -> datetime:
    """The moment from which any activity keeps a member active: the start of the
    day `inactive_days` before `today` (90 days before 1 Dec is 2 Sep, 00:00)."""
    if inactive_days <= 0:
        raise ValueError("inactive days must be positive")
    return datetime.combine(today - timedelta(days=inactive_days), time.min)


def last_coupon_before(today: date, cooldown_days: int) -> date:
    """A member whose last care coupon was given on or before this day may get
    another one today (at most one coupon per `cooldown_days`)."""
    return today - timedelta(days=max(cooldown_days, 0))


def may_receive(last_coupon: date | None | bool, today: date, cooldown_days: int) -> bool:
    return not last_coupon or last_coupon <= last_coupon_before(today, cooldown_days)
