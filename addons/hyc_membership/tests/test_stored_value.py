from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestStoredValue(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, cls.wallet_program = create_member_programs(cls.env)
        cls.partner = cls.env["res.partner"].create({"name": "Zhang Wei", "mobile": "13912345678"})
        cls.wallet = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.wallet_program.id)

    def _parts(self):
        self.wallet.invalidate_recordset()
        return (self.wallet.points, self.wallet.hyc_paid_balance, self.wallet.hyc_bonus_balance)

    def test_topup_bonus_tiers(self):
        self.wallet.hyc_topup(299, source_ref="TOPUP/1")
        self.assertEqual(self._parts(), (299, 299, 0))
        lines = self.wallet.hyc_topup(300, source_ref="TOPUP/2")
        self.assertEqual(sorted(zip(lines.mapped("bucket"), lines.mapped("amount"), strict=True)), [("bonus", 30), ("paid", 300)])
        self.wallet.hyc_topup(520, source_ref="TOPUP/3")
        self.assertEqual(self._parts(), (299 + 330 + 580, 1119, 90))

    def test_tier_valid_dates(self):
        self.wallet_program.hyc_topup_tier_ids = [(0, 0, {"min_paid": 1000, "bonus": 150,
                                                          "date_from": date(2026, 12, 1), "date_to": date(2026, 12, 31)})]
        self.wallet.hyc_topup(1000, source_ref="TOPUP/1", on_date=date(2026, 11, 30))
        self.wallet.hyc_topup(1000, source_ref="TOPUP/2", on_date=date(2026, 12, 31))
        self.wallet.hyc_topup(1000, source_ref="TOPUP/3", on_date=date(2027, 1, 1))
        bonuses = self.wallet.hyc_ledger_ids.filtered(lambda line: line.bucket == "bonus").sorted("id").mapped("amount")
        self.assertEqual(bonuses, [60, 150, 60])

    def test_spending_takes_paid_and_bonus_in_proportion(self):
        """Pay 300 get 30; spend 110 → 100 paid + 10 bonus; spend 10 → 9.09 + 0.91."""
        self.wallet.hyc_topup(300, source_ref="TOPUP/1")
        lines = self.wallet.hyc_spend(110, source_ref="POS/1")
        self.assertEqual(sorted(zip(lines.mapped("bucket"), lines.mapped("amount"), strict=True)), [("bonus", -10), ("paid", -100)])
        self.assertEqual(self._parts(), (220, 200, 20))
        self.wallet.hyc_spend(10, source_ref="POS/2")
        self.assertAlmostEqual(self.wallet.hyc_paid_balance, 190.91, places=2)
        self.assertAlmostEqual(self.wallet.hyc_bonus_balance, 19.09, places=2)
        with self.assertRaises(UserError):
            self.wallet.hyc_spend(210.01, source_ref="POS/3")
        self.wallet.hyc_spend(210, source_ref="POS/4")
        self.assertEqual(self._parts(), (0, 0, 0))
        self.assertEqual(sum(self.wallet.hyc_ledger_ids.mapped("amount")), 0)

    def test_refund_of_the_unspent_paid_part_only(self):
        """Pay 300 get 30, spend 110: 200 paid + 20 bonus left. Refunding 50 returns
        50 and forfeits 5 bonus; refunding 151 is refused (150 paid left); refunding
        the rest returns 150 and forfeits 15: balance 0, nothing of the bonus paid out."""
        self.wallet.hyc_topup(300, source_ref="TOPUP/1")
        self.wallet.hyc_spend(110, source_ref="POS/1")
        lines = self.wallet.hyc_refund_stored_value(50, source_ref="REFUND/1", reason="moving away")
        self.assertEqual(sorted(zip(lines.mapped("kind"), lines.mapped("amount"), strict=True)), [("forfeit", -5), ("refund", -50)])
        self.assertEqual(self._parts(), (165, 150, 15))
        with self.assertRaises(UserError):
            self.wallet.hyc_refund_stored_value(151, source_ref="REFUND/2")
        self.wallet.hyc_refund_stored_value(source_ref="REFUND/3")
        self.assertEqual(self._parts(), (0, 0, 0))
        refunded = -sum(self.wallet.hyc_ledger_ids.filtered(lambda line: line.kind == "refund").mapped("amount"))
        self.assertEqual(refunded, 200)

    def test_cashier_cannot_refund(self):
        self.wallet.hyc_topup(300, source_ref="TOPUP/1")
        cashier = new_test_user(self.env, login="hyc_cashier_sv", groups="base.group_user,hyc_membership.group_member_cashier")
        self.wallet.with_user(cashier).hyc_spend(30, source_ref="POS/1")
        with self.assertRaises(AccessError):
            self.wallet.with_user(cashier).hyc_refund_stored_value(source_ref="REFUND/1")

    def test_points_card_is_not_a_wallet(self):
        card = self.env["loyalty.card"].hyc_get_or_create(self.partner.id, self.points_program.id)
        with self.assertRaises(UserError):
            card.hyc_topup(300, source_ref="TOPUP/1")

    def test_repeated_topup_key_applies_once(self):
        self.wallet.hyc_topup(500, source_ref="MP/TOPUP/1", key="mp-topup-1")
        self.wallet.hyc_topup(500, source_ref="MP/TOPUP/1", key="mp-topup-1")
        self.assertEqual(self._parts(), (560, 500, 60))
