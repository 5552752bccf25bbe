"""Schedule computation for group SOPs (群SOP): a time of day every day, or a weekday and
a time, in a timezone (default Asia/Shanghai, which has no DST since 1991).

All instants exchanged with callers are UTC. Naive datetimes are taken as UTC (that is how
Odoo stores datetimes); results are naive UTC unless ``aware=True``.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"
DAILY = "daily"
WEEKLY = "weekly"


@dataclass(frozen=True)
class ScheduleSpec:
    kind: str  # DAILY or WEEKLY
    hour: int
    minute: int = 0
    weekday: int | None = None  # 0 = Monday … 6 = Sunday (Python's convention)
    tz: str = DEFAULT_TZ

    def __post_init__(self):
        if self.kind not in (DAILY, WEEKLY):
            raise ValueError(f"unknown schedule kind {self.kind!r}")
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ValueError(f"invalid time {self.hour}:{self.minute:02d}")
        if self.kind == WEEKLY and self.weekday not in range(7):
            raise ValueError("a weekly schedule needs a weekday 0 (Monday) to 6 (Sunday)")
        ZoneInfo(self.tz)  # raises for an unknown zone


def float_to_hour_minute(value):
    """Odoo's float_time widget value (13.5) → (13, 30)."""
    total = round(value * 60)
    return divmod(total % (24 * 60), 60)


def _to_utc(moment):
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local_due(spec, day):
    """The instant (aware UTC) the schedule fires on local calendar ``day``, or None."""
    if spec.kind == WEEKLY and day.weekday() != spec.weekday:
        return None
    zone = ZoneInfo(spec.tz)
    local = datetime.combine(day, time(spec.hour, spec.minute), tzinfo=zone)
    # A local time skipped by a DST gap does not round-trip: move it forward like clocks do.
    roundtrip = local.astimezone(UTC).astimezone(zone)
    if roundtrip.replace(tzinfo=None) != local.replace(tzinfo=None):
        local = roundtrip
    return local.astimezone(UTC)


def due_between(spec, after, until, aware=False):
    """Every instant the schedule fires with ``after < t <= until`` (UTC), in order."""
    start, end = _to_utc(after), _to_utc(until)
    if end <= start:
        return []
    zone = ZoneInfo(spec.tz)
    day = start.astimezone(zone).date() - timedelta(days=1)
    last_day: date = end.astimezone(zone).date() + timedelta(days=1)
    result = []
    while day <= last_day:
        moment = local_due(spec, day)
        if moment is not None and start < moment <= end:
            result.append(moment if aware else moment.replace(tzinfo=None))
        day += timedelta(days=1)
    return result


def next_due(spec, after, aware=False):
    """The first instant strictly after ``after`` (UTC)."""
    return due_between(spec, after, _to_utc(after) + timedelta(days=8), aware=aware)[0]
