import base64
from datetime import timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from odoo.addons.queue_job.exception import RetryableJobError

from .common import HycPdCase

KEY = "welcome-key-1"
MOBILES = ["13900000001", "13900000002", "13900000003", "13900000004", "13900000005"]


@tagged("post_install", "-at_install")
class TestAutomaticWelcome(HycPdCase):
    """PD-2: every join (form, import, API, plain create) is welcomed automatically, the
    joins of one batch window by ONE message mentioning all of them, never twice."""

    KEYS = (KEY,)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group = cls.make_groups(1, prefix="新人群", keys=[KEY])
        cls.fans = cls.env["res.partner"].create([
            {"name": f"粉丝{n + 1}", "mobile": mobile} for n, mobile in enumerate(MOBILES)])
        cls.no_mobile = cls.env["res.partner"].create({"name": "无手机"})

    def welcome_jobs(self, marker):
        return self.jobs_since(marker).filtered(lambda j: j.method_name == "_hyc_pd_welcome_job")

    def test_five_joins_by_every_path_make_one_message_mentioning_five(self):
        marker = self.job_marker()
        group = self.group.with_user(self.operator)
        # 1. the group form (a line added to the members list)
        with Form(group) as form, form.membership_ids.new() as line:
            line.partner_id = self.fans[0]
        # 2. code / button
        group.hyc_pd_add_members(self.fans[1].ids)
        # 3. the API (XML-RPC), as the integration user
        self.group.with_user(self.integration).hyc_pd_upsert_members(
            [{"name": "粉丝3", "mobile": MOBILES[2]}])
        # 4. the WeCom export import
        wizard = self.env["hyc.pd.member.import"].with_user(self.operator).create({
            "group_id": self.group.id, "filename": "members.csv",
            "file": base64.b64encode(f"成员名称,手机号\n粉丝4,{MOBILES[3]}\n".encode())})
        wizard.hyc_pd_import()
        # 5. a plain create of the membership
        self.env["hyc.pd.membership"].create({"group_id": self.group.id, "partner_id": self.fans[4].id})

        jobs = self.welcome_jobs(marker)
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.identity_key, f"hyc_pd_welcome:{self.group.id}")
        # the window (60 s by default) runs from the first join
        self.assertAlmostEqual((jobs.eta - jobs.date_created).total_seconds(), 60, delta=2)
        self.assertEqual(self.group.welcome_pending_count, 5)
        self.assertFalse(self.server.requests)

        self.perform_jobs(jobs)
        self.assertEqual(len(self.server.requests), 1)
        [(key, payload)] = self.server.received
        self.assertEqual(key, KEY)
        self.assertEqual(payload, {"msgtype": "text", "text": {
            "content": "欢迎 @粉丝1 @粉丝2 @粉丝3 @粉丝4 @粉丝5 加入新人群1！请把群昵称改为「地区-肤质」，例如：北京-油皮。",
            "mentioned_mobile_list": MOBILES}})
        self.assertEqual(set(self.group.membership_ids.mapped("welcome_state")), {"sent"})
        self.assertTrue(all(self.group.membership_ids.mapped("welcomed_at")))

    def test_a_later_join_gets_a_second_message(self):
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:2].ids)
        self.perform_jobs(self.welcome_jobs(marker))
        later = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[2].ids)
        jobs = self.welcome_jobs(later)
        self.assertEqual(len(jobs), 1)  # the first job is done: a new batch starts
        self.perform_jobs(jobs)
        self.assertEqual([p["text"]["mentioned_mobile_list"] for _k, p in self.server.received],
                         [MOBILES[:2], MOBILES[2:3]])

    def test_leaving_and_rejoining_is_welcomed_again(self):
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:1].ids)
        self.perform_jobs(self.welcome_jobs(marker))
        self.group.hyc_pd_remove_members(self.fans[:1].ids)
        rejoin = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:1].ids)
        self.perform_jobs(self.welcome_jobs(rejoin))
        self.assertEqual([p["text"]["mentioned_mobile_list"] for _k, p in self.server.received],
                         [MOBILES[:1], MOBILES[:1]])
        stays = self.group.membership_ids.sorted("id")
        self.assertEqual(stays.mapped("welcome_state"), ["sent", "sent"])

    def test_leaving_before_the_welcome_is_not_mentioned(self):
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:2].ids)
        self.group.hyc_pd_remove_members(self.fans[1].ids)
        self.perform_jobs(self.welcome_jobs(marker))
        [(_key, payload)] = self.server.received
        self.assertEqual(payload["text"]["mentioned_mobile_list"], MOBILES[:1])
        self.assertEqual(self.group.membership_ids.sorted("id").mapped("welcome_state"), ["sent", "none"])

    def test_member_without_mobile_is_mentioned_by_name(self):
        self.fans[0].hyc_pd_set_nickname("杭州-干皮")
        marker = self.job_marker()
        self.group.hyc_pd_add_members((self.fans[0] | self.no_mobile).ids)
        self.perform_jobs(self.welcome_jobs(marker))
        [(_key, payload)] = self.server.received
        self.assertTrue(payload["text"]["content"].startswith("欢迎 @杭州-干皮 @无手机 加入新人群1！"))
        self.assertEqual(payload["text"]["mentioned_mobile_list"], MOBILES[:1])

    def test_the_job_run_twice_sends_once(self):
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans.ids)
        jobs = self.welcome_jobs(marker)
        self.perform_jobs(jobs)
        jobs.requeue()  # e.g. an admin requeues it, or the runner after a lost worker
        self.perform_jobs(jobs)
        self.assertEqual(len(self.server.requests), 1)

    def test_transient_failure_rolls_back_then_the_retry_sends_once(self):
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:3].ids)
        [job] = self.welcome_jobs(marker)
        self.server.fail_next[KEY] = [-1]  # WeCom: system busy
        # the runner runs the job in its own transaction: rolled back on the error
        with self.assertRaises(RetryableJobError), self.env.cr.savepoint():
            self.perform_jobs(job)
        self.env.invalidate_all()
        self.assertEqual(self.group.welcome_pending_count, 3)
        self.perform_jobs(job)  # queue_job retries it later
        self.assertEqual([code for _k, _p, code in self.server.requests], [-1, 0])
        self.assertEqual(len(self.server.received), 1)
        self.assertEqual(self.server.received[0][1]["text"]["mentioned_mobile_list"], MOBILES[:3])

    def test_invalid_key_is_reported_and_the_button_welcomes_after_the_fix(self):
        self.group.sudo().robot_key = "revoked"
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:2].ids)
        self.perform_jobs(self.welcome_jobs(marker))
        self.assertEqual(set(self.group.membership_ids.mapped("welcome_state")), {"failed"})
        self.assertIn("93000", self.group.message_ids[0].body)
        self.group.sudo().robot_key = KEY
        self.group.with_user(self.operator).action_welcome_new_members()
        self.assertEqual(self.server.received[0][1]["text"]["mentioned_mobile_list"], MOBILES[:2])
        self.assertEqual(set(self.group.membership_ids.mapped("welcome_state")), {"sent"})

    def test_window_and_pattern_come_from_the_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("hyc_private_domain.welcome_window", "300")
        params.set_param("hyc_private_domain.nickname_pattern", "城市-肤质")
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:1].ids)
        [job] = self.welcome_jobs(marker)
        self.assertAlmostEqual((job.eta - job.date_created).total_seconds(), 300, delta=2)
        self.perform_jobs(job)
        self.assertIn("请把群昵称改为「城市-肤质」", self.server.received[0][1]["text"]["content"])

    def test_no_automatic_welcome_when_switched_off(self):
        self.group.auto_welcome = False
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:2].ids)
        self.assertFalse(self.welcome_jobs(marker))
        self.assertEqual(self.group.welcome_pending_count, 2)
        self.group.action_welcome_new_members()
        self.assertEqual(len(self.server.received), 1)

    def test_two_groups_get_one_job_each(self):
        other = self.make_groups(1, prefix="另一个群", keys=[KEY])
        marker = self.job_marker()
        self.group.hyc_pd_add_members(self.fans[:2].ids)
        other.hyc_pd_add_members(self.fans[2:].ids)
        self.group.hyc_pd_add_members(self.no_mobile.ids)
        jobs = self.welcome_jobs(marker)
        self.assertEqual(len(jobs), 2)
        self.perform_jobs(jobs)
        self.assertEqual(sorted(len(p["text"]["mentioned_mobile_list"]) for _k, p in self.server.received), [2, 3])

    def test_unknown_placeholder_in_the_welcome_is_refused(self):
        with self.assertRaises(ValidationError):
            self.group.welcome_template = "欢迎{name}"

    def test_group_form_line_with_a_past_leave_is_history_not_a_join(self):
        marker = self.job_marker()
        now = self.env.cr.now()
        self.group.write({"membership_ids": [Command.create({
            "partner_id": self.fans[0].id, "join_date": now - timedelta(days=9), "leave_date": now - timedelta(days=2)})]})
        self.assertEqual(self.group.membership_ids.welcome_state, "none")
        self.assertFalse(self.welcome_jobs(marker))
