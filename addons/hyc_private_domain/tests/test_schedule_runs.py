import time
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HycPdCase

KEYS = [f"sop-key-{n}" for n in range(1, 7)]
TEN_AM_SHANGHAI = datetime(2026, 12, 4, 2, 0)  # Friday 2026-12-04 10:00 in Shanghai, in UTC


@tagged("post_install", "-at_install")
class TestScheduleRuns(HycPdCase):
    """群SOP: the cron creates each due run once and fans it out through queue_job."""

    KEYS = KEYS + ["shared-key"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.groups = cls.make_groups(6, keys=KEYS)
        cls.schedule = cls.env["hyc.pd.schedule"].create({
            "name": "10:00 打卡提醒", "frequency": "daily", "time_of_day": 10.0,
            "body": "{group}的宝宝们早上好！今天是{date}{weekday}，{time}打卡啦",
            "audience": "groups", "group_ids": [(6, 0, cls.groups.ids)],
        })
        cls.Schedule = cls.env["hyc.pd.schedule"]

    def setUp(self):
        super().setUp()
        self.schedule.dispatched_until = datetime(2026, 12, 4, 1, 0)
        self.marker = self.job_marker()

    def tick(self, *moment):
        self.Schedule._cron_hyc_pd_dispatch(now=datetime(*moment))

    def test_cron_creates_the_due_run_once_in_shanghai_time(self):
        self.tick(2026, 12, 4, 2, 0, 30)  # 10:00:30 in Shanghai
        self.tick(2026, 12, 4, 2, 1, 30)
        run = self.schedule.run_ids
        self.assertEqual(len(run), 1)
        self.assertEqual(run.due_at, TEN_AM_SHANGHAI)
        self.assertEqual(len(run.delivery_ids), 6)
        # the second tick found every delivery queued: six jobs, not twelve
        jobs = self.jobs_since(self.marker)
        self.assertEqual(len(jobs), 6)
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertEqual(run.state, "sending")
        self.assertEqual(
            run.delivery_ids.filtered(lambda d: d.group_id == self.groups[0]).body,
            "测试群1的宝宝们早上好！今天是2026-12-04周五，10:00打卡啦",
        )
        self.assertEqual(self.schedule.dispatched_until, datetime(2026, 12, 4, 2, 1, 30))
        # the next run is computed from the clock: read it at the last tick's instant
        # (read at the real time it moves on every day at 02:00 UTC)
        with freeze_time("2026-12-04 02:01:30"):
            self.schedule.invalidate_recordset(["next_due_at"])
            self.assertEqual(self.schedule.next_due_at, datetime(2026, 12, 5, 2, 0))
        with freeze_time("2026-12-05 02:00:01"):
            self.schedule.invalidate_recordset(["next_due_at"])
            self.assertEqual(self.schedule.next_due_at, datetime(2026, 12, 6, 2, 0))

    def test_run_is_unique_per_schedule_and_due_time(self):
        Run = self.env["hyc.pd.run"]
        first = Run._hyc_pd_ensure_run(self.schedule, TEN_AM_SHANGHAI)
        second = Run._hyc_pd_ensure_run(self.schedule, TEN_AM_SHANGHAI)
        self.assertEqual(first, second)
        self.assertEqual(len(self.schedule.run_ids), 1)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            Run.create({"name": "dup", "schedule_id": self.schedule.id, "due_at": TEN_AM_SHANGHAI, "body": "x"})
            self.env.flush_all()

    def test_delivery_is_unique_per_run_and_group(self):
        run = self.env["hyc.pd.run"]._hyc_pd_ensure_run(self.schedule, TEN_AM_SHANGHAI)
        self.env["hyc.pd.delivery"].create({"run_id": run.id, "group_id": self.groups[0].id, "body": "x"})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["hyc.pd.delivery"].create({"run_id": run.id, "group_id": self.groups[0].id, "body": "y"})
            self.env.flush_all()

    def test_crash_half_way_then_resume_sends_every_group_exactly_once(self):
        self.tick(2026, 12, 4, 2, 0, 30)
        run = self.schedule.run_ids
        jobs = self.jobs_since(self.marker)
        self.assertEqual(len(jobs), 6)
        # The worker sends groups 1-3, starts group 4 and dies before sending it.
        self.perform_jobs(jobs[:3])
        jobs[3].state = "started"
        # Group 5's job is lost for good (killed by an admin while the worker was down).
        jobs[4].state = "cancelled"
        self.assertEqual((run.sent_count, run.pending_count, run.failed_count), (3, 3, 0))
        self.assertEqual(run.state, "sending")
        self.assertEqual(len(self.server.received), 3)

        # Next cron tick: no second run; a new job only for group 5, whose job is gone.
        # Groups 4 and 6 still have live jobs (started / pending) and get none.
        resume_marker = self.job_marker()
        self.tick(2026, 12, 4, 2, 1, 30)
        self.assertEqual(len(self.schedule.run_ids), 1)
        new_jobs = self.jobs_since(resume_marker)
        self.assertEqual([job.records.group_id.name for job in new_jobs], ["测试群5"])

        # queue_job's runner requeues the dead worker's started job; everything runs,
        # and the jobs already done are even run again: they find their delivery sent.
        jobs[3].requeue()
        self.perform_jobs(jobs[3:4] | jobs[5:] | new_jobs | jobs[:3])
        self.perform_jobs(jobs[4:5])

        self.assertEqual(sorted(key for key, _payload in self.server.received), sorted(KEYS))
        self.assertEqual(len(self.server.requests), 6)
        self.assertEqual((run.sent_count, run.pending_count, run.failed_count), (6, 0, 0))
        self.assertEqual(run.state, "done")
        self.assertEqual(
            self.server.messages_for("sop-key-2"),
            [{"msgtype": "text", "text": {"content": "测试群2的宝宝们早上好！今天是2026-12-04周五，10:00打卡啦"}}],
        )

    def test_late_run_is_skipped_not_sent(self):
        # the server was down from 09:00 to 11:00 Shanghai: the 10:00 run is recorded, not sent
        self.tick(2026, 12, 4, 3, 0)
        self.assertEqual(self.schedule.run_ids.state, "skipped")
        self.assertFalse(self.schedule.run_ids.delivery_ids)
        self.assertFalse(self.jobs_since(self.marker))

    def test_weekly_schedule_uses_the_shanghai_weekday_across_the_date_line(self):
        # Thursday 07:00 in Shanghai is Wednesday 23:00 UTC
        early = self.Schedule.create({
            "name": "周四早报", "frequency": "weekly", "weekday": "3", "time_of_day": 7.0,
            "body": "{date}{weekday}{time}", "audience": "groups", "group_ids": [(6, 0, self.groups[:1].ids)],
        })
        early.dispatched_until = datetime(2026, 12, 2, 22, 0)
        self.schedule.active = False
        self.tick(2026, 12, 2, 23, 0, 5)
        self.perform_jobs(self.jobs_since(self.marker))
        self.assertEqual(early.run_ids.due_at, datetime(2026, 12, 2, 23, 0))
        self.assertEqual(self.server.messages_for("sop-key-1")[0]["text"]["content"], "2026-12-03周四07:00")
        with freeze_time("2026-12-02 23:00:05"):  # the next run as seen at the tick
            early.invalidate_recordset(["next_due_at"])
            self.assertEqual(early.next_due_at, datetime(2026, 12, 9, 23, 0))

    def test_sends_to_one_robot_are_spread_20_a_minute(self):
        shared = self.make_groups(21, prefix="共享机器人群", keys=["shared-key"] * 21)
        run = self.env["hyc.pd.run"].create({"name": "共享", "due_at": TEN_AM_SHANGHAI, "body": "hi"})
        run.delivery_ids = [(0, 0, {"group_id": g.id, "body": "hi"}) for g in shared]
        run._hyc_pd_dispatch(now=TEN_AM_SHANGHAI)
        jobs = self.jobs_since(self.marker)
        self.assertEqual(len(jobs), 21)
        self.assertEqual(jobs[:20].mapped("eta"), [False] * 20)
        self.assertAlmostEqual((jobs[20].eta - jobs[20].date_created).total_seconds(), 60, delta=2)
        # each job runs at its eta (the server's clock follows): the 20/min limit is never hit
        clock = [5000.0]
        self.server.clock = lambda: clock[0]
        self.addCleanup(setattr, self.server, "clock", time.monotonic)
        for index, job in enumerate(jobs):
            clock[0] = 5000.0 + (60 if index == 20 else 0)
            self.perform_jobs(job)
        self.assertEqual(run.sent_count, 21)
        self.assertEqual([code for _key, _payload, code in self.server.requests], [0] * 21)

    def test_without_spreading_the_server_refuses_the_21st(self):
        shared = self.make_groups(21, prefix="共享机器人群", keys=["shared-key"] * 21)
        run = self.env["hyc.pd.run"].create({"name": "共享", "due_at": TEN_AM_SHANGHAI, "body": "hi"})
        run.delivery_ids = [(0, 0, {"group_id": g.id, "body": "hi"}) for g in shared]
        run._hyc_pd_dispatch(now=TEN_AM_SHANGHAI)
        self.perform_jobs(self.jobs_since(self.marker))  # all at once, ignoring the eta
        self.assertEqual((run.sent_count, run.failed_count), (20, 1))
        self.assertEqual(run.delivery_ids.filtered(lambda d: d.state == "failed").errcode, 45009)

    def test_invalid_key_and_frequency_limit_are_reported_then_retried(self):
        bad = self.make_groups(1, prefix="坏钥匙群", keys=["not-registered"])
        self.schedule.group_ids = [(6, 0, (self.groups[:2] | bad).ids)]
        self.server.fail_next["sop-key-2"] = [45009]
        self.tick(2026, 12, 4, 2, 0, 30)
        self.perform_jobs(self.jobs_since(self.marker))
        run = self.schedule.run_ids
        self.assertEqual((run.sent_count, run.failed_count, run.pending_count), (1, 2, 0))
        self.assertEqual(run.state, "done")
        errors = {d.group_id.name: (d.errcode, d.error) for d in run.delivery_ids if d.state == "failed"}
        self.assertEqual(errors["坏钥匙群1"][0], 93000)
        self.assertIn("93000", errors["坏钥匙群1"][1])
        self.assertEqual(errors["测试群2"][0], 45009)
        self.assertIn("20", errors["测试群2"][1])
        self.assertEqual(run.hyc_pd_delivery_report()["failed"], 2)
        retry_marker = self.job_marker()
        run.action_retry_failed()
        retry_jobs = self.jobs_since(retry_marker)
        self.assertEqual(len(retry_jobs), 2)
        self.perform_jobs(retry_jobs)
        # 45009 was transient: now sent; the bad key fails again
        self.assertEqual((run.sent_count, run.failed_count, run.pending_count), (2, 1, 0))
        self.assertEqual(len(self.server.messages_for("sop-key-2")), 1)

    def test_cancel_stops_what_has_not_gone_out(self):
        self.tick(2026, 12, 4, 2, 0, 30)
        jobs = self.jobs_since(self.marker)
        self.perform_jobs(jobs[:1])
        run = self.schedule.run_ids
        run.action_cancel()
        self.perform_jobs(jobs[1:])
        self.assertEqual((run.sent_count, run.cancelled_count, run.pending_count), (1, 5, 0))
        self.assertEqual(run.state, "cancelled")
        self.assertEqual(len(self.server.received), 1)
        # a cancelled run is not resumed by the cron
        self.tick(2026, 12, 4, 2, 1, 30)
        self.assertEqual(len(self.jobs_since(self.marker)), 6)

    def test_placeholder_typos_and_incomplete_schedules_are_refused(self):
        with self.assertRaises(ValidationError):
            self.schedule.body = "{grup}的宝宝们"
        with self.assertRaises(ValidationError):
            self.Schedule.create({"name": "x", "frequency": "weekly", "time_of_day": 14.0, "body": "x"})
        with self.assertRaises(ValidationError):
            self.Schedule.create({"name": "x", "frequency": "daily", "time_of_day": 24.0, "body": "x"})

    def test_company_timezone_drives_the_schedule(self):
        self.assertEqual(self.schedule.timezone, "Asia/Shanghai")
        self.company.partner_id.tz = False
        self.schedule.invalidate_recordset(["timezone"])
        self.assertEqual(self.schedule.timezone, "Asia/Shanghai")
        self.company.partner_id.tz = "Europe/Paris"
        self.schedule.invalidate_recordset(["timezone"])
        # 10:00 in Paris in December is 09:00 UTC
        self.tick(2026, 12, 4, 9, 0, 30)
        self.assertEqual(self.schedule.run_ids.due_at, datetime(2026, 12, 4, 9, 0))
