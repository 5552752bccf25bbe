"""Calendar helpers shared by the rules."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, the day clamped to the month's end
    (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))
