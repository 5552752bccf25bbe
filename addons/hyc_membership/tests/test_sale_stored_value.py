"""Stored value as a payment of a sales order (MEM-6): debited through the ledger
(paid and bonus parts in proportion), once per click, refused when short, given back
when the order is cancelled."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import create_member_programs


@tagged("post_install", "-at_install")
class TestSaleStoredValue(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.points_program, cls.wallet_program = create_member_programs(cls.env, " (sale wallet)")
        cls.partner = cls.env["res.partner"].create({"name": "Zheng Hui", "mobile": "13800138111"})
        cls.wallet = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.wallet_program.id)
        cls.wallet.hyc_topup(300, source_ref="TOPUP/1")  # 300 paid + 30 bonus
        cls.cake = cls.env["product.product"].create({"name": "Mooncake box 月饼礼盒", "list_price": 55,
                                                      "taxes_id": [Command.clear()]})
        # a pricelist without rules: other addons' demo pricelists (会员价) may be the
        # default of a new customer in a shared database
        cls.pricelist = cls.env["product.pricelist"].create({"name": "List price (sale wallet)"})

    def _order(self, quantity):
        order = self.env["sale.order"].create({
            "partner_id": self.partner.id, "pricelist_id": self.pricelist.id, "order_line": [
                Command.create({"product_id": self.cake.id, "product_uom_qty": quantity, "tax_id": [Command.clear()]})]})
        order.action_confirm()
        self.assertEqual(order.amount_total, 55 * quantity)
        return order

    def _parts(self):
        self.wallet.invalidate_recordset()
        return (self.wallet.points, self.wallet.hyc_paid_balance, self.wallet.hyc_bonus_balance)

    def test_pay_once_and_give_back_on_cancel(self):
        order = self._order(2)  # 110.00
        order.action_hyc_pay_stored_value()
        # 110 of 300 paid + 30 bonus: 100 paid, 10 bonus
        self.assertEqual(self._parts(), (220, 200, 20))
        self.assertEqual(order.hyc_stored_value_paid, 110)
        spent = self.wallet.hyc_ledger_ids.filtered(lambda line: line.kind == "spend")
        self.assertEqual(sorted((line.bucket, line.amount) for line in spent), [("bonus", -10), ("paid", -100)])
        self.assertEqual(spent.mapped("source_id"), [order.id, order.id])
        # nothing is due any more: a second click is refused and changes nothing
        with self.assertRaisesRegex(UserError, "between 0 and the 0.0 still due"):
            order.action_hyc_pay_stored_value()
        self.assertEqual(self._parts(), (220, 200, 20))
        order._action_cancel()
        self.assertEqual(self._parts(), (330, 300, 30))
        self.assertEqual(order.hyc_stored_value_paid, 0)
        order._action_cancel()  # cancelling again gives nothing more
        self.assertEqual(self._parts(), (330, 300, 30))

    def test_paid_again_after_cancel_and_reconfirm(self):
        order = self._order(2)
        order.action_hyc_pay_stored_value()
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(order.hyc_stored_value_paid, 0)
        order.action_hyc_pay_stored_value(55)
        self.assertEqual(self._parts(), (275, 250, 25))
        self.assertEqual(order.hyc_stored_value_paid, 55)
        order._action_cancel()
        self.assertEqual(self._parts(), (330, 300, 30))
        self.assertEqual(order.hyc_stored_value_paid, 0)

    def test_partial_payment_then_the_rest(self):
        order = self._order(2)
        order.action_hyc_pay_stored_value(33)
        self.assertEqual(self._parts(), (297, 270, 27))
        self.assertEqual(order.hyc_stored_value_paid, 33)
        order.action_hyc_pay_stored_value()  # the 77 still due
        self.assertEqual(self._parts(), (220, 200, 20))
        self.assertEqual(order.hyc_stored_value_paid, 110)

    def test_short_balance_is_refused_and_writes_nothing(self):
        order = self._order(7)  # 385.00 > 330
        lines_before = len(self.wallet.hyc_ledger_ids)
        with self.assertRaisesRegex(UserError, "Insufficient stored value"):
            order.action_hyc_pay_stored_value()
        self.assertEqual(self._parts(), (330, 300, 30))
        self.assertEqual(len(self.wallet.hyc_ledger_ids), lines_before)
        self.assertEqual(order.hyc_stored_value_paid, 0)

    def test_only_a_confirmed_order_of_a_member_pays(self):
        draft = self.env["sale.order"].create({"partner_id": self.partner.id, "order_line": [
            Command.create({"product_id": self.cake.id, "product_uom_qty": 1, "tax_id": [Command.clear()]})]})
        with self.assertRaisesRegex(UserError, "Only a confirmed sales order"):
            draft.action_hyc_pay_stored_value()
        stranger = self.env["sale.order"].create({
            "partner_id": self.env["res.partner"].create({"name": "Walk-in"}).id,
            "order_line": [Command.create({"product_id": self.cake.id, "tax_id": [Command.clear()]})]})
        stranger.action_confirm()
        with self.assertRaisesRegex(UserError, "has no member stored value card"):
            stranger.action_hyc_pay_stored_value()
