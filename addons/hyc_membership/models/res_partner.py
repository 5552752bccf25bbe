from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    hyc_birthday = fields.Date(string="Birthday", help="Member's birthday: birthday-month points multiplier.")
