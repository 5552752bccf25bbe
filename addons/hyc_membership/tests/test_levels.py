from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestMemberLevels(TransactionCase):
    """普通 from 0, 银卡 from 50 (x1.5 points), 金卡 from 500 (x2) of rolling 12-month spend."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, _wallet = create_member_programs(cls.env)
        cls.points_program.hyc_member_weekday = False
        cls.pricelist = cls.env["product.pricelist"].create({"name": "会员价 Gold"})
        cls.points_program.hyc_level_ids = [
            Command.create({"name": "普通", "threshold": 0, "multiplier": 1}),
            Command.create({"name": "银卡", "threshold": 50, "multiplier": 1.5}),
            Command.create({"name": "金卡", "threshold": 500, "multiplier": 2, "pricelist_id": cls.pricelist.id}),
        ]
        cls.normal, cls.silver, cls.gold = cls.points_program.hyc_level_ids.sorted("threshold")
        cls.partner = cls.env["res.partner"].create({"name": "Sun Li", "mobile": "13622223333"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.points_program.id)
        cls.product = cls.env["product.product"].create({"name": "Pu'er cake", "list_price": 85.5, "taxes_id": [Command.clear()]})

    def _spend(self, amount, day):
        line = self.card.hyc_earn(1, source_ref=f"POS/{day}", on_date=day)
        line.spend_amount = amount
        self.card.hyc_evaluate_level(day)

    def _state(self):
        return (self.card.hyc_level_id, self.card.hyc_level_review_date)

    def test_upgrade_at_once_downgrade_only_at_review(self):
        self._spend(600, date(2025, 1, 10))
        self.assertEqual(self._state(), (self.gold, date(2026, 1, 10)))
        self.assertEqual(self.partner.property_product_pricelist, self.pricelist)
        self._spend(100, date(2025, 6, 1))                    # 700: still gold, review unchanged
        self.assertEqual(self._state(), (self.gold, date(2026, 1, 10)))
        self.card.hyc_evaluate_level(date(2026, 1, 9))        # 600 still counts the day before
        self.assertEqual(self._state(), (self.gold, date(2026, 1, 10)))
        self.card.hyc_evaluate_level(date(2026, 1, 10))       # review: 100 left → silver
        self.assertEqual(self._state(), (self.silver, date(2027, 1, 10)))
        self.card.hyc_evaluate_level(date(2026, 6, 2))        # 0 left, but no review before 2027-01-10
        self.assertEqual(self._state(), (self.silver, date(2027, 1, 10)))
        self.card.hyc_evaluate_level(date(2027, 1, 10))
        self.assertEqual(self._state(), (self.normal, date(2028, 1, 10)))
        self.assertTrue(self.card.message_ids.filtered(lambda message: "银卡" in (message.body or "")))

    def test_purchase_upgrades_and_level_multiplies_points(self):
        order = self.env["sale.order"].create({"partner_id": self.partner.id, "order_line": [
            Command.create({"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 85.5, "tax_id": [Command.clear()]})]})
        order.action_confirm()
        self.assertEqual(self.card.points, 85)                # earned as 普通, then upgraded
        self.assertEqual(self.card.hyc_level_id, self.silver)
        second = order.copy()
        second.action_confirm()
        self.assertEqual(self.card.points, 85 + 128)          # 85.5 x1.5 = 128.25
        self.assertEqual(self.card._hyc_rolling_spend(second.date_order.date()), 171)
        second._action_cancel()
        self.assertEqual(self.card._hyc_rolling_spend(second.date_order.date()), 85.5)
