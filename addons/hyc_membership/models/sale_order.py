from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class SaleOrder(models.Model):
    """Confirming a sale earns the customer's member points (once per order, whatever
    the number of confirmations); cancelling it takes them back. Points spent on
    sale_loyalty rewards claimed with a member card (points as a discount, partial
    redemption allowed) are redeemed through the member ledger at confirmation, under
    the card's row lock, and given back on cancellation; sale_loyalty's own point
    changes of member cards are left out (the ledger books them)."""

    _inherit = "sale.order"

    hyc_stored_value_paid = fields.Monetary(
        string="Paid with Stored Value", compute="_compute_hyc_stored_value_paid",
        help="What the customer's member stored value card paid for this order (its ledger lines).")

    def _hyc_stored_value_lines(self):
        """The ledger lines of stored value paid for the order and given back."""
        self.ensure_one()
        Ledger = self.env["hyc.member.ledger"].sudo()
        if not self.id:
            return Ledger
        return Ledger.search([("source_model", "=", "sale.order"), ("source_id", "=", self.id),
                              ("idempotency_key", "=like", "sale-spend%")])

    @api.depends("state")
    def _compute_hyc_stored_value_paid(self):
        for order in self:
            order.hyc_stored_value_paid = -sum(order._hyc_stored_value_lines().mapped("amount"))

    def _hyc_stored_value_card(self):
        self.ensure_one()
        return self.env["loyalty.card"].sudo().search([
            ("partner_id", "=", self.partner_id.commercial_partner_id.id),
            ("hyc_member_number", "!=", False),
            ("program_id.hyc_member_program", "=", True),
            ("program_id.program_type", "=", "ewallet"),
            ("program_id.company_id", "in", [False, self.company_id.id]),
        ], limit=1, order="id")

    def action_hyc_pay_stored_value(self, amount=None):
        """Pay the confirmed order (what is still due, or `amount`) from the customer's
        member stored value card: debited through the ledger under the card's row lock,
        paid and bonus parts in proportion; refused if the balance does not cover it.
        The key names the order and its stored value lines so far, so a double click
        pays once (and a payment after a cancellation is a new one)."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._("Only a confirmed sales order can be paid with stored value."))
        card = self._hyc_stored_value_card()
        if not card:
            raise UserError(self.env._("%s has no member stored value card.", self.partner_id.display_name))
        rounding = self.currency_id.rounding
        paid_before = self.hyc_stored_value_paid
        due = self.currency_id.round(self.amount_total - paid_before)
        amount = due if amount is None else self.currency_id.round(amount)
        if float_compare(amount, 0, precision_rounding=rounding) <= 0 or float_compare(amount, due, precision_rounding=rounding) > 0:
            raise UserError(self.env._("Stored value can pay between 0 and the %(due)s still due on %(order)s.",
                                       due=due, order=self.name))
        key = f"sale-spend:{self.id}:{len(self._hyc_stored_value_lines())}"
        card.with_user(self.env.user).hyc_spend(amount, source=self, key=key)
        self.invalidate_recordset(["hyc_stored_value_paid"])
        self._hyc_settle_invoices()
        return True

    def _hyc_stored_value_receivables(self):
        """The receivable lines of the order's stored value entries (with stored value
        accounting): credits for what it paid, debits for what went back."""
        self.ensure_one()
        moves = self._hyc_stored_value_lines().move_id
        return moves.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    def _hyc_settle_invoices(self):
        """Stored value is a payment: what it paid for the order and is not settled yet
        is reconciled with the receivable of the order's posted invoices (oldest
        first). Only open residuals are matched, so running it again, or for a second
        invoice, never settles the same money twice."""
        for order in self.sudo():
            stored = order._hyc_stored_value_receivables().filtered(
                lambda line: not line.reconciled and line.amount_residual < 0)
            invoices = order.invoice_ids.filtered(lambda move: move.state == "posted" and move.move_type == "out_invoice")
            for account in stored.account_id:
                due = invoices.line_ids.filtered(lambda line, account=account: (
                    line.account_id == account and not line.reconciled and line.amount_residual > 0))
                if due:
                    (stored.filtered(lambda line, account=account: line.account_id == account) | due).reconcile()

    def _hyc_check_stored_value_cancel(self):
        """An invoice settled with stored value is the accountant's: the order is not
        cancelled behind it (that would leave the invoice paid with money that went
        back onto the card). First take the stored value off the invoice (or credit
        the invoice), then cancelling returns it to the card."""
        for order in self.sudo():
            settled = order._hyc_stored_value_receivables().matched_debit_ids.debit_move_id.move_id.filtered(
                lambda move: move.is_invoice(include_receipts=True))
            if settled:
                raise UserError(self.env._(
                    "The stored value paid for %(order)s settles invoice %(invoices)s: remove that stored value "
                    "payment from the invoice (or issue a credit note) first, then cancel the order to return the "
                    "stored value to the member card.",
                    order=order.name, invoices=", ".join(settled.mapped("name"))))

    def _hyc_member_cards(self):
        self.ensure_one()
        return self.env["loyalty.card"].sudo().search([
            ("partner_id", "=", self.partner_id.commercial_partner_id.id),
            ("hyc_member_number", "!=", False),
            ("program_id.hyc_member_program", "=", True),
            ("program_id.program_type", "=", "loyalty"),
            ("program_id.company_id", "in", [False, self.company_id.id]),
        ])

    def _hyc_reward_costs(self):
        """Points the order's reward lines take from member cards, per card."""
        self.ensure_one()
        costs = defaultdict(float)
        for line in self.order_line.filtered(lambda line: line.reward_id and line.coupon_id.hyc_member_number):
            costs[line.coupon_id] += line.points_cost
        return costs

    def _get_point_changes(self):
        changes = super()._get_point_changes()
        return defaultdict(int, {coupon: change for coupon, change in changes.items() if not coupon.hyc_member_number})

    def action_confirm(self):
        res = super().action_confirm()
        for order in self:
            # the reward lines sale_loyalty kept (it drops those no longer valid)
            for card, points in order._hyc_reward_costs().items():
                if points > 0:
                    card.sudo().hyc_redeem(points, source=order, key=f"redeem:{card._hyc_order_key(order)}:{card.id}")
            for card in order._hyc_member_cards():
                card.hyc_earn_for_order(order)
        return res

    def _action_cancel(self):
        self._hyc_check_stored_value_cancel()
        res = super()._action_cancel()
        Ledger = self.env["hyc.member.ledger"].sudo()
        for order in self:
            for card in order._hyc_member_cards():
                card.hyc_reverse_order(order)
            # stored value paid for the order goes back onto the card, paid and bonus as taken
            stored = order._hyc_stored_value_lines()
            for card in stored.card_id:
                lines = stored.filtered(lambda line, card=card: line.card_id == card)
                moves = []
                for bucket in ("paid", "bonus"):
                    due = -sum(lines.filtered(lambda line, bucket=bucket: line.bucket == bucket).mapped("amount"))
                    if not float_is_zero(due, precision_rounding=card._hyc_rounding()) and due > 0:
                        moves.append((bucket, due, "reverse"))
                if moves:
                    card._hyc_apply(moves, source=order, key=f"sale-spend-back:{order.id}:{card.id}:{len(lines)}")
            # the entry giving it back clears the one that paid (with stored value accounting)
            open_lines = order._hyc_stored_value_receivables().filtered(lambda line: not line.reconciled)
            for account in open_lines.account_id:
                same = open_lines.filtered(lambda line, account=account: line.account_id == account)
                if same.filtered(lambda line: line.amount_residual > 0) and same.filtered(lambda line: line.amount_residual < 0):
                    same.reconcile()
            key_part = self.env["loyalty.card"]._hyc_order_key(order)
            for redeemed in Ledger.search([("idempotency_key", "=like", f"redeem:{key_part}:%")]):
                redeemed.card_id._hyc_apply([("points", -redeemed.amount, "reverse")], source=order,
                                            key=f"unredeem:{key_part}:{redeemed.card_id.id}")
        return res


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft)
        # an invoice of an order already (partly) paid with stored value is settled by it
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice")
        if invoices:
            # the poster may be an accountant without access to sales orders or the ledger
            invoices.sudo().line_ids.sale_line_ids.order_id._hyc_settle_invoices()
        return posted
