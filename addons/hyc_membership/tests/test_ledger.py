from datetime import date

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestMemberLedger(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, cls.wallet_program = create_member_programs(cls.env)
        cls.partner = cls.env["res.partner"].create({"name": "Li Lei", "mobile": "+86 138 0013 8000"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.points_program.id)

    def _ledger_sum(self, card):
        return sum(card.hyc_ledger_ids.mapped("amount"))

    def _lots_sum(self, card):
        return sum(card.hyc_ledger_ids.mapped("remaining"))

    def test_member_card_keys(self):
        self.assertTrue(self.card.hyc_member_number.startswith("M"))
        self.assertEqual(self.card.hyc_mobile, "13800138000")
        self.assertEqual(self.env["loyalty.card"].hyc_get_or_create(self.partner.id, self.points_program.id), self.card)

    def test_one_member_card_per_customer_and_program(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            self.env["loyalty.card"].create({"program_id": self.points_program.id, "partner_id": self.partner.id})

    def test_mobile_and_member_number_unique_per_program(self):
        other = self.env["res.partner"].create({"name": "Han Meimei", "mobile": "13800138000"})
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            self.env["loyalty.card"].create({"program_id": self.points_program.id, "partner_id": other.id})
        third = self.env["res.partner"].create({"name": "Wang Fang"})
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            self.env["loyalty.card"].create({"program_id": self.points_program.id, "partner_id": third.id,
                                             "hyc_member_number": self.card.hyc_member_number})
        # the same mobile is fine on another program (the stored-value card)
        wallet = self.env["loyalty.card"].hyc_get_or_create(self.partner.id, self.wallet_program.id)
        self.assertEqual(wallet.hyc_mobile, "13800138000")

    def test_plain_coupons_keep_many_cards(self):
        coupons = self.env["loyalty.program"].create({"name": "Coupons", "program_type": "coupons"})
        cards = self.env["loyalty.card"].create([{"program_id": coupons.id, "partner_id": self.partner.id}] * 2)
        self.assertEqual(len(cards), 2)
        self.assertEqual(cards.mapped("hyc_member_number"), [False, False])

    def test_member_card_starts_empty(self):
        third = self.env["res.partner"].create({"name": "Wang Fang"})
        with self.assertRaises(ValidationError):
            self.env["loyalty.card"].create({"program_id": self.points_program.id, "partner_id": third.id, "points": 50})

    def test_every_line_names_its_source(self):
        with self.assertRaises(ValidationError):
            self.card.hyc_earn(10)
        line = self.card.hyc_earn(10, source=self.partner)
        self.assertEqual((line.source_model, line.source_id, line.source_ref), ("res.partner", self.partner.id, "Li Lei"))

    def test_balance_is_the_sum_of_the_ledger_after_a_long_mixed_sequence(self):
        card = self.card
        expected = 0.0
        steps = [("earn", 120), ("earn", 35.5), ("redeem", 50), ("adjust", -5.5), ("earn", 300), ("redeem", 399),
                 ("adjust", 20), ("earn", 1), ("redeem", 21), ("earn", 999.99), ("redeem", 0.99)]
        for index, (op, amount) in enumerate(steps):
            if op == "earn":
                card.hyc_earn(amount, source_ref=f"POS/{index}")
                expected += amount
            elif op == "redeem":
                card.hyc_redeem(amount, source_ref=f"SO/{index}")
                expected -= amount
            else:
                card.hyc_adjust(amount, reason="counted again")
                expected += amount
            self.assertAlmostEqual(card.points, round(expected, 2), places=2, msg=f"after step {index}")
            self.assertAlmostEqual(card.points, self._ledger_sum(card), places=2)
            self.assertAlmostEqual(card.points, self._lots_sum(card), places=2)
        # 120 + 35.5 - 50 - 5.5 + 300 - 399 + 20 + 1 - 21 + 999.99 - 0.99 = 1000
        self.assertAlmostEqual(card.points, 1000.0, places=2)
        self.assertEqual(len(card.hyc_ledger_ids), len(steps))
        with self.assertRaises(UserError):
            card.hyc_redeem(1000.01, source_ref="SO/too-much")
        card.hyc_redeem(1000, source_ref="SO/all")
        self.assertEqual(card.points, 0)
        self.assertEqual(sum(card.hyc_ledger_ids.mapped("remaining")), 0)

    def test_redeem_refuses_to_go_negative(self):
        self.card.hyc_earn(10, source_ref="POS/1")
        with self.assertRaises(UserError):
            self.card.hyc_redeem(10.01, source_ref="SO/1")
        self.assertEqual(self.card.points, 10)
        self.assertEqual(len(self.card.hyc_ledger_ids), 1)

    def test_errors_speak_simplified_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hyc_membership"], ["zh_CN"], overwrite=True)
        card = self.card.with_context(lang="zh_CN")
        with self.assertRaisesRegex(UserError, "余额不足"):
            card.hyc_redeem(1, source_ref="SO/zh")

    def test_idempotency_key_applies_once(self):
        first = self.card.hyc_earn(25, source_ref="MP/1", key="mp-order-1")
        again = self.card.hyc_earn(25, source_ref="MP/1", key="mp-order-1")
        self.assertEqual(first, again)
        self.assertEqual(self.card.points, 25)
        self.card.hyc_redeem(5, source_ref="MP/2", key="mp-redeem-2")
        self.card.hyc_redeem(5, source_ref="MP/2", key="mp-redeem-2")
        self.assertEqual(self.card.points, 20)
        other = self.env["loyalty.card"].hyc_get_or_create(
            self.env["res.partner"].create({"name": "Wang Fang"}).id, self.points_program.id)
        with self.assertRaises(UserError):
            other.hyc_earn(25, source_ref="MP/1", key="mp-order-1")
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            self.env["hyc.member.ledger"].create({"card_id": self.card.id, "kind": "earn", "amount": 1, "remaining": 1,
                                                  "source_ref": "dup", "idempotency_key": "mp-order-1"})

    def test_fifo_expiry_scenario(self):
        """Earn 100 (2024-05-10) and 200 (2025-02-01), redeem 150 (2025-06-01): the
        2024 lot is used up first. Earn 300 (2025-08-01). The nightly job on
        2026-01-01 expires nothing (the 2024 lot was spent); redeem 200 on 2026-03-01
        takes the 2025-02 lot's 150 and 50 of the 2025-08 lot; on 2027-01-01 the
        remaining 250 expire."""
        card = self.card
        first = card.hyc_earn(100, source_ref="POS/1", on_date=date(2024, 5, 10))
        second = card.hyc_earn(200, source_ref="POS/2", on_date=date(2025, 2, 1))
        self.assertEqual(first.expiry_date, date(2025, 12, 31))
        self.assertEqual(second.expiry_date, date(2026, 12, 31))
        card.hyc_redeem(150, source_ref="SO/1", on_date=date(2025, 6, 1))
        self.assertEqual((first.remaining, second.remaining), (0, 150))
        third = card.hyc_earn(300, source_ref="POS/3", on_date=date(2025, 8, 1))
        card._hyc_expire(date(2026, 1, 1))
        self.assertEqual(card.points, 450)
        card.hyc_redeem(200, source_ref="SO/2", on_date=date(2026, 3, 1))
        self.assertEqual((second.remaining, third.remaining), (0, 250))
        card._hyc_expire(date(2027, 1, 1))
        self.assertEqual(card.points, 0)
        expiry = card.hyc_ledger_ids.filtered(lambda line: line.kind == "expire")
        self.assertEqual(expiry.amount, -250)
        self.assertEqual(third.remaining, 0)
        card._hyc_expire(date(2027, 1, 1))  # the nightly job run twice changes nothing
        self.assertEqual(len(card.hyc_ledger_ids.filtered(lambda line: line.kind == "expire")), 1)

    def test_expired_points_cannot_be_redeemed(self):
        self.card.hyc_earn(100, source_ref="POS/1", on_date=date(2024, 5, 10))
        with self.assertRaises(UserError):
            self.card.hyc_redeem(1, source_ref="SO/1", on_date=date(2026, 1, 1))

    def test_cron_expires_and_reminds(self):
        self.card.hyc_earn(100, source_ref="POS/old", on_date=date(2020, 1, 1))
        soon = self.card.hyc_earn(40, source_ref="POS/new")
        soon.expiry_date = fields.Date.add(fields.Date.context_today(self.card), days=30)  # expires in 30 days
        self.env["loyalty.card"]._cron_hyc_expire_points()
        self.assertEqual(self.card.points, 40)
        self.assertEqual(self.card.hyc_ledger_ids.filtered(lambda line: line.kind == "expire").amount, -100)
        reminders = self.card.message_ids.filtered(lambda message: "40.0 points expire" in (message.body or ""))
        self.assertEqual(len(reminders), 1)

    def test_cashier_applies_but_cannot_adjust(self):
        cashier = new_test_user(self.env, login="hyc_cashier_l", groups="base.group_user,hyc_membership.group_member_cashier")
        card = self.card.with_user(cashier)
        card.hyc_earn(30, source_ref="POS/9")
        card.hyc_redeem(10, source_ref="POS/10")
        with self.assertRaises(AccessError):
            card.hyc_adjust(100, reason="friend")
        with self.assertRaises(AccessError):
            card.write({"points": 1000})
        self.assertEqual(self.card.points, 20)
        plain = new_test_user(self.env, login="hyc_plain_l", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.card.with_user(plain).hyc_earn(5, source_ref="POS/11")

    def test_manager_adjusts_with_a_reason(self):
        manager = new_test_user(self.env, login="hyc_manager_l", groups="base.group_user,hyc_membership.group_member_manager")
        card = self.card.with_user(manager)
        with self.assertRaises(UserError):
            card.hyc_adjust(100, reason=" ")
        line = card.hyc_adjust(100, reason="Lost receipt, approved by store manager")
        self.assertEqual((line.kind, line.reason, line.user_id), ("adjust", "Lost receipt, approved by store manager", manager))
        self.assertEqual(self.card.points, 100)

    def test_direct_writes_of_odoo_go_through_the_ledger(self):
        """Odoo's loyalty flows (POS, sales, update-balance wizard) write points."""
        self.card.hyc_earn(50, source_ref="POS/1")
        self.card.sudo().write({"points": 80})
        self.card.sudo().write({"points": 60})
        self.assertEqual(self.card.points, 60)
        self.assertEqual(self._ledger_sum(self.card), 60)
        self.assertEqual(self.card.hyc_ledger_ids.filtered(lambda line: line.kind == "sync").mapped("amount"), [-20, 30])
        with self.assertRaises(UserError):
            self.card.sudo().write({"points": -1})
