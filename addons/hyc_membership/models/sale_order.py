from collections import defaultdict

from odoo import models


class SaleOrder(models.Model):
    """Confirming a sale earns the customer's member points (once per order, whatever
    the number of confirmations); cancelling it takes them back. Points spent on
    sale_loyalty rewards claimed with a member card (points as a discount, partial
    redemption allowed) are redeemed through the member ledger at confirmation, under
    the card's row lock, and given back on cancellation; sale_loyalty's own point
    changes of member cards are left out (the ledger books them)."""

    _inherit = "sale.order"

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
            key_part = self.env["loyalty.card"]._hyc_order_key(order)
            for redeemed in Ledger.search([("idempotency_key", "=like", f"redeem:{key_part}:%")]):
                redeemed.card_id._hyc_apply([("points", -redeemed.amount, "reverse")], source=order,
                                            key=f"unredeem:{key_part}:{redeemed.card_id.id}")
        return res
