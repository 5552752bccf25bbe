import uuid

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class MemberGiftWizard(models.TransientModel):
    """Gift catalogue (MEM-5): a member takes a gift (a product reward of the member
    program, Odoo's loyalty.reward with its required points) for points. The points
    are redeemed through the ledger under the card's row lock with the wizard's
    idempotency key (a second click applies once), and a confirmed sales order with
    the gift at no charge is what the warehouse hands out: for goods, sale_stock gives
    the order its delivery to the member's delivery address (a service gift has none)."""

    _name = "hyc.member.gift.wizard"
    _description = "Redeem a Member Gift"

    card_id = fields.Many2one("loyalty.card", string="Member Card", required=True,
                              domain=[("hyc_member_number", "!=", False), ("program_type", "=", "loyalty")])
    program_id = fields.Many2one(related="card_id.program_id", string="Member Program")
    balance = fields.Float(related="card_id.points", string="Points Balance")
    reward_id = fields.Many2one("loyalty.reward", string="Gift", required=True,
                                domain="[('program_id', '=', program_id), ('reward_type', '=', 'product')]")
    quantity = fields.Integer(default=1, required=True)
    points_needed = fields.Float(compute="_compute_points_needed")
    idempotency_key = fields.Char(default=lambda self: f"gift:{uuid.uuid4()}", readonly=True, copy=False)

    @api.depends("reward_id", "quantity")
    def _compute_points_needed(self):
        for wizard in self:
            wizard.points_needed = wizard.reward_id.required_points * wizard.quantity

    def action_redeem(self):
        self.ensure_one()
        card, reward = self.card_id, self.reward_id
        if not card.hyc_member_number or reward.program_id != card.program_id or reward.reward_type != "product":
            raise UserError(self.env._("Choose a gift of the member's own program."))
        if self.quantity <= 0:
            raise UserError(self.env._("The quantity of gifts must be positive."))
        Ledger = self.env["hyc.member.ledger"].sudo()
        done = Ledger.search([("idempotency_key", "=", self.idempotency_key)], limit=1)
        if done:  # the same redemption sent again: what it did the first time
            return self.env[done.source_model].browse(done.source_id)._get_records_action()
        points = self.points_needed
        if float_compare(card.points, points, precision_rounding=card._hyc_rounding()) < 0:
            raise UserError(self.env._("%(member)s has %(balance)s points; %(gift)s needs %(points)s.",
                                       member=card.partner_id.name, balance=card.points,
                                       gift=reward.description, points=points))
        product = reward.reward_product_id
        order = self.env["sale.order"].sudo().create({
            "partner_id": card.partner_id.id,
            "user_id": self.env.uid,
            "origin": card.hyc_member_number,
            "order_line": [Command.create({
                "product_id": product.id, "product_uom_qty": reward.reward_product_qty * self.quantity,
                "price_unit": 0.0, "tax_id": [Command.clear()],
                "name": self.env._("Member gift: %(gift)s (%(points)s points)", gift=product.display_name, points=points),
            })],
        })
        # the ledger locks the card and refuses a balance going below zero (the whole
        # redemption, order included, is then rolled back)
        card.hyc_redeem(points, source=order, key=self.idempotency_key)
        order.action_confirm()
        return order._get_records_action()
