from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestEarningOnOrders(TransactionCase):
    """Points per CNY after discounts, top-ups excluded, tea x2, Friday member day x2,
    birthday month x3 (the higher day multiplier wins), once per order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, cls.wallet_program = create_member_programs(cls.env)
        tea = cls.env["product.category"].create({"name": "Tea"})
        snacks = cls.env["product.category"].create({"name": "Snacks"})
        cls.points_program.hyc_category_rate_ids = [Command.create({"categ_id": tea.id, "multiplier": 2})]
        Product = cls.env["product.product"]
        cls.tea = Product.create({"name": "Longjing 50g", "categ_id": tea.id, "list_price": 30, "taxes_id": [Command.clear()]})
        cls.snack = Product.create({"name": "Melon seeds", "categ_id": snacks.id, "list_price": 25.5, "taxes_id": [Command.clear()]})
        cls.topup = Product.create({"name": "Stored value top-up", "type": "service", "list_price": 300,
                                    "taxes_id": [Command.clear()]})
        cls.wallet_program.rule_ids = [Command.create({"product_ids": [cls.topup.id], "reward_point_mode": "money",
                                                       "reward_point_amount": 1})]
        cls.partner = cls.env["res.partner"].create({"name": "Chen Jing", "mobile": "13511112222"})
        cls.card = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.points_program.id)

    def _order(self, day, with_topup=False):
        lines = [Command.create({"product_id": self.tea.id, "product_uom_qty": 1, "price_unit": 30, "tax_id": [Command.clear()]}),
                 Command.create({"product_id": self.snack.id, "product_uom_qty": 1, "price_unit": 25.5, "tax_id": [Command.clear()]})]
        if with_topup:
            lines.append(Command.create({"product_id": self.topup.id, "product_uom_qty": 1, "price_unit": 300,
                                         "tax_id": [Command.clear()]}))
        return self.env["sale.order"].create({"partner_id": self.partner.id, "order_line": lines,
                                              "date_order": datetime.combine(day, datetime.min.time().replace(hour=10))})

    def _earned(self):
        return self.card.hyc_ledger_ids.filtered(lambda line: line.kind == "earn").mapped("amount")

    def test_points_on_an_ordinary_day_with_category_multiplier(self):
        # tea 30 x2 + snacks 25.5 = 85.5 → 85
        order = self._order(date(2026, 12, 3))
        self.assertEqual(self.card.hyc_points_for_order(order), 85)

    def test_topup_lines_earn_nothing(self):
        self.assertTrue(self.topup)
        self.assertEqual(self.card.hyc_points_for_order(self._order(date(2026, 12, 3), with_topup=True)), 85)

    def test_member_day_doubles(self):
        self.assertEqual(self.card.hyc_points_for_order(self._order(date(2026, 12, 4))), 171)

    def test_birthday_month_triples_and_does_not_stack_with_member_day(self):
        self.partner.hyc_birthday = date(1992, 12, 20)
        self.assertEqual(self.card.hyc_points_for_order(self._order(date(2026, 12, 3))), 256)  # 85.5 x3
        self.assertEqual(self.card.hyc_points_for_order(self._order(date(2026, 12, 4))), 256)
        self.assertEqual(self.card.hyc_points_for_order(self._order(date(2026, 11, 27))), 171)  # a Friday in November

    def test_confirming_earns_once_and_cancelling_takes_back(self):
        self.points_program.hyc_member_weekday = False  # confirming dates the order today, whatever day it is
        order = self._order(date(2026, 12, 3))
        order.action_confirm()
        self.assertEqual(self._earned(), [85])
        earn = self.card.hyc_ledger_ids.filtered(lambda line: line.kind == "earn")
        self.assertEqual((earn.source_model, earn.source_id, earn.expiry_date),
                         ("sale.order", order.id, date(order.date_order.year + 1, 12, 31)))
        self.card.hyc_earn_for_order(order)  # a second award of the same order (re-sync) is ignored
        self.assertEqual(self.card.points, 85)
        order._action_cancel()
        self.assertEqual(self.card.points, 0)
        self.assertEqual(sum(self.card.hyc_ledger_ids.mapped("amount")), 0)
        self.card.hyc_reverse_order(order)
        self.assertEqual(len(self.card.hyc_ledger_ids), 2)
