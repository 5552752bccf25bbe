import uuid

from odoo import fields, models


class MemberGrowthWizard(models.TransientModel):
    """A member manager corrects a member's growth value (成长值): the change goes to
    the member ledger with its reason (loyalty.card.hyc_adjust_growth), under the
    card's row lock and the wizard's idempotency key (a second click applies once)."""

    _name = "hyc.member.growth.wizard"
    _description = "Adjust a Member's Growth Value"

    card_id = fields.Many2one("loyalty.card", string="Member Card", required=True,
                              domain=[("hyc_member_number", "!=", False), ("program_type", "=", "loyalty")])
    growth_value = fields.Float(related="card_id.hyc_growth_value", string="Current Growth Value")
    growth = fields.Float(string="Growth Change", digits=(16, 2), required=True,
                          help="Positive adds growth value, negative takes it away (never below zero).")
    reason = fields.Text(required=True)
    idempotency_key = fields.Char(default=lambda self: f"growth-adjust:{uuid.uuid4()}", readonly=True, copy=False)

    def action_adjust(self):
        self.ensure_one()
        self.card_id.hyc_adjust_growth(self.growth, self.reason, key=self.idempotency_key)
        return {"type": "ir.actions.act_window_close"}
