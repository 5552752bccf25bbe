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
        return True

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
            key_part = self.env["loyalty.card"]._hyc_order_key(order)
            for redeemed in Ledger.search([("idempotency_key", "=like", f"redeem:{key_part}:%")]):
                redeemed.card_id._hyc_apply([("points", -redeemed.amount, "reverse")], source=order,
                                            key=f"unredeem:{key_part}:{redeemed.card_id.id}")
        return res
