import math

from markupsafe import Markup

from odoo import models
from odoo.exceptions import AccessError
from odoo.tools import float_repr, float_round


class PosSession(models.Model):
    _inherit = "pos.session"

    def hyc_log_manual_weight(self, product_id, weight):
        """Called by the weighing screen when a cashier typed the weight: log who, what, how much."""
        self.ensure_one()
        if not self.env.user.has_group("hyc_pos_scale.group_manual_weight"):
            raise AccessError(self.env._("You are not allowed to type a weight; use the scale."))
        product = self.env["product.product"].browse(int(product_id)).exists()
        if not product:
            raise AccessError(self.env._("Unknown product."))
        uom = product.uom_id
        digits = max(0, -math.floor(math.log10(uom.rounding)))  # 0.001 -> 3 decimals
        body = self.env._(
            "Manual weight entered by %(user)s: %(weight)s %(uom)s of %(product)s",
            user=self.env.user.name, weight=float_repr(float_round(float(weight), precision_rounding=uom.rounding), digits), uom=uom.name,
            product=product.display_name)
        self.sudo().message_post(body=Markup("<p>%s</p>") % body, message_type="comment",
                                 subtype_xmlid="mail.mt_note", author_id=self.env.user.partner_id.id)
        return True
