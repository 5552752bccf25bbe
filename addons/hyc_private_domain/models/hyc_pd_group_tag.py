from odoo import fields, models


class HycPdGroupTag(models.Model):
    _name = "hyc.pd.group.tag"
    _description = "Community Group Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_unique", "unique(name)", "A group tag with this name already exists.")]
