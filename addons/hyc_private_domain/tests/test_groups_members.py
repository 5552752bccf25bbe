import ast
import base64
import io
from datetime import datetime

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.hyc_private_domain.models.hyc_pd_group import HycDeliveryError

from .common import HycPdCase


@tagged("post_install", "-at_install")
class TestGroupsMembers(HycPdCase):
    """Groups, join/leave history, nickname tags, segments, WeCom export import, key secrecy."""

    KEYS = ("grp-key-1",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group = cls.make_groups(1, prefix="佳琦测试群", keys=["grp-key-1"])
        Partner = cls.env["res.partner"]
        cls.red = Partner.create({"name": "小红", "mobile": "13911110001"})
        cls.blue = Partner.create({"name": "小蓝", "mobile": "13911110002"})

    # -- join / leave history ------------------------------------------------------------
    def test_join_leave_and_rejoin_keep_the_history(self):
        group = self.group
        group.hyc_pd_add_members([self.red.id, self.blue.id], join_date=datetime(2026, 11, 1, 2, 0))
        self.assertEqual(group.member_count, 2)
        # adding a current member again opens no second stay
        self.assertFalse(group.hyc_pd_add_members([self.red.id]))
        group.hyc_pd_remove_members([self.red.id])
        self.assertEqual(group.member_ids, self.blue)
        group.hyc_pd_add_members([self.red.id])
        stays = group.membership_ids.filtered(lambda m: m.partner_id == self.red)
        self.assertEqual(len(stays), 2)
        self.assertEqual(sorted(stays.mapped("is_active")), [False, True])
        self.assertEqual(self.env["hyc.pd.group"].search([("member_ids", "in", self.red.ids)]), group)

    # -- nicknames -----------------------------------------------------------------------
    def test_nickname_becomes_region_and_skin_tags(self):
        self.assertEqual(self.red.hyc_pd_set_nickname("北京－油皮🌸"), {self.red.id: True})
        self.assertEqual(self.red.hyc_pd_region_id.name, "北京")
        self.assertEqual(self.red.hyc_pd_skin_id.name, "油性")
        self.assertEqual(self.red.hyc_pd_region_id.parent_id, self.env.ref("hyc_private_domain.partner_category_region"))
        self.assertEqual(self.red.hyc_pd_skin_id.hyc_pd_family, "skin")
        # a new nickname replaces the family tags, other tags stay
        vip = self.env["res.partner.category"].create({"name": "VIP"})
        self.red.category_id = [(4, vip.id)]
        self.red.hyc_pd_set_nickname("上海 — 干皮")
        self.assertEqual(sorted(self.red.category_id.mapped("name")), sorted(["VIP", "上海", "干性"]))
        # the same tag is reused, not duplicated
        self.blue.hyc_pd_set_nickname("上海-干性")
        self.assertEqual(self.blue.hyc_pd_region_id, self.red.hyc_pd_region_id)

    def test_unparsed_nicknames_are_reported_with_the_reason(self):
        self.red.hyc_pd_set_nickname("北京-油皮")
        self.assertEqual(self.red.hyc_pd_set_nickname("小红🌸"), {self.red.id: False})
        self.assertEqual((self.red.hyc_pd_nickname_status, self.red.hyc_pd_nickname_reason), ("unparsed", "no_separator"))
        # the old region/skin tags went away with the parsable nickname
        self.assertFalse(self.red.hyc_pd_region_id)
        self.blue.hyc_pd_set_nickname("北京-")
        action = self.env.ref("hyc_private_domain.action_hyc_pd_unparsed_nicknames")
        unparsed = self.env["res.partner"].search(ast.literal_eval(action.domain))
        self.assertIn(self.red, unparsed)
        self.assertIn(self.blue, unparsed)
        self.assertEqual(self.blue.hyc_pd_nickname_reason, "missing_skin")

    # -- segments ------------------------------------------------------------------------
    def test_segment_selects_groups_by_member_tags(self):
        other = self.make_groups(1, prefix="上海群", keys=["x"])
        self.red.hyc_pd_set_nickname("北京-油皮")
        self.blue.hyc_pd_set_nickname("上海-干皮")
        self.group.hyc_pd_add_members([self.red.id])
        other.hyc_pd_add_members([self.blue.id])
        Tag = self.env["res.partner.category"]
        # a group tag keeps other groups (demo data of a full database) out of the segment
        mine = self.env["hyc.pd.group.tag"].create({"name": "分群测试"})
        (self.group | other).tag_ids = [(4, mine.id)]
        segment = self.env["hyc.pd.segment"].create({
            "name": "北京油皮", "region_tag_ids": [(6, 0, Tag._hyc_pd_family_tag("region", "北京").ids)],
            "skin_tag_ids": [(6, 0, Tag._hyc_pd_family_tag("skin", "油性").ids)],
            "group_tag_ids": [(6, 0, mine.ids)],
        })
        self.assertEqual(segment._hyc_pd_groups(), self.group)
        self.assertEqual((segment.group_count, segment.member_count), (1, 1))
        segment.skin_tag_ids = [(5, 0, 0)]
        segment.region_tag_ids = [(4, Tag._hyc_pd_family_tag("region", "上海").id)]
        self.assertEqual(segment._hyc_pd_groups(), self.group | other)
        # a member who left no longer counts
        other.hyc_pd_remove_members([self.blue.id])
        self.assertEqual(segment._hyc_pd_groups(), self.group)

    # -- import --------------------------------------------------------------------------
    def _import(self, data, filename, **kwargs):
        wizard = self.env["hyc.pd.member.import"].create({
            "group_id": self.group.id, "file": base64.b64encode(data), "filename": filename, **kwargs})
        return wizard.hyc_pd_import()

    def test_import_wecom_csv_export(self):
        csv = ("客户群名称,佳琦测试群\n成员名称,群昵称,手机号,入群时间\n"
               "小红,北京-油皮,13911110001,2026-11-01\n新人甲,广州—混油✨,13900009999,2026-11-02\n"
               "新人乙,我是乙,,2026-11-03\n")
        counts = self._import(csv.encode("gb18030"), "群成员.csv")
        self.assertEqual(counts, {"rows": 3, "joined": 3, "left": 0, "unparsed": 1, "problems": 0})
        members = self.group.member_ids
        self.assertEqual(len(members), 3)
        self.assertIn(self.red, members)  # matched by mobile, not duplicated
        newcomer = members.filtered(lambda p: p.name == "新人甲")
        self.assertEqual((newcomer.hyc_pd_region_id.name, newcomer.hyc_pd_skin_id.name), ("广州", "混合偏油"))
        self.assertEqual(members.filtered(lambda p: p.name == "新人乙").hyc_pd_nickname_status, "unparsed")
        self.assertEqual(set(self.group.membership_ids.mapped("source")), {"import"})

    def test_import_can_welcome_the_newcomers_in_one_message(self):
        # 小蓝 was in the group before (welcomed back then)
        self.group.with_context(hyc_pd_welcome=False).hyc_pd_add_members([self.blue.id])
        self.assertEqual(self.group.membership_ids.welcome_state, "none")
        csv = "成员名称,群昵称,手机号\n小红,北京-油皮,13911110001\n小蓝,,13911110002\n新人,成都-干皮,13911110003\n"
        marker = self.job_marker()
        counts = self._import(csv.encode(), "members.csv")
        self.assertEqual(counts["joined"], 2)
        jobs = self.jobs_since(marker)
        self.assertEqual(len(jobs), 1)
        self.perform_jobs(jobs)
        [(key, payload)] = self.server.received
        self.assertEqual(payload["text"]["mentioned_mobile_list"], ["13911110001", "13911110003"])
        self.assertTrue(payload["text"]["content"].startswith("欢迎 @北京-油皮 @成都-干皮 加入佳琦测试群1！"))

    def test_import_of_an_existing_group_welcomes_nobody(self):
        marker = self.job_marker()
        csv = "成员名称,群昵称,手机号\n小红,北京-油皮,13911110001\n小蓝,,13911110002\n"
        self._import(csv.encode(), "members.csv", welcome_newcomers=False)
        self.assertEqual(self.group.member_count, 2)
        self.assertEqual(set(self.group.membership_ids.mapped("welcome_state")), {"none"})
        self.assertFalse(self.jobs_since(marker))

    def test_import_xlsx_marks_missing_members_as_left(self):
        self.group.hyc_pd_add_members([self.blue.id])
        book = openpyxl.Workbook()
        book.active.append(["成员", "群昵称", "手机号", "外部联系人ID"])
        book.active.append(["小红", "成都-敏感肌", 13911110001, "wmRED"])
        buffer = io.BytesIO()
        book.save(buffer)
        counts = self._import(buffer.getvalue(), "export.xlsx", mark_missing_as_left=True)
        self.assertEqual(counts, {"rows": 1, "joined": 1, "left": 1, "unparsed": 0, "problems": 0})
        self.assertEqual(self.group.member_ids, self.red)
        self.assertEqual(self.red.hyc_pd_wecom_userid, "wmRED")
        self.assertEqual(self.red.hyc_pd_skin_id.name, "敏感")

    # -- welcome -------------------------------------------------------------------------
    def test_welcome_button_mentions_the_batch_of_new_members_once(self):
        self.red.hyc_pd_set_nickname("北京-油皮")
        marker = self.job_marker()
        self.group.hyc_pd_add_members([self.red.id, self.blue.id])
        self.assertEqual(self.group.welcome_pending_count, 2)
        self.group.action_welcome_new_members()
        self.group.action_welcome_new_members()
        self.assertEqual(len(self.server.received), 1)
        text = self.server.received[0][1]["text"]
        self.assertEqual(text["mentioned_mobile_list"], ["13911110001", "13911110002"])
        self.assertTrue(text["content"].startswith("欢迎 @北京-油皮 @小蓝 加入佳琦测试群1！请把群昵称改为「地区-肤质」"))
        # the automatic job queued by the joins finds them welcomed already
        self.perform_jobs(self.jobs_since(marker))
        self.assertEqual(len(self.server.requests), 1)
        self.assertEqual(set(self.group.membership_ids.mapped("welcome_state")), {"sent"})

    # -- robot key secrecy ---------------------------------------------------------------
    def test_robot_key_is_readable_by_operator_admin_only(self):
        self.assertEqual(self.group.with_user(self.op_admin).robot_key, "grp-key-1")
        for user in (self.operator, self.integration):
            group = self.group.with_user(user)
            self.assertEqual(group.name, "佳琦测试群1")
            self.assertTrue(group.has_robot_key)
            with self.assertRaises(AccessError):
                group.read(["robot_key"])
            with self.assertRaises(AccessError):
                group.write({"robot_key": "stolen"})
            self.assertNotIn("robot_key", group.fields_get())

    def test_operator_can_still_send_through_the_robot(self):
        self.group.with_user(self.operator).action_send_test_message()
        self.assertEqual(self.server.messages_for("grp-key-1"),
                         [{"msgtype": "text", "text": {"content": "Test message from Odoo for 佳琦测试群1"}}])

    # -- other providers -----------------------------------------------------------------
    def test_email_and_discuss_providers(self):
        channel = self.env["discuss.channel"].create({"name": "测试频道"})
        by_mail = self.env["hyc.pd.group"].create({"name": "邮件群", "provider": "email", "email_to": "fans@example.com"})
        by_discuss = self.env["hyc.pd.group"].create({"name": "站内群", "provider": "discuss",
                                                      "discuss_channel_id": channel.id})
        by_mail._hyc_pd_send("今晚19:30直播\n<不要注入>")
        mail = self.env["mail.mail"].search([("email_to", "=", "fans@example.com")])
        self.assertEqual(mail.subject, "邮件群")
        self.assertIn("今晚19:30直播<br>&lt;不要注入&gt;", mail.body_html.replace("<br/>", "<br>"))
        by_discuss._hyc_pd_send("开播啦")
        self.assertIn("开播啦", channel.message_ids[0].body)
        self.assertFalse(by_mail._hyc_pd_rate_key())
        # e-mail to each member: one mail.mail per current member with an address
        each = self.env["hyc.pd.group"].create({"name": "会员邮件群", "provider": "member_email"})
        gone = self.env["res.partner"].create({"name": "已退群", "email": "gone@example.com"})
        self.red.email, self.blue.email = "red@example.com", False
        marker = self.job_marker()
        each.hyc_pd_add_members((self.red | self.blue | gone).ids)
        self.assertFalse(self.jobs_since(marker))  # no welcome: no common room to post it in
        each.hyc_pd_remove_members(gone.ids)
        self.assertEqual(each._hyc_pd_send("会员日\n全场九折"), "Queued 1 e-mails to the members.")
        [mail] = self.env["mail.mail"].search([("subject", "=", "会员邮件群")])
        self.assertEqual(mail.email_to, '"小红" <red@example.com>')
        self.assertIn("会员日<br>全场九折", mail.body_html.replace("<br/>", "<br>"))
        each.hyc_pd_remove_members(self.red.ids)
        with self.assertRaises(HycDeliveryError):
            each._hyc_pd_send("没人了")
        self.assertEqual(self.group._hyc_pd_rate_key(), "wecom:grp-key-1")

    # -- API helpers (the XML-RPC test drives them over the wire) --------------------------
    def test_upsert_members_and_record_nicknames_as_integration(self):
        group = self.group.with_user(self.integration)
        result = group.hyc_pd_upsert_members([
            {"name": "小红", "mobile": "13911110001", "nickname": "北京-油皮"},
            {"name": "新人", "userid": "wmNEW", "nickname": "无格式"},
            {"name": "无昵称", "mobile": "13700000000"},
        ])
        new = self.env["res.partner"].search([("hyc_pd_wecom_userid", "=", "wmNEW")])
        no_nick = self.env["res.partner"].search([("mobile", "=", "13700000000")])
        self.assertEqual(result, [
            {"partner_id": self.red.id, "joined": True, "nickname": "parsed"},
            {"partner_id": new.id, "joined": True, "nickname": "unparsed"},
            {"partner_id": no_nick.id, "joined": True, "nickname": False},
        ])
        self.assertEqual(
            self.env["hyc.pd.group"].with_user(self.integration).hyc_pd_record_nicknames({str(new.id): "上海-干皮"}),
            {str(new.id): True})
        self.assertEqual(new.hyc_pd_skin_id.name, "干性")
        # a contact in none of the caller's groups is refused
        with self.assertRaises(UserError):
            self.env["hyc.pd.group"].with_user(self.integration).hyc_pd_record_nicknames({str(self.blue.id): "x-油皮"})

    def test_simplified_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hyc_private_domain"], ["zh_CN"], overwrite=True)
        zh = self.env(context={"lang": "zh_CN"})
        self.assertEqual(zh.ref("hyc_private_domain.action_hyc_pd_schedule").name, "群SOP")
        self.assertEqual(zh.ref("hyc_private_domain.partner_category_region").name, "地区")
        self.assertEqual(zh.ref("hyc_private_domain.partner_category_skin").name, "肤质")
        self.assertEqual(dict(zh["hyc.pd.group"]._fields["provider"]._description_selection(zh))["wecom_robot"],
                         "企业微信群机器人")
        no_mail = zh["hyc.pd.group"].create({"name": "无邮箱群", "provider": "email", "email_to": False})
        with self.assertRaises(HycDeliveryError) as error:
            no_mail._hyc_pd_send("hi")
        self.assertEqual(str(error.exception), "该社群没有设置电子邮件地址。")
