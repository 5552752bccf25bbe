"""Stored value paid and refunded at the POS, with stored value accounting (MEM-6):
the entries of the card movements and of the session closing meet on the customer's
receivable and are reconciled; exact figures."""

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import create_member_programs, create_till, set_up_stored_value_accounts, ui_order


@tagged("post_install", "-at_install")
class TestPosStoredValueAccounting(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["loyalty.program"].search([]).write({"active": False})  # the demo programs stay out
        cls.points_program, cls.wallet_program = create_member_programs(cls.env, " (POS accounting)")
        cls.points_program.hyc_member_weekday = False
        accounts = set_up_stored_value_accounts(cls.env, cls.wallet_program, "97", "储值（门店）", "HYCSP")
        cls.cash, cls.liability, cls.bonus, cls.journal = (accounts[k] for k in ("cash", "liability", "bonus", "journal"))
        cls.config, cls.session, cls.cash_method, cls.stored = create_till(cls.env, cls.wallet_program, " SV")
        cls.tea = cls.env["product.product"].create({
            "name": "Longjing 50g 龙井", "lst_price": 30, "available_in_pos": True, "type": "consu",
            "taxes_id": [Command.clear()]})
        cls.li = cls.env["res.partner"].create({"name": "Li Na", "mobile": "13500135011"})
        cls.receivable = cls.li.property_account_receivable_id
        cls.wallet = cls.env["loyalty.card"].hyc_get_or_create(cls.li.id, cls.wallet_program.id)
        cls.wallet.hyc_topup(300, source_ref="TOPUP/POS")  # 300 paid + 30 bonus
        cls.cashier = new_test_user(cls.env, login="hyc_pos_sv_cashier",
                                    groups="base.group_user,point_of_sale.group_pos_user,hyc_membership.group_member_cashier")

    def _sync(self, order):
        result = self.env["pos.order"].with_user(self.cashier).sync_from_ui([order])
        return self.env["pos.order"].browse([vals["id"] for vals in result["pos.order"]])

    def _wallet_lines(self, order):
        return self.env["hyc.member.ledger"].search([("card_id", "=", self.wallet.id), ("source_model", "=", "pos.order"),
                                                     ("source_id", "=", order.id)])

    def _entry(self, move):
        self.assertEqual(len(move), 1)
        self.assertEqual(move.state, "posted")
        return sorted((line.account_id.code, line.debit, line.credit) for line in move.line_ids)

    def _li_receivables(self, move):
        return move.line_ids.filtered(lambda line: line.account_id == self.receivable and line.partner_id == self.li)

    def _balance(self, account, partner=None):
        domain = [("account_id", "=", account.id), ("parent_state", "=", "posted")]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return round(sum(self.env["account.move.line"].search(domain).mapped("balance")), 2)

    def _close(self, session):
        session.action_pos_session_closing_control()
        self.assertEqual(session.state, "closed")
        return session.move_id

    def test_sale_and_refund_onto_stored_value_entries(self):
        # sale: 4 teas = 120.00 paid with stored value: 109.09 paid + 10.91 bonus (300:30)
        sale = self._sync(ui_order(self.session, [(self.tea, 4)], [(self.stored, 120)], self.li))
        spend = self._wallet_lines(sale)
        self.assertEqual(sorted((line.kind, line.bucket, line.amount) for line in spend),
                         [("spend", "bonus", -10.91), ("spend", "paid", -109.09)])
        self.assertEqual(self._entry(spend.move_id), sorted([
            (self.liability.code, 109.09, 0), (self.bonus.code, 10.91, 0), (self.receivable.code, 0, 120)]))
        closing = self._close(self.session)
        # the closing entry charges Li Na 120 for the stored value payment: cleared by the card's entry
        charged = self._li_receivables(closing)
        self.assertEqual([(line.debit, line.credit) for line in charged], [(120, 0)])
        self.assertTrue(charged.reconciled)
        self.assertTrue(self._li_receivables(spend.move_id).reconciled)
        self.assertEqual(self._balance(self.receivable, self.li), 0)

        # refund of 2 teas (60.00) paid back onto the card, in the next session:
        # 60 of the 109.09 paid + 10.91 bonus spent goes back in proportion: 54.55 paid + 5.45 bonus
        self.config.open_ui()
        session2 = self.config.current_session_id
        session2.set_opening_control(0, None)
        refund = self._sync(ui_order(session2, [(self.tea, -2)], [(self.stored, -60)], self.li,
                                     refunded_lines=sale.lines))
        back = self._wallet_lines(refund)
        self.assertEqual(sorted((line.kind, line.bucket, line.amount) for line in back),
                         [("reverse", "bonus", 5.45), ("reverse", "paid", 54.55)])
        # the liability goes back up by the paid part, the bonus discount is undone for the bonus part
        self.assertEqual(self._entry(back.move_id), sorted([
            (self.receivable.code, 60, 0), (self.liability.code, 0, 54.55), (self.bonus.code, 0, 5.45)]))
        closing2 = self._close(session2)
        credited = self._li_receivables(closing2)
        self.assertEqual([(line.debit, line.credit) for line in credited], [(0, 60)])
        self.assertTrue(credited.reconciled)
        self.assertTrue(self._li_receivables(back.move_id).reconciled)

        # card: 330 - 120 + 60 = 270, paid 300 - 109.09 + 54.55, bonus 30 - 10.91 + 5.45
        self.wallet.invalidate_recordset()
        self.assertEqual(tuple(round(value, 2) for value in (
            self.wallet.points, self.wallet.hyc_paid_balance, self.wallet.hyc_bonus_balance)), (270, 245.46, 24.54))
        # books: liability = the paid part on the card, bonus discount = the bonus kept spent, Li Na owes nothing
        self.assertEqual(self._balance(self.liability), -245.46)
        self.assertEqual(self._balance(self.bonus), 5.46)
        self.assertEqual(self._balance(self.receivable, self.li), 0)

    def test_invoiced_order_paid_with_stored_value_is_settled(self):
        """Odoo leaves an invoice's "Customer Account" payments open; the stored value
        entry settles them: 2 teas = 60.00, 40.00 stored value (36.36 paid + 3.64 bonus)
        and 20.00 cash, invoiced."""
        data = ui_order(self.session, [(self.tea, 2)], [(self.stored, 40), (self.cash_method, 20)], self.li)
        data["to_invoice"] = True
        order = self._sync(data)
        invoice = order.account_move
        self.assertEqual((order.state, invoice.amount_total), ("invoiced", 60))
        spend = self._wallet_lines(order)
        self.assertEqual(sorted((line.bucket, line.amount) for line in spend), [("bonus", -3.64), ("paid", -36.36)])
        self.assertEqual(self._entry(spend.move_id), sorted([
            (self.liability.code, 36.36, 0), (self.bonus.code, 3.64, 0), (self.receivable.code, 0, 40)]))
        self.assertTrue(self._li_receivables(spend.move_id).reconciled)
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (0, "paid"))
        self._close(self.session)
        self.assertEqual(self._balance(self.receivable, self.li), 0)
        self.assertEqual(self._balance(self.liability), -263.64)
