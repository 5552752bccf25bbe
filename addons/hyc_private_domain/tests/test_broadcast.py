from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HycPdCase

KEYS = ["bc-key-1", "bc-key-2", "bc-key-3"]


@tagged("post_install", "-at_install")
class TestBroadcast(HycPdCase):
    """群发 (PD-9): preview of reach, confirmation, report, cancellation."""

    KEYS = KEYS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.groups = cls.make_groups(3, prefix="群发群", keys=KEYS)
        partners = cls.env["res.partner"].create([{"name": f"粉丝{n}"} for n in range(5)])
        cls.groups[0].hyc_pd_add_members(partners[:3].ids)
        cls.groups[1].hyc_pd_add_members(partners[3:].ids)
        cls.broadcast = cls.env["hyc.pd.broadcast"].create({
            "name": "双十二加场", "body": "{group}的宝宝们，今晚加场直播！", "audience": "groups",
            "group_ids": [(6, 0, cls.groups.ids)],
        })

    def test_reach_preview_then_confirm_then_report(self):
        broadcast = self.broadcast
        self.assertEqual((broadcast.reach_group_count, broadcast.reach_member_count), (3, 5))
        with self.assertRaises(UserError):
            broadcast.action_confirm_send()  # no preview yet
        broadcast.action_preview()
        self.assertEqual((broadcast.state, broadcast.confirmed_group_count, broadcast.confirmed_member_count),
                         ("to_confirm", 3, 5))
        # changing the message sends it back to draft: the user must confirm again
        broadcast.body = "{group}的宝宝们，今晚20:00加场直播！"
        self.assertEqual(broadcast.state, "draft")
        broadcast.action_preview()
        marker = self.job_marker()
        broadcast.action_confirm_send()
        jobs = self.jobs_since(marker)
        self.assertEqual(len(jobs), 3)
        self.assertEqual((broadcast.state, broadcast.sent_count, broadcast.pending_count), ("sending", 0, 3))
        self.perform_jobs(jobs)
        self.assertEqual(broadcast.state, "done")
        self.assertEqual(broadcast.hyc_pd_delivery_report(), {
            "run": broadcast.run_id.id, "state": "done", "sent": 3, "failed": 0, "pending": 0, "cancelled": 0,
            "errors": []})
        self.assertEqual(self.server.messages_for("bc-key-3")[0]["text"]["content"], "群发群3的宝宝们，今晚20:00加场直播！")
        with self.assertRaises(UserError):
            broadcast.body = "改不了"

    def test_cancel_what_has_not_gone_out(self):
        self.broadcast.action_preview()
        marker = self.job_marker()
        self.broadcast.action_confirm_send()
        jobs = self.jobs_since(marker)
        self.perform_jobs(jobs[:1])
        self.broadcast.action_cancel()
        self.perform_jobs(jobs[1:])
        self.assertEqual(self.broadcast.state, "cancelled")
        self.assertEqual(self.broadcast.hyc_pd_delivery_report()["sent"], 1)
        self.assertEqual(self.broadcast.cancelled_count, 2)
        self.assertEqual(len(self.server.received), 1)

    def test_failure_shows_the_channel_error(self):
        self.groups[2].sudo().robot_key = "revoked-key"
        self.broadcast.action_preview()
        marker = self.job_marker()
        self.broadcast.action_confirm_send()
        self.perform_jobs(self.jobs_since(marker))
        report = self.broadcast.hyc_pd_delivery_report()
        self.assertEqual((report["sent"], report["failed"]), (2, 1))
        self.assertEqual(report["errors"][0]["group"], "群发群3")
        self.assertIn("93000", report["errors"][0]["error"])

    def test_audience_that_reaches_nobody_cannot_be_sent(self):
        empty = self.env["hyc.pd.broadcast"].create({"name": "空", "body": "x", "audience": "groups"})
        self.assertEqual(empty.reach_group_count, 0)
        with self.assertRaises(UserError):
            empty.action_preview()

    def test_operator_sends_a_broadcast(self):
        broadcast = self.broadcast.with_user(self.operator)
        broadcast.action_preview()
        marker = self.job_marker()
        broadcast.action_confirm_send()
        self.perform_jobs(self.jobs_since(marker))
        self.assertEqual(broadcast.sent_count, 3)
