"""The member is told of a level change (MEM-2): the upgrade or downgrade mail template
sent to the card's customer through Odoo's mail queue, noted on the card; without an
email address nothing is sent and the card says so; no change, no notice."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestLevelNotice(TransactionCase):
    """普通 from 0, 银卡 from 50, 金卡 from 500 of rolling 12-month spend."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, _wallet = create_member_programs(cls.env, " (notice)")
        cls.points_program.hyc_level_ids = [
            Command.create({"name": "普通", "threshold": 0}),
            Command.create({"name": "银卡", "threshold": 50}),
            Command.create({"name": "金卡", "threshold": 500}),
        ]
        cls.normal, cls.silver, cls.gold = cls.points_program.hyc_level_ids.sorted("threshold")
        cls.partner = cls.env["res.partner"].create({"name": "Sun Li", "mobile": "13622223333",
                                                     "email": "sunli@example.com"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.points_program.id)

    def _spend(self, card, amount, day):
        line = card.hyc_earn(1, source_ref=f"POS/{day}", on_date=day)
        line.spend_amount = amount
        card.hyc_evaluate_level(day)

    def _mails(self, card):
        return self.env["mail.mail"].search([("model", "=", "loyalty.card"), ("res_id", "=", card.id)], order="id")

    def _notes(self, card, text):
        return card.message_ids.filtered(lambda message: text in (message.body or ""))

    def test_upgrade_and_downgrade_notices_go_to_the_member(self):
        self._spend(self.card, 600, date(2025, 1, 10))
        self.assertEqual(self.card.hyc_level_id, self.gold)
        mail = self._mails(self.card)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.partner)
        self.assertEqual(mail.subject, "Congratulations, you are now a 金卡 member")
        self.assertIn("金卡", mail.body_html)
        self.assertIn("upgraded", mail.body_html)
        self.assertTrue(self._notes(self.card, "Level notice (金卡) sent to sunli@example.com."))
        # at the review date only 100 of the year's spend is left: down to 银卡, told so
        self._spend(self.card, 100, date(2025, 6, 1))
        self.card.hyc_evaluate_level(date(2026, 1, 10))
        self.assertEqual(self.card.hyc_level_id, self.silver)
        down = self._mails(self.card) - mail
        self.assertEqual(len(down), 1)
        self.assertEqual((down.recipient_ids, down.subject), (self.partner, "Your member level is now 银卡"))
        self.assertIn("At the level review", down.body_html)
        self.assertIn("银卡", down.body_html)

    def test_a_chinese_member_is_told_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hyc_membership"], ["zh_CN"], overwrite=True)
        self.partner.lang = "zh_CN"
        self._spend(self.card, 600, date(2025, 1, 10))
        mail = self._mails(self.card)
        self.assertEqual(mail.subject, "恭喜您升级为金卡会员")
        self.assertIn("恭喜您升级为", mail.body_html)
        self.assertIn("下次等级复核日期", mail.body_html)

    def test_nightly_review_without_a_change_sends_nothing(self):
        self._spend(self.card, 600, date(2025, 1, 10))
        before = self._mails(self.card)
        with freeze_time("2025-06-01 02:00:00"):
            self.env["loyalty.card"]._cron_hyc_evaluate_levels()
        self.assertEqual((self.card.hyc_level_id, self.card.hyc_level_review_date), (self.gold, date(2026, 1, 10)))
        self.assertEqual(self._mails(self.card), before)
        self.assertEqual(len(before), 1)

    def test_a_member_without_email_gets_a_note_on_the_card_and_no_mail(self):
        partner = self.env["res.partner"].create({"name": "Wu Fang", "mobile": "13622224444"})
        card = self.env["loyalty.card"].hyc_get_or_create(partner.id, self.points_program.id)
        self._spend(card, 60, date(2025, 3, 1))
        self.assertEqual(card.hyc_level_id, self.silver)
        self.assertFalse(self._mails(card))
        self.assertTrue(self._notes(card, "Level notice to Wu Fang not sent: no email address."))

    def test_the_notice_goes_through_one_method(self):
        told = []
        card_model = type(self.env["loyalty.card"])

        def notify(card, old_level, new_level):
            told.append((card, old_level, new_level))
        self.patch(card_model, "_hyc_notify_level_change", notify)
        self.card.hyc_evaluate_level(date(2025, 1, 1))          # a new member starts at 普通, untold
        self.assertEqual(self.card.hyc_level_id, self.normal)
        self._spend(self.card, 60, date(2025, 3, 1))
        self._spend(self.card, 500, date(2025, 4, 1))
        self.assertEqual(told, [(self.card, self.normal, self.silver), (self.card, self.silver, self.gold)])
        self.assertFalse(self._mails(self.card))
