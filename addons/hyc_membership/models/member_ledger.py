from odoo import api, fields, models

from ..lib import levels

KINDS = [
    ("earn", "Earned"), ("redeem", "Redeemed"), ("expire", "Expired"), ("adjust", "Adjustment"),
    ("topup", "Top-up"), ("bonus", "Top-up Bonus"), ("spend", "Spent"), ("refund", "Refund"),
    ("forfeit", "Bonus Forfeited"), ("import", "Imported"), ("sync", "Loyalty Sync"), ("reverse", "Reversed"),
    ("growth", "Growth Awarded"),
]


class MemberLedger(models.Model):
    """One line per change of a member card's balance. The card's points are always
    the sum of its lines. Positive lines are lots: they carry the earning date, the
    expiry date and what is left of them, and spending consumes the oldest first."""

    _name = "hyc.member.ledger"
    _description = "Member Ledger Line"
    _order = "date desc, id desc"
    _rec_name = "source_ref"

    card_id = fields.Many2one("loyalty.card", string="Member Card", required=True, ondelete="restrict", index=True)
    # precomputed: a line is written with one INSERT (no UPDATE after it at each sync)
    partner_id = fields.Many2one(related="card_id.partner_id", store=True, precompute=True, string="Customer")
    program_id = fields.Many2one(related="card_id.program_id", store=True, precompute=True)
    company_id = fields.Many2one(related="card_id.company_id", store=True, precompute=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    kind = fields.Selection(KINDS, string="Type", required=True)
    bucket = fields.Selection(
        [("points", "Points"), ("paid", "Paid Value"), ("bonus", "Bonus Value")],
        string="Balance Part", required=True, default="points")
    amount = fields.Float(required=True, digits=(16, 2))
    earned_date = fields.Date(string="Earned On")
    expiry_date = fields.Date(string="Expires On")
    spend_amount = fields.Float(string="Spend Counted", digits=(16, 2),
                                help="What the source order counts towards the member level (CNY, negative when reversed).")
    growth = fields.Float(
        string="Growth Value", digits=(16, 2), compute="_compute_growth", store=True, readonly=False, precompute=True,
        help="Change of the member's growth value (成长值): a purchase's counted spend times the program's "
             "growth per CNY (negative for a refund), or growth the program awarded or a manager adjusted.")
    remaining = fields.Float(digits=(16, 2), default=0.0)
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False)
    source_model = fields.Char()
    source_id = fields.Many2oneReference(string="Source Record", model_field="source_model")
    source_ref = fields.Char(string="Source Document", required=True)
    idempotency_key = fields.Char(index=True, copy=False)
    reason = fields.Text()
    user_id = fields.Many2one("res.users", string="By", default=lambda self: self.env.user, required=True)

    _sql_constraints = [
        ("hyc_ledger_idempotency_unique", "unique(idempotency_key, bucket)",
         "This operation (idempotency key) was already applied."),
        ("hyc_ledger_remaining_range",
         "check(remaining >= 0 and (amount > 0 or remaining = 0) and remaining <= greatest(amount, 0))",
         "What is left of a lot lies between zero and the lot."),
    ]

    @api.depends("spend_amount")
    def _compute_growth(self):
        # The growth of a purchase line is fixed when its spend is counted: the program's
        # rate is read, not depended on, so changing the rate does not rewrite history.
        for line in self:
            rate = line.card_id.program_id.hyc_growth_per_cny
            line.growth = float(levels.growth_for(line.spend_amount, rate)) if line.spend_amount else 0.0

    @api.model
    def _hyc_source_vals(self, source, source_ref=None):
        """source: a record (its model and id are kept), or None with a text reference."""
        if source:
            source.ensure_one()
            return {"source_model": source._name, "source_id": source.id,
                    "source_ref": source_ref or source.display_name or f"{source._name},{source.id}"}
        return {"source_ref": source_ref}
