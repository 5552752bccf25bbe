"""Expiry arithmetic: days left, near-expiry, and whether a delivery may go out."""

from datetime import date, datetime


def as_date(value):
    """A date from a date or datetime (datetimes are taken at their calendar day)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, got {value!r}")


def days_left(expiration, today):
    """Whole days from today to the expiration day: 0 on the day, negative once expired."""
    return (as_date(expiration) - as_date(today)).days


def is_expired(expiration, today):
    """Expired from the expiration day on (the lot must not be delivered that day)."""
    return days_left(expiration, today) <= 0


def is_near_expiry(expiration, today, alert_days):
    """Within the category's alert window (or already expired)."""
    if alert_days is None or alert_days < 0:
        raise ValueError("alert days must be zero or more")
    return days_left(expiration, today) <= alert_days
