from odoo import models


class SaleOrder(models.Model):
    """Confirming a sale earns the customer's member points (once per order, whatever
    the number of confirmations); cancelling it takes them back."""

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

    def action_confirm(self):
        res = super().action_confirm()
        for order in self:
            for card in order._hyc_member_cards():
                card.hyc_earn_for_order(order)
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        for order in self:
            for card in order._hyc_member_cards():
                card.hyc_reverse_order(order)
        return res
