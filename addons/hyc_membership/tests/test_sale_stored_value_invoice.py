"""Stored value paying a sales order is a payment of its invoice (MEM-6): the spend
entry debits the liability (paid part) and the bonus discount (bonus part) and
credits the customer's receivable, reconciled with the invoice. Untaxed order
(the figures are the order's), card 300 paid + 30 bonus."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_member_programs, set_up_stored_value_accounts


@tagged("post_install", "-at_install")
class TestSaleStoredValueInvoice(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _points, cls.wallet_program = create_member_programs(cls.env, " (sale invoice)")
        accounts = set_up_stored_value_accounts(cls.env, cls.wallet_program, "98", "储值（销售）", "HYCSS")
        cls.cash, cls.liability, cls.bonus, cls.journal = (accounts[k] for k in ("cash", "liability", "bonus", "journal"))
        cls.partner = cls.env["res.partner"].create({"name": "Zhou Min 周敏", "mobile": "13800138222"})
        cls.receivable = cls.partner.property_account_receivable_id
        cls.wallet = cls.env["loyalty.card"].hyc_get_or_create(cls.partner.id, cls.wallet_program.id)
        cls.wallet.hyc_topup(300, source_ref="TOPUP/SO")  # 300 paid + 30 bonus
        cls.cake = cls.env["product.product"].create({"name": "Mooncake box 月饼礼盒", "list_price": 55,
                                                      "invoice_policy": "order", "taxes_id": [Command.clear()]})
        cls.pricelist = cls.env["product.pricelist"].create({"name": "List price (sale invoice)"})

    def _order(self):
        order = self.env["sale.order"].create({
            "partner_id": self.partner.id, "pricelist_id": self.pricelist.id, "order_line": [
                Command.create({"product_id": self.cake.id, "product_uom_qty": 4, "tax_id": [Command.clear()]})]})
        order.action_confirm()
        self.assertEqual((order.amount_untaxed, order.amount_tax, order.amount_total), (220, 0, 220))
        return order

    def _invoice(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.amount_total, 220)
        return invoice

    def _entry(self, move):
        self.assertEqual(move.state, "posted")
        return sorted((line.account_id.code, line.debit, line.credit) for line in move.line_ids)

    def _spend_entries(self, order):
        return order._hyc_stored_value_lines().filtered(lambda line: line.kind == "spend").move_id

    def _balance(self, account):
        lines = self.env["account.move.line"].search([("account_id", "=", account.id), ("parent_state", "=", "posted"),
                                                      ("partner_id", "=", self.partner.id)])
        return sum(lines.mapped("balance"))

    def test_stored_value_settles_the_invoice_made_afterwards(self):
        order = self._order()
        order.action_hyc_pay_stored_value(110)
        # 110 of 300 paid + 30 bonus: 100 paid, 10 bonus
        spent = order._hyc_stored_value_lines()
        self.assertEqual(sorted((line.bucket, line.amount) for line in spent), [("bonus", -10), ("paid", -100)])
        entry = self._spend_entries(order)
        self.assertEqual(len(entry), 1)
        self.assertEqual(self._entry(entry), sorted([(self.liability.code, 100, 0), (self.bonus.code, 10, 0),
                                                     (self.receivable.code, 0, 110)]))
        self.assertEqual(entry.line_ids.filtered(lambda line: line.account_id == self.receivable).partner_id,
                         self.partner)
        invoice = self._invoice(order)
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (110, "partial"))
        self.assertTrue(entry.line_ids.filtered(lambda line: line.account_id == self.receivable).reconciled)
        # settling again (re-run, another post) settles nothing more
        order._hyc_settle_invoices()
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 110)
        # the rest, paid with stored value once the invoice exists: settled at payment time
        order.action_hyc_pay_stored_value()
        self.assertEqual(order.hyc_stored_value_paid, 220)
        invoice.invalidate_recordset()
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (0, "paid"))
        self.wallet.invalidate_recordset()
        self.assertEqual((self.wallet.points, self.wallet.hyc_paid_balance, self.wallet.hyc_bonus_balance), (110, 100, 10))
        # the customer owes nothing; the liability holds the unspent paid part, the bonus spent is a discount
        self.assertEqual(self._balance(self.receivable), 0)
        self.assertEqual(self._balance(self.liability), -100)
        self.assertEqual(self._balance(self.bonus), 20)

    def test_stored_value_paid_after_the_invoice_settles_it_at_once(self):
        order = self._order()
        invoice = self._invoice(order)
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (220, "not_paid"))
        # the member cashier at the counter holds no accounting rights: the entry and the settlement are made all the same
        cashier = new_test_user(self.env, login="hyc_sale_sv_cashier",
                                groups="sales_team.group_sale_salesman_all_leads,hyc_membership.group_member_cashier")
        order.with_user(cashier).action_hyc_pay_stored_value(110)
        invoice.invalidate_recordset()
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (110, "partial"))
        settlement = self._spend_entries(order).line_ids.filtered(lambda line: line.account_id == self.receivable)
        self.assertEqual(settlement.amount_residual, 0)
        # reset to draft (Odoo takes the payments off) and posted again: settled once more, once
        invoice.button_draft()
        self.assertEqual(settlement.amount_residual, -110)
        invoice.action_post()
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (110, "partial"))
        self.assertEqual(settlement.amount_residual, 0)

    def test_cancel_of_an_order_whose_stored_value_settles_an_invoice_is_refused(self):
        order = self._order()
        order.action_hyc_pay_stored_value(110)
        invoice = self._invoice(order)
        with self.assertRaisesRegex(UserError, "settles invoice"):
            order._action_cancel()
        self.wallet.invalidate_recordset()
        self.assertEqual(self.wallet.points, 220)
        # the accountant takes the stored value payment off the invoice, then the order is cancelled
        settlement = self._spend_entries(order).line_ids.filtered(lambda line: line.account_id == self.receivable)
        settlement.remove_move_reconcile()
        invoice.invalidate_recordset()
        self.assertEqual(invoice.amount_residual, 220)
        order._action_cancel()
        self.wallet.invalidate_recordset()
        self.assertEqual((self.wallet.points, self.wallet.hyc_paid_balance, self.wallet.hyc_bonus_balance), (330, 300, 30))
        back = order._hyc_stored_value_lines().filtered(lambda line: line.kind == "reverse").move_id
        self.assertEqual(self._entry(back), sorted([(self.receivable.code, 110, 0), (self.liability.code, 0, 100),
                                                    (self.bonus.code, 0, 10)]))
        # what paid and what went back clear each other on the customer's receivable
        self.assertTrue(all((settlement | back.line_ids.filtered(
            lambda line: line.account_id == self.receivable)).mapped("reconciled")))
        self.assertEqual(self._balance(self.liability), -300)
        self.assertEqual(self._balance(self.bonus), 0)

    def test_cancel_before_invoicing_gives_back_and_clears_the_entries(self):
        order = self._order()
        order.action_hyc_pay_stored_value(55)  # 50 paid + 5 bonus
        order._action_cancel()
        lines = order._hyc_stored_value_lines()
        self.assertEqual(sorted((line.kind, line.bucket, line.amount) for line in lines),
                         [("reverse", "bonus", 5), ("reverse", "paid", 50), ("spend", "bonus", -5), ("spend", "paid", -50)])
        receivables = lines.move_id.line_ids.filtered(lambda line: line.account_id == self.receivable)
        self.assertEqual(sorted((line.debit, line.credit) for line in receivables), [(0, 55), (55, 0)])
        self.assertTrue(all(receivables.mapped("reconciled")))
        self.assertEqual(self._balance(self.receivable), 0)
