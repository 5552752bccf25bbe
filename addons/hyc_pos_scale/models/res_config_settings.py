from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pos_hyc_scale_bridge = fields.Boolean(related="pos_config_id.hyc_scale_bridge", readonly=False)
    pos_hyc_scale_bridge_url = fields.Char(related="pos_config_id.hyc_scale_bridge_url", readonly=False)
