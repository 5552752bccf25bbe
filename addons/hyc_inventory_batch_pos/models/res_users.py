from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.override_policy import is_valid_pin


class ResUsers(models.Model):
    _inherit = "res.users"

    hyc_pos_override_pin = fields.Char(
        "POS Override PIN", copy=False, groups="base.group_erp_manager",
        help="4 to 8 digits a point of sale manager types at the till to authorise the sale of an expired lot.")

    _sql_constraints = [
        ("hyc_pos_override_pin_unique", "UNIQUE(hyc_pos_override_pin)", "Another user already has this POS override PIN."),
    ]

    @api.constrains("hyc_pos_override_pin")
    def _check_hyc_pos_override_pin(self):
        for user in self:
            if user.hyc_pos_override_pin and not is_valid_pin(user.hyc_pos_override_pin):
                raise ValidationError(self.env._("A POS override PIN is 4 to 8 digits."))
