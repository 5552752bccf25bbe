"""Schedule times in Asia/Shanghai (UTC+8, no DST) across UTC/Shanghai day boundaries."""

from datetime import UTC, datetime

import pytest

from odoo.addons.hyc_private_domain.lib import schedule as sch

DAILY_10 = sch.ScheduleSpec(sch.DAILY, 10, 0)
LIVE_1930 = sch.ScheduleSpec(sch.DAILY, 19, 30)
WED_14 = sch.ScheduleSpec(sch.WEEKLY, 14, 0, weekday=2)


def test_daily_10_00_shanghai_is_02_00_utc():
    assert sch.next_due(DAILY_10, datetime(2026, 12, 4, 0, 0)) == datetime(2026, 12, 4, 2, 0)
    assert sch.next_due(DAILY_10, datetime(2026, 12, 4, 2, 0)) == datetime(2026, 12, 5, 2, 0)


def test_19_30_shanghai_is_11_30_utc_same_day():
    assert sch.due_between(LIVE_1930, datetime(2026, 12, 4), datetime(2026, 12, 6)) == [
        datetime(2026, 12, 4, 11, 30), datetime(2026, 12, 5, 11, 30)]


def test_early_morning_shanghai_falls_on_the_previous_utc_day():
    # 07:00 in Shanghai on Thursday 2026-12-03 is 23:00 UTC on Wednesday 2026-12-02
    early = sch.ScheduleSpec(sch.DAILY, 7, 0)
    assert sch.next_due(early, datetime(2026, 12, 2, 22, 0)) == datetime(2026, 12, 2, 23, 0)
    thursday_7 = sch.ScheduleSpec(sch.WEEKLY, 7, 0, weekday=3)
    # the weekday is Shanghai's: Thursday local, although UTC still says Wednesday
    assert sch.next_due(thursday_7, datetime(2026, 12, 1)) == datetime(2026, 12, 2, 23, 0)


def test_midnight_shanghai_crosses_the_date_line():
    midnight = sch.ScheduleSpec(sch.DAILY, 0, 0)
    # 00:00 Shanghai on 2026-12-05 = 16:00 UTC on 2026-12-04
    assert sch.due_between(midnight, datetime(2026, 12, 4, 15, 59), datetime(2026, 12, 4, 16, 0)) == [
        datetime(2026, 12, 4, 16, 0)]
    assert sch.due_between(midnight, datetime(2026, 12, 4, 16, 0), datetime(2026, 12, 5, 15, 59)) == []


def test_wednesday_14_00_lottery():
    # 2026-12-02 is a Wednesday
    runs = sch.due_between(WED_14, datetime(2026, 11, 30), datetime(2026, 12, 17))
    assert runs == [datetime(2026, 12, 2, 6, 0), datetime(2026, 12, 9, 6, 0), datetime(2026, 12, 16, 6, 0)]


def test_window_bounds_are_exclusive_then_inclusive():
    due = datetime(2026, 12, 4, 2, 0)
    assert sch.due_between(DAILY_10, due, due) == []
    assert sch.due_between(DAILY_10, datetime(2026, 12, 4, 1, 59), due) == [due]
    assert sch.due_between(DAILY_10, due, datetime(2026, 12, 4, 2, 1)) == []


def test_shanghai_has_no_dst_all_year():
    # every 10:00 of 2026 in Shanghai is 02:00 UTC: 365 runs
    runs = sch.due_between(DAILY_10, datetime(2025, 12, 31, 12), datetime(2026, 12, 31, 12))
    assert len(runs) == 365
    assert {(r.hour, r.minute) for r in runs} == {(2, 0)}


def test_aware_inputs_and_outputs():
    after = datetime(2026, 12, 4, 9, 0, tzinfo=sch.ZoneInfo("Asia/Shanghai"))  # 01:00 UTC
    assert sch.next_due(DAILY_10, after, aware=True) == datetime(2026, 12, 4, 2, 0, tzinfo=UTC)


def test_other_timezone_with_dst_still_fires_once_a_day():
    paris = sch.ScheduleSpec(sch.DAILY, 10, 0, tz="Europe/Paris")
    runs = sch.due_between(paris, datetime(2026, 3, 28), datetime(2026, 3, 31))
    assert runs == [datetime(2026, 3, 28, 9), datetime(2026, 3, 29, 8), datetime(2026, 3, 30, 8)]


def test_float_time_conversion_and_validation():
    assert sch.float_to_hour_minute(13.5) == (13, 30)
    assert sch.float_to_hour_minute(19.5) == (19, 30)
    assert sch.float_to_hour_minute(9.999) == (10, 0)
    with pytest.raises(ValueError):
        sch.ScheduleSpec(sch.WEEKLY, 14, 0)
    with pytest.raises(ValueError):
        sch.ScheduleSpec(sch.DAILY, 24, 0)
    with pytest.raises(ValueError):
        sch.ScheduleSpec("hourly", 1, 0)
