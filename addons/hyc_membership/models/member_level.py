from odoo import fields, models


class MemberLevel(models.Model):
    """普通/银卡/金卡/钻石: reached on the program's level basis (rolling 12-month
    spend or growth value); grants a points multiplier and, optionally, a pricelist
    (会员价)."""

    _name = "hyc.member.level"
    _inherit = ["hyc.registry.cache.mixin"]  # read through loyalty.program._hyc_has_levels
    _description = "Member Level"
    _order = "program_id, threshold"

    program_id = fields.Many2one("loyalty.program", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    threshold = fields.Float(
        required=True, default=0.0,
        help="The level is reached from this value of the program's level basis: the rolling 12-month "
             "spend (CNY) or the growth value.")
    multiplier = fields.Float(string="Points Multiplier", required=True, default=1.0)
    pricelist_id = fields.Many2one("product.pricelist", string="Member Pricelist")

    _sql_constraints = [
        ("hyc_level_threshold_unique", "unique(program_id, threshold)", "Two levels of a program cannot share a threshold."),
        ("hyc_level_values", "check(threshold >= 0 and multiplier >= 0)", "Thresholds and multipliers cannot be negative."),
    ]

